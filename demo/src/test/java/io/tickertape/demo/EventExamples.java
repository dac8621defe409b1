package io.tickertape.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Writes the examples of docs/EVENTS.md, and the example replies of docs/HTTP_API.md, from a real run: the demo's engines with their default options, the
 * same engines with a small account (so that the margin check refuses an order), and a producer flooding a tiny
 * ring (so that the collector announces drops). Each example is the first event of its type that shows what the
 * section describes, as the collector wrote it. Run by hand when events change, from the repository's root:
 * <pre>
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl demo exec:exec@event-examples
 * </pre>
 * {@code EventDocsIT} checks that the examples still have the shape of what the engines publish.
 */
public final class EventExamples
{
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final double SMALL_ACCOUNT = 300_000;

    private EventExamples()
    {
    }

    private record Wanted(String type, EngineRun run, Predicate<EngineRun.Event> test)
    {
    }

    /**
     * Run the engines, pick the examples, rewrite the document.
     *
     * @param args none.
     * @throws Exception if a wanted example does not appear in time or the file cannot be written.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path doc = EventDocs.locate(EventDocs.EVENTS);
        final Path api = EventDocs.locate(EventDocs.HTTP_API);
        try (EngineRun demo = EngineRun.demo();
             EngineRun small = EngineRun.withCapital(SMALL_ACCOUNT);
             EngineRun drops = EngineRun.drops())
        {
            final List<Wanted> wanted = wanted(demo, small, drops);
            final Map<String, List<String>> examples = new LinkedHashMap<>();
            final long deadline = System.nanoTime() + DEADLINE.toNanos();
            for (final Wanted w : wanted)
            {
                EngineRun.Event event;
                while (null == (event = w.run().first(w.type(), w.test())))
                {
                    if (System.nanoTime() > deadline)
                    {
                        throw new IllegalStateException("no " + w.type() + " as wanted within " + DEADLINE);
                    }
                    Thread.sleep(200); // a tool waiting for a live run to produce an event, not a test
                }
                examples.computeIfAbsent(w.type(), t -> new ArrayList<>()).add(event.json());
            }
            Files.writeString(doc, EventDocs.replace(Files.readString(doc), examples));
            System.out.println("wrote " + wanted.size() + " examples of " + examples.size() + " types to " + doc);

            final String markdown = Files.readString(api);
            final Map<String, String[]> replies = new LinkedHashMap<>();
            try (EngineRun lapped = EngineRun.demo("--history", "1000"))
            {
                final long lappedBy = System.nanoTime() + DEADLINE.toNanos();
                while (lapped.oldestHeld() < 1000 || null == lapped.first("order_event", e -> true))
                {
                    if (System.nanoTime() > lappedBy)
                    {
                        throw new IllegalStateException("the history did not lap, holding orders, within " + DEADLINE);
                    }
                    Thread.sleep(200); // until the first thousand events are overwritten and orders are held
                }
                for (final String request : EventDocs.replies(markdown).keySet())
                {
                    replies.put(request, reply(lapped, request));
                }
            }
            Files.writeString(api, EventDocs.replaceReplies(markdown, replies));
            System.out.println("wrote " + replies.size() + " replies to " + api);
        }
    }

    /**
     * A real reply to a request of the HTTP API document, from a run whose history holds only a thousand events.
     * {@code {lapped_id}} in the request stands for the run's first id, long overwritten, so the reply shows a
     * {@code gap}. The reply is the server's text with a line break before each event, for reading.
     */
    private static String[] reply(final EngineRun run, final String template) throws Exception
    {
        final String request = template.replace("{lapped_id}", run.epoch() + "-1");
        final HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(run.serve() + request)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200)
        {
            throw new IllegalStateException(request + ": " + response.statusCode() + " " + response.body());
        }
        final String body = response.body().replace("[{\"seq\"", "[\n  {\"seq\"").replace("},{\"seq\"", "},\n  {\"seq\"")
            .replace("}],\"count\"", "}\n],\"count\"");
        return new String[] {request, body};
    }

    private static List<Wanted> wanted(final EngineRun demo, final EngineRun small, final EngineRun drops)
    {
        final List<Wanted> w = new ArrayList<>();
        w.add(new Wanted("universe_scan", demo, e -> "equity".equals(e.payload().get("scan_type"))));
        w.add(new Wanted("universe_scan", demo, e -> "fno".equals(e.payload().get("scan_type"))));
        w.add(new Wanted("engine_health", demo, e -> "market_data".equals(e.payload().get("engine_name")) && "active".equals(e.payload().get("status"))));
        w.add(new Wanted("engine_health", demo, e -> "strategy_engine".equals(e.payload().get("engine_name")) && number(e, "metrics", "signals") > 0));
        w.add(new Wanted("mde_lookup_failure", demo, e -> "symbol not in universe".equals(e.payload().get("reason"))));
        w.add(new Wanted("mde_lookup_failure", demo, e -> "no market data for instrument".equals(e.payload().get("reason"))));
        w.add(new Wanted("mde_stale_symbols", demo, e -> true));
        w.add(new Wanted("indicator_event", demo, e -> null != member(e, "indicators", "rsi")));
        w.add(new Wanted("decision_trace", demo, e -> !"HOLD".equals(e.payload().get("decision"))));
        w.add(new Wanted("decision_trace", demo, e -> "HOLD".equals(e.payload().get("decision")) && number(e, "trace_data", "confidence") > 0));
        w.add(new Wanted("signal_event", demo, e -> true));
        w.add(new Wanted("order_event", demo, e -> status(e, "new") && "LIMIT".equals(e.payload().get("order_type"))));
        w.add(new Wanted("order_event", demo, e -> status(e, "filled") && "LIMIT".equals(e.payload().get("order_type"))));
        w.add(new Wanted("order_event", demo, e -> status(e, "partially_filled")));
        w.add(new Wanted("order_event", demo, e -> status(e, "rejected") && "Not marketable".equals(e.payload().get("reason"))));
        w.add(new Wanted("order_event", demo, e -> status(e, "filled") && "MARKET".equals(e.payload().get("order_type"))));
        w.add(new Wanted("order_event", small, e -> status(e, "rejected") && "Insufficient margin".equals(e.payload().get("reason"))));
        w.add(new Wanted("position_event", demo, e -> ((Number)e.payload().get("position_size")).longValue() != 0));
        w.add(new Wanted("position_event", demo, e -> ((Number)e.payload().get("position_size")).longValue() == 0));
        w.add(new Wanted("performance_update", demo, e -> true));
        w.add(new Wanted("performance_update", demo, e -> number(e, "metrics", "trades") >= 2));
        w.add(new Wanted("dropped", drops, e -> true));
        return w;
    }

    @SuppressWarnings("unchecked")
    private static Object member(final EngineRun.Event e, final String object, final String name)
    {
        final Object parent = e.payload().get(object);
        return parent instanceof Map ? ((Map<String, Object>)parent).get(name) : null;
    }

    private static double number(final EngineRun.Event e, final String object, final String name)
    {
        final Object value = member(e, object, name);
        return value instanceof Number ? ((Number)value).doubleValue() : 0;
    }

    private static boolean status(final EngineRun.Event e, final String status)
    {
        return status.equals(e.payload().get("status"));
    }
}
