package io.tickertape.bench.jmh;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Publish cost without pacing: each iteration is one burst of {@value #BURST} order events published back to back
 * into a ring of {@value #RING} slots, which the burst cannot fill, and the consumer drains the ring before the next
 * burst starts. The score is the burst's time divided by its events. Unlike the paced benchmarks there is no pacing
 * to subtract, so no difference of two noisy figures; unlike a steady flood, the ring never fills. The consumers run
 * on their own threads during the burst, as they do in use. The raw Disruptor rows are the floors: references to the
 * strings, and the strings' text copied into the entry, as {@link DisruptorPublish} does.
 * <p>
 * A burst is one call of the benchmark method, so the loop is compiled on stack replacement after many bursts: with
 * 40 warm-up bursts the copying floor measured 670 ns and allocated (an {@code Instant} not yet scalar-replaced),
 * with 200 it measured 101 ns and 0 B/op. Hence the long warm-up.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 200)
@Measurement(iterations = 40)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class PublishBurst
{
    /** Events in one burst. */
    static final int BURST = 16_384;
    /** Slots of each ring: four bursts, so a burst never waits for the consumer. */
    static final int RING = 65_536;

    /** A running bus with one producer. */
    @State(Scope.Benchmark)
    public static class Bus
    {
        /** Payload bytes per slot (the bus's default is 512): the ring's memory and the largest event; records are packed. */
        @Param({"512"})
        public int slotCapacity;
        /** Slots of the ring: with a smaller capacity, more slots make a ring of the same bytes. */
        @Param({"65536"})
        public int ringSize;
        TelemetryBus bus;
        Producer producer;

        /** Launch the bus. */
        @Setup(Level.Trial)
        public void launch()
        {
            bus = TelemetryBus.launch(new BusContext().slotCapacity(slotCapacity));
            producer = bus.producer("execution", ringSize);
        }

        /** Wait until the collector has taken everything, so the next burst starts on a drained ring. */
        @Setup(Level.Iteration)
        public void drain()
        {
            awaitDrained(() -> producer.depth() == 0);
            if (producer.dropped() != 0)
            {
                throw new IllegalStateException("a burst filled the ring: " + producer.dropped() + " dropped");
            }
        }

        /** Stop the bus. */
        @TearDown(Level.Trial)
        public void close()
        {
            bus.close();
        }
    }

    /** A raw Disruptor ring and its consumer, as in {@link DisruptorPublish}. */
    @State(Scope.Benchmark)
    public static class Ring
    {
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        RingBuffer<DisruptorPublish.OrderEvent> ring;
        EventPoller<DisruptorPublish.OrderEvent> poller;
        AgentRunner runner;

        /** Make the ring and start its consumer. */
        @Setup(Level.Trial)
        public void start()
        {
            ring = RingBuffer.createSingleProducer(DisruptorPublish.OrderEvent::new, RING, new BusySpinWaitStrategy());
            poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
            runner = new AgentRunner(new BackoffIdleStrategy(100, 100, 1_000, 100_000), Throwable::printStackTrace, null,
                new DisruptorPublish.Consumer(poller, 0));
            AgentRunner.startOnThread(runner);
        }

        /** Wait until the consumer has taken everything. */
        @Setup(Level.Iteration)
        public void drain()
        {
            awaitDrained(() -> poller.getSequence().get() == ring.getCursor());
        }

        /** Stop the consumer. */
        @TearDown(Level.Trial)
        public void stop()
        {
            runner.close();
        }
    }

    /**
     * A burst through {@code Events.order}.
     *
     * @param b the bus.
     * @param o the orders.
     * @return events accepted.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int eventsOrder(final Bus b, final OrderFlow o)
    {
        int accepted = 0;
        for (int i = 0; i < BURST; i++)
        {
            o.next();
            if (Events.order(b.producer, o.orderId, o.symbol, o.side, o.status, o.qty, o.price))
            {
                accepted++;
            }
        }
        return accepted;
    }

    /**
     * A burst through the claim API: {@code claim} and six puts.
     *
     * @param b the bus.
     * @param o the orders.
     * @return events accepted.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int claim(final Bus b, final OrderFlow o)
    {
        int accepted = 0;
        for (int i = 0; i < BURST; i++)
        {
            o.next();
            try (EventWriter e = b.producer.claim(EventType.ORDER))
            {
                e.put("order_id", o.orderId).put("symbol", o.symbol).put("side", o.side)
                    .put("status", o.status).put("qty", o.qty).put("price", o.price);
                accepted += e.isAccepted() ? 1 : 0;
            }
        }
        return accepted;
    }

    /**
     * A burst into the raw Disruptor ring, the strings as references (the floor).
     *
     * @param r the ring.
     * @param o the orders.
     * @return events accepted.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int disruptor(final Ring r, final OrderFlow o)
    {
        return disruptorBurst(r, o, false);
    }

    /**
     * A burst into the raw Disruptor ring, the strings' text copied into each entry.
     *
     * @param r the ring.
     * @param o the orders.
     * @return events accepted.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int disruptorCopying(final Ring r, final OrderFlow o)
    {
        return disruptorBurst(r, o, true);
    }

    private static int disruptorBurst(final Ring r, final OrderFlow o, final boolean copyText)
    {
        final RingBuffer<DisruptorPublish.OrderEvent> ring = r.ring;
        int accepted = 0;
        for (int i = 0; i < BURST; i++)
        {
            o.next();
            final long sequence;
            try
            {
                sequence = ring.tryNext();
            }
            catch (final InsufficientCapacityException ex)
            {
                continue;
            }
            DisruptorPublish.fill(ring.get(sequence), r.clock.nanoTime(), o, copyText);
            ring.publish(sequence);
            accepted++;
        }
        return accepted;
    }

    private static void awaitDrained(final BooleanSupplier drained)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!drained.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the consumer did not drain the ring within 30 s");
            }
            Thread.onSpinWait();
        }
    }
}
