package io.tickertape.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The textbook hand-off: a new event object per publish, {@code offer}ed to an {@link ArrayBlockingQueue} (one lock
 * for both ends), and a consumer thread that blocks until an event arrives ({@code poll} with a timeout, so that it
 * can be stopped) and then drains what else is queued. When the consumer is parked, an offer also pays for waking it.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class BlockingQueuePublish
{
    /** An immutable order event, made for each publish. */
    record OrderEvent(long timestamp, String orderId, String symbol, String side, String status, long qty, double price)
    {
    }

    /** The queue and its consumer thread. */
    @State(Scope.Benchmark)
    public static class Pipeline
    {
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        ArrayBlockingQueue<OrderEvent> queue;
        volatile boolean running;
        Thread consumer;
        long checksum;

        /**
         * Make the queue and start the consumer.
         *
         * @param w the queue's capacity.
         */
        @Setup(Level.Trial)
        public void start(final Workload w)
        {
            queue = new ArrayBlockingQueue<>(w.ringSize);
            running = true;
            consumer = new Thread(this::consume, "queue-consumer");
            consumer.setDaemon(true);
            consumer.start();
        }

        private void consume()
        {
            final List<OrderEvent> batch = new ArrayList<>(BenchConfig.BATCH_LIMIT);
            try
            {
                while (running)
                {
                    final OrderEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (null == first)
                    {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BenchConfig.BATCH_LIMIT - 1);
                    for (int i = 0; i < batch.size(); i++)
                    {
                        final OrderEvent e = batch.get(i);
                        checksum += e.timestamp() + e.qty() + (long)e.price() + e.orderId().length() + e.symbol().length();
                    }
                    batch.clear();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Stop the consumer.
         *
         * @throws InterruptedException if interrupted while waiting for it.
         */
        @TearDown(Level.Trial)
        public void stop() throws InterruptedException
        {
            running = false;
            consumer.join(5_000);
        }
    }

    /**
     * {@code offer(new OrderEvent(...))}.
     *
     * @param p      the queue.
     * @param pacing work between events, ring size.
     * @param o      the order to publish.
     * @param c      accepted and dropped counts.
     * @return whether the event was accepted.
     */
    @Benchmark
    public boolean offer(final Pipeline p, final Workload pacing, final OrderFlow o, final PublishCounters c)
    {
        Blackhole.consumeCPU(pacing.tokens);
        o.next();
        return c.count(p.queue.offer(
            new OrderEvent(p.clock.nanoTime(), o.orderId, o.symbol, o.side, o.status, o.qty, o.price)));
    }
}
