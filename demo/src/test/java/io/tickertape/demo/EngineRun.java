package io.tickertape.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.TypeFilter;
import io.tickertape.engines.TradingOptions;
import io.tickertape.engines.TradingSystem;
import io.tickertape.testkit.Json;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;

/**
 * The reference engines on a bus, as the demo runs them, with every event they publish read back from the history
 * exactly as the collector wrote it: the source of the documentation's examples and of the check that they
 * still match.
 */
final class EngineRun implements AutoCloseable
{
    private static final int HISTORY = 1 << 16;

    private final TelemetryBus bus;
    private final TradingSystem engines;
    private TelemetryServer server;
    private final HistoryRecord record;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Event> firstOfEachShape = new LinkedHashMap<>();
    private boolean keepAll = true;
    private long last;

    /**
     * One event: the collector's JSON and its parsed form.
     *
     * @param json   the bytes as served, as text.
     * @param parsed the same, parsed.
     */
    record Event(String json, Map<String, Object> parsed)
    {
        String type()
        {
            return (String)parsed.get("type");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> payload()
        {
            return (Map<String, Object>)parsed.get("payload");
        }

        /** Member paths of the whole event; see {@link EngineRun#shape(Map)}. */
        Set<String> shape()
        {
            return EngineRun.shape(parsed);
        }
    }

    private EngineRun(final TradingOptions options, final int history)
    {
        bus = TelemetryBus.launch(new BusContext().historyCapacity(history));
        engines = null == options ? null : new TradingSystem(bus, options).start();
        record = new HistoryRecord(bus.history());
    }

    /**
     * The engines with the demo's options.
     *
     * @param args demo flags, e.g. {@code --rate 20000}.
     * @return the running engines.
     */
    static EngineRun demo(final String... args)
    {
        final DemoConfig config = DemoConfig.parse(args, Map.of());
        return new EngineRun(Main.tradingOptions(config), config.history());
    }

    /**
     * The engines with the demo's options but this much capital: a small account makes the margin check refuse.
     *
     * @param capital rupees.
     * @return the running engines.
     */
    static EngineRun withCapital(final double capital)
    {
        final DemoConfig config = DemoConfig.parse(new String[0], Map.of());
        return new EngineRun(Main.tradingOptions(config).withCapital(capital), config.history());
    }

    /**
     * A bus whose one producer, named {@code execution}, publishes far faster than its ring of four can be
     * collected, so the collector announces the loss with {@code dropped} events.
     *
     * @return the bus, with the announcements collected.
     */
    static EngineRun drops()
    {
        final EngineRun run = new EngineRun(null, HISTORY);
        final Producer producer = run.bus.producer(TradingSystem.EXECUTION, 4);
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (producer.dropped() < 100 && System.nanoTime() < deadline)
        {
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                e.put("order_id", "PAPER-000001");
            }
        }
        return run;
    }

    /**
     * Keep only the first event of each type and shape from now on, so a long or fast run stays small.
     *
     * @return this run.
     */
    EngineRun shapesOnly()
    {
        keepAll = false;
        return this;
    }

    /**
     * Every event collected so far, oldest first (unless {@link #shapesOnly()}).
     *
     * @return the events.
     */
    synchronized List<Event> events()
    {
        long read;
        do
        {
            read = bus.history().after(last, TypeFilter.ALL, 10_000, record, r ->
            {
                final String json = r.json();
                final Event event = new Event(json, Json.object(json));
                firstOfEachShape.putIfAbsent(event.type() + " " + event.shape(), event);
                if (keepAll)
                {
                    events.add(event);
                }
                last = r.seq();
                return true;
            });
        }
        while (read > 0);
        return Collections.unmodifiableList(new ArrayList<>(events));
    }

    /**
     * The first event of each type and shape collected so far.
     *
     * @return the events, keyed by type and shape.
     */
    synchronized Map<String, Event> shapes()
    {
        events();
        return new LinkedHashMap<>(firstOfEachShape);
    }

    /**
     * The first event collected so far of a type that passes a test.
     *
     * @param type the event type.
     * @param test what the event must show.
     * @return the event, or null if none yet.
     */
    Event first(final String type, final Predicate<Event> test)
    {
        for (final Event event : events())
        {
            if (type.equals(event.type()) && test.test(event))
            {
                return event;
            }
        }
        return null;
    }

    /**
     * Member paths of a JSON object: {@code a} for a member, {@code a.b} for a member of an object member,
     * {@code a[]} for an array and {@code a[].b} for members of its object elements.
     *
     * @param object the object.
     * @return its paths, sorted.
     */
    static Set<String> shape(final Map<String, Object> object)
    {
        final Set<String> paths = new TreeSet<>();
        collect("", object, paths);
        return paths;
    }

    @SuppressWarnings("unchecked")
    private static void collect(final String prefix, final Object node, final Set<String> paths)
    {
        if (node instanceof Map)
        {
            for (final Map.Entry<String, Object> member : ((Map<String, Object>)node).entrySet())
            {
                final String path = prefix.isEmpty() ? member.getKey() : prefix + "." + member.getKey();
                paths.add(path);
                collect(path, member.getValue(), paths);
            }
        }
        else if (node instanceof List)
        {
            paths.add(prefix + "[]");
            for (final Object element : (List<Object>)node)
            {
                collect(prefix + "[]", element, paths);
            }
        }
    }

    /**
     * Serve this run's bus over HTTP, on an ephemeral loopback port, until the run is closed.
     *
     * @return the server's base URL.
     */
    String serve() throws InterruptedException
    {
        if (null == server)
        {
            server = TelemetryServer.start(bus, new ServerContext().port(0));
        }
        return server.baseUrl();
    }

    String epoch()
    {
        return bus.epoch();
    }

    /** @return the sequence of the oldest event the history still holds. */
    long oldestHeld()
    {
        return bus.history().tail();
    }

    @Override
    public void close()
    {
        if (null != server)
        {
            server.close();
        }
        if (null != engines)
        {
            engines.close();
        }
        bus.close();
    }
}
