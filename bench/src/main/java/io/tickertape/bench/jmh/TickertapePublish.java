package io.tickertape.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Publish cost of one order event through Tickertape, on the producer thread, with the collector running on its
 * own thread (default options: backoff idle strategy, JSON encoded on the collector) and a ring that is not full.
 * Subtract {@link PacingBaseline} for the same {@code tokens}.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class TickertapePublish
{
    /** A running bus with one producer, owned by the single benchmark thread. */
    @State(Scope.Benchmark)
    public static class Pipeline
    {
        /** Payload bytes per slot (the bus's default is 512). */
        @Param({"512"})
        public int slotCapacity;
        TelemetryBus bus;
        Producer producer;

        /**
         * Launch the bus.
         *
         * @param w the ring size.
         */
        @Setup(Level.Trial)
        public void launch(final Workload w)
        {
            bus = TelemetryBus.launch(new BusContext().slotCapacity(slotCapacity));
            producer = bus.producer("execution", w.ringSize);
        }

        /** Stop the bus. */
        @TearDown(Level.Trial)
        public void close()
        {
            bus.close();
        }
    }

    /**
     * {@code producer.claim(EventType.ORDER)} and six puts, committed by try-with-resources.
     *
     * @param p      the bus.
     * @param pacing work between events, ring size.
     * @param o      the order to publish.
     * @param c      accepted and dropped counts.
     * @return whether the event was accepted.
     */
    @Benchmark
    public boolean claim(final Pipeline p, final Workload pacing, final OrderFlow o, final PublishCounters c)
    {
        Blackhole.consumeCPU(pacing.tokens);
        o.next();
        return c.count(claim(p.producer, o));
    }

    /**
     * The order through the claim API: claim, six puts, close.
     *
     * @param producer the producer.
     * @param o        the order.
     * @return whether the event was accepted.
     */
    static boolean claim(final Producer producer, final OrderFlow o)
    {
        try (EventWriter e = producer.claim(EventType.ORDER))
        {
            e.put("order_id", o.orderId).put("symbol", o.symbol).put("side", o.side)
                .put("status", o.status).put("qty", o.qty).put("price", o.price);
            return e.isAccepted();
        }
    }

    /**
     * The typed helper {@code Events.order}: the same six fields.
     *
     * @param p      the bus.
     * @param pacing work between events, ring size.
     * @param o      the order to publish.
     * @param c      accepted and dropped counts.
     * @return whether the event was accepted.
     */
    @Benchmark
    public boolean eventsOrder(final Pipeline p, final Workload pacing, final OrderFlow o, final PublishCounters c)
    {
        Blackhole.consumeCPU(pacing.tokens);
        o.next();
        return c.count(Events.order(p.producer, o.orderId, o.symbol, o.side, o.status, o.qty, o.price));
    }

    /**
     * Where a publish's cost goes, part one: claim and commit an event with no members.
     *
     * @param p      the bus.
     * @param pacing work between events, ring size.
     * @param o      the order (advanced, not written).
     * @param c      accepted and dropped counts.
     * @return whether the event was accepted.
     */
    @Benchmark
    public boolean emptyEvent(final Pipeline p, final Workload pacing, final OrderFlow o, final PublishCounters c)
    {
        Blackhole.consumeCPU(pacing.tokens);
        o.next();
        final boolean accepted;
        try (EventWriter e = p.producer.claim(EventType.ORDER))
        {
            accepted = e.isAccepted();
        }
        return c.count(accepted);
    }

    /**
     * Where a publish's cost goes, part two: the same six members as {@link #claim}, all numbers, so no text is
     * copied; the difference from {@link #claim} is the cost of copying the four strings.
     *
     * @param p      the bus.
     * @param pacing work between events, ring size.
     * @param o      the order to publish.
     * @param c      accepted and dropped counts.
     * @return whether the event was accepted.
     */
    @Benchmark
    public boolean numbersOnly(final Pipeline p, final Workload pacing, final OrderFlow o, final PublishCounters c)
    {
        Blackhole.consumeCPU(pacing.tokens);
        o.next();
        final boolean accepted;
        try (EventWriter e = p.producer.claim(EventType.ORDER))
        {
            e.put("order_id", o.qty).put("symbol", o.qty).put("side", o.qty)
                .put("status", o.qty).put("qty", o.qty).put("price", o.price);
            accepted = e.isAccepted();
        }
        return c.count(accepted);
    }
}
