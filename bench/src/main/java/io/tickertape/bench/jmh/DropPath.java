package io.tickertape.bench.jmh;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a publish costs when the ring is full and the event is dropped: the path an order thread takes while the
 * collector is behind. The rings here are always full (nothing consumes them), so every call drops. No pacing: the
 * path is short enough that the mean is the figure; sample mode cannot resolve it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class DropPath
{
    private static final int SMALL_RING = 1024;

    /**
     * A bus whose collector thread never runs, with a producer whose ring has been filled: every claim drops.
     */
    @State(Scope.Benchmark)
    public static class FullBus
    {
        TelemetryBus bus;
        Producer producer;

        /** Launch the bus with a collector that does not start, and fill the ring. */
        @Setup(Level.Trial)
        public void fill()
        {
            // The runner hands its loop to this factory; a thread that ignores it leaves the rings unread.
            bus = TelemetryBus.launch(new BusContext().threadFactory(ignored -> new Thread(() -> { })));
            producer = bus.producer("full", SMALL_RING);
            for (int i = 0; i < SMALL_RING; i++)
            {
                try (EventWriter e = producer.claim(EventType.ORDER))
                {
                    e.put("i", i);
                }
            }
            if (producer.published() != SMALL_RING || producer.depth() != SMALL_RING)
            {
                throw new IllegalStateException("ring not full: published " + producer.published());
            }
        }

        /** Close the bus (the close drains the ring on this thread). */
        @TearDown(Level.Trial)
        public void close()
        {
            bus.close();
        }
    }

    /** A Disruptor ring gated by a sequence that never moves, filled. */
    @State(Scope.Benchmark)
    public static class FullRing
    {
        RingBuffer<DisruptorPublish.OrderEvent> ring;

        /** Make and fill the ring. */
        @Setup(Level.Trial)
        public void fill()
        {
            ring = RingBuffer.createSingleProducer(DisruptorPublish.OrderEvent::new, SMALL_RING, new BusySpinWaitStrategy());
            ring.addGatingSequences(new Sequence(-1));
            for (int i = 0; i < SMALL_RING; i++)
            {
                ring.publish(ring.next());
            }
        }
    }

    /** An {@link ArrayBlockingQueue} with no consumer, filled. */
    @State(Scope.Benchmark)
    public static class FullQueue
    {
        final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(SMALL_RING);
        final Object event = new Object();

        /** Fill the queue. */
        @Setup(Level.Trial)
        public void fill()
        {
            while (queue.offer(event))
            {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Tickertape: {@code claim} on a full ring, six puts into the discarding writer, {@code close}.
     *
     * @param b the bus.
     * @param o the order.
     * @param c accepted and dropped counts.
     * @return whether the event was accepted (never).
     */
    @Benchmark
    public boolean tickertapeClaim(final FullBus b, final OrderFlow o, final PublishCounters c)
    {
        o.next();
        final boolean accepted;
        try (EventWriter e = b.producer.claim(EventType.ORDER))
        {
            e.put("order_id", o.orderId).put("symbol", o.symbol).put("side", o.side)
                .put("status", o.status).put("qty", o.qty).put("price", o.price);
            accepted = e.isAccepted();
        }
        return c.count(accepted);
    }

    /**
     * Tickertape's claim on a full ring alone, closed at once: the same work as the raw Disruptor variants below
     * (the benchmark above adds building the order id and the six puts a caller makes, which do nothing on a
     * dropped event).
     *
     * @param b the bus whose ring is full.
     * @param c accepted and dropped counts.
     * @return whether the event was accepted (never).
     */
    @Benchmark
    public boolean tickertapeClaimOnly(final FullBus b, final PublishCounters c)
    {
        final boolean accepted;
        try (EventWriter e = b.producer.claim(EventType.ORDER))
        {
            accepted = e.isAccepted();
        }
        return c.count(accepted);
    }

    /**
     * Raw Disruptor: {@code tryNext} on a full ring, which throws its pre-allocated exception.
     *
     * @param r the ring.
     * @param c accepted and dropped counts.
     * @return whether a slot was claimed (never).
     */
    @Benchmark
    public boolean disruptorTryNext(final FullRing r, final PublishCounters c)
    {
        try
        {
            r.ring.publish(r.ring.tryNext());
            return c.count(true);
        }
        catch (final InsufficientCapacityException ex)
        {
            return c.count(false);
        }
    }

    /**
     * Raw Disruptor: {@code hasAvailableCapacity(1)} first, as the bus's claim does.
     *
     * @param r the ring.
     * @param c accepted and dropped counts.
     * @return whether there was room (never).
     */
    @Benchmark
    public boolean disruptorCapacityCheck(final FullRing r, final PublishCounters c)
    {
        return c.count(r.ring.hasAvailableCapacity(1));
    }

    /**
     * {@code offer} to a full {@link ArrayBlockingQueue} (takes the queue's lock).
     *
     * @param q the queue.
     * @param c accepted and dropped counts.
     * @return whether the queue took it (never).
     */
    @Benchmark
    public boolean blockingQueueOffer(final FullQueue q, final PublishCounters c)
    {
        return c.count(q.queue.offer(q.event));
    }
}
