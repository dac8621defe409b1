package io.tickertape.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A running bus whose history is full of order events (eight symbols in turn), with one {@code rare_event} (symbol
 * {@code RARESYM}) in every {@value #RARE_EVERY}:
 * {@code historySize} events held, the collector idle.
 */
@State(Scope.Benchmark)
public class FilledHistory
{
    /** Events the history holds (and its capacity): the seed's 5,000 and a large history. */
    @Param({"5000", "1000000"})
    public int historySize;

    /** One event in this many is a {@code rare_event}. */
    static final int RARE_EVERY = 10_000;
    static final EventType RARE = EventType.of("rare_event");
    /** The symbol of the rare events, which no order has. */
    static final String RARE_SYMBOL = "RARESYM";

    TelemetryBus bus;

    /** Launch the bus and publish until the history is full. */
    @Setup(Level.Trial)
    public void fill()
    {
        // An order event's JSON is under 256 bytes: size the arena for that, not the default 512 per event.
        final int arena = Math.max(1 << 16, Integer.highestOneBit(historySize * 256 - 1) << 1);
        bus = TelemetryBus.launch(new BusContext().historyCapacity(historySize).historyArenaBytes(arena));
        final Producer producer = bus.producer("execution", BenchConfig.RING_SIZE);
        final OrderFlow o = new OrderFlow();
        for (int i = 1; i <= historySize; i++)
        {
            // Wait for room rather than retry a dropped claim: a drop would add the collector's dropped event.
            while (producer.depth() >= producer.ringSize() - 1)
            {
                Thread.yield();
            }
            if (i % RARE_EVERY == 0)
            {
                publishRare(producer, i);
                continue;
            }
            o.next();
            while (!Events.order(producer, o.orderId, o.symbol, o.side, o.status, o.qty, o.price))
            {
                Thread.yield();
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (bus.history().head() < historySize)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("history not filled: head " + bus.history().head());
            }
            Thread.yield();
        }
        if (bus.history().size() != historySize || bus.history().head() != historySize)
        {
            throw new IllegalStateException("history holds " + bus.history().size() + " up to " + bus.history().head() +
                ", expected " + historySize);
        }
    }

    private static void publishRare(final Producer producer, final int n)
    {
        while (true)
        {
            try (EventWriter e = producer.claim(RARE))
            {
                if (e.isAccepted())
                {
                    e.put("n", n).put("symbol", RARE_SYMBOL);
                    return;
                }
            }
            Thread.yield();
        }
    }

    /** Stop the bus. */
    @TearDown(Level.Trial)
    public void close()
    {
        bus.close();
    }
}
