package io.tickertape.bench.jmh;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.Agent;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The floor: a raw Disruptor single-producer ring of pre-allocated events with the same fields, consumed by a poller
 * on its own thread that waits like the bus's collector (Agrona backoff, same parameters). The producer stores
 * references and a timestamp from the same clock as the bus; it does not copy the strings or encode anything, so
 * this is the least any ring-based publish can cost.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class DisruptorPublish
{
    /** A pre-allocated ring entry with the order event's fields. */
    static final class OrderEvent
    {
        long timestamp;
        String orderId;
        String symbol;
        String side;
        String status;
        long qty;
        double price;
        /** For {@link #tryNextPublishCopying}: the four strings' characters, each after a length byte. */
        final byte[] text = new byte[128];
        int textLength;
    }

    /**
     * Reads each event's fields, and every byte of any text copied in, so the consumer does what a real one must at
     * least do: read what it was given.
     */
    static final class Consumer implements Agent, EventPoller.Handler<OrderEvent>
    {
        private final EventPoller<OrderEvent> poller;
        private final long tokensPerEvent;
        private int batch;
        long checksum;

        Consumer(final EventPoller<OrderEvent> poller, final long tokensPerEvent)
        {
            this.poller = poller;
            this.tokensPerEvent = tokensPerEvent;
        }

        @Override
        public int doWork() throws Exception
        {
            batch = 0;
            poller.poll(this);
            return batch;
        }

        @Override
        public boolean onEvent(final OrderEvent event, final long sequence, final boolean endOfBatch)
        {
            long sum = event.timestamp + event.qty + (long)event.price;
            if (null == event.orderId)
            {
                // Every byte of the copied text, as a consumer that does anything with it (encodes it, compares it)
                // must read it: the reads bring the text's lines to this core, and the producer's next store to them
                // waits to take them back, as it does for a bus's slot.
                final byte[] text = event.text;
                for (int i = 0; i < event.textLength; i++)
                {
                    sum += text[i];
                }
            }
            else
            {
                sum += event.orderId.length() + event.symbol.length() + event.side.length() + event.status.length();
            }
            checksum += sum;
            if (tokensPerEvent > 0)
            {
                Blackhole.consumeCPU(tokensPerEvent);
            }
            return ++batch < BenchConfig.BATCH_LIMIT;
        }

        @Override
        public String roleName()
        {
            return "disruptor-consumer";
        }
    }

    /** The ring and its consumer thread. */
    @State(Scope.Benchmark)
    public static class Pipeline
    {
        /**
         * Work the consumer does per event ({@code Blackhole.consumeCPU} tokens), standing in for a consumer that
         * does something with each event, as the bus's collector encodes JSON; 0 only touches the fields.
         */
        @Param({"0"})
        public long consumerTokens;
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        RingBuffer<OrderEvent> ring;
        AgentRunner runner;

        /**
         * Make the ring and start the consumer.
         *
         * @param w the ring size.
         */
        @Setup(Level.Trial)
        public void start(final Workload w)
        {
            // Nobody waits on the ring (the consumer polls): a wait strategy that does nothing on publish.
            ring = RingBuffer.createSingleProducer(OrderEvent::new, w.ringSize, new BusySpinWaitStrategy());
            final EventPoller<OrderEvent> poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
            runner = new AgentRunner(new BackoffIdleStrategy(100, 100, 1_000, 100_000), Throwable::printStackTrace, null,
                new Consumer(poller, consumerTokens));
            AgentRunner.startOnThread(runner);
        }

        /** Stop the consumer. */
        @TearDown(Level.Trial)
        public void stop()
        {
            runner.close();
        }
    }

    /**
     * {@code tryNext}, fill the entry, {@code publish}.
     *
     * @param p      the ring.
     * @param pacing work between events, ring size.
     * @param o      the order to publish.
     * @param c      accepted and dropped counts.
     * @return whether the event was accepted.
     */
    @Benchmark
    public boolean tryNextPublish(final Pipeline p, final Workload pacing, final OrderFlow o, final PublishCounters c)
    {
        return publish(p, pacing, o, c, false);
    }

    /**
     * The floor doing what Tickertape must: copy the text. {@code tryNext}, then the four strings' characters copied
     * into the entry's byte array (a byte per character, which is right for these ASCII values; Tickertape writes
     * UTF-8 for any text), the numbers stored, {@code publish}. A caller may change or reuse a
     * {@code CharSequence} as soon as a publish returns, so a telemetry ring cannot keep references to it.
     *
     * @param p      the ring.
     * @param pacing work between events, ring size.
     * @param o      the order to publish.
     * @param c      accepted and dropped counts.
     * @return whether the event was accepted.
     */
    @Benchmark
    public boolean tryNextPublishCopying(final Pipeline p, final Workload pacing, final OrderFlow o, final PublishCounters c)
    {
        return publish(p, pacing, o, c, true);
    }

    /** Pace, {@code tryNext}, fill the entry (the text as references or copied), {@code publish}. */
    private static boolean publish(
        final Pipeline p, final Workload pacing, final OrderFlow o, final PublishCounters c, final boolean copyText)
    {
        Blackhole.consumeCPU(pacing.tokens);
        o.next();
        return c.count(publish(p, o, copyText));
    }

    /**
     * {@code tryNext}, fill the entry with the current order (the text as references or copied), {@code publish}.
     *
     * @param p        the ring.
     * @param o        the order.
     * @param copyText whether the text is copied into the entry.
     * @return whether the ring had room.
     */
    static boolean publish(final Pipeline p, final OrderFlow o, final boolean copyText)
    {
        final RingBuffer<OrderEvent> ring = p.ring;
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            return false;
        }
        try
        {
            fill(ring.get(sequence), p.clock.nanoTime(), o, copyText);
        }
        finally
        {
            ring.publish(sequence);
        }
        return true;
    }

    /** Fill a ring entry with the order: the text as references, or copied into the entry. */
    static void fill(final OrderEvent event, final long timestamp, final OrderFlow o, final boolean copyText)
    {
        event.timestamp = timestamp;
        if (copyText)
        {
            final byte[] text = event.text;
            int at = copy(o.orderId, text, 0);
            at = copy(o.symbol, text, at);
            at = copy(o.side, text, at);
            at = copy(o.status, text, at);
            event.textLength = at;
        }
        else
        {
            event.orderId = o.orderId;
            event.symbol = o.symbol;
            event.side = o.side;
            event.status = o.status;
        }
        event.qty = o.qty;
        event.price = o.price;
    }

    private static int copy(final String value, final byte[] to, final int at)
    {
        final int length = value.length();
        to[at] = (byte)length;
        for (int i = 0; i < length; i++)
        {
            to[at + 1 + i] = (byte)value.charAt(i);
        }
        return at + 1 + length;
    }
}
