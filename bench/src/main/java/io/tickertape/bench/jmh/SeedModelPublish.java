package io.tickertape.bench.jmh;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
 * Publish cost of the old design ({@link SeedTelemetryModel}) with one SSE subscriber on another thread that copies
 * the buffer under the global lock every 100 ms, as the seed's stream loop did on each poll. The model never
 * refuses an event (it evicts the oldest), so {@code dropped} stays 0. It allocates several objects per event:
 * give it the full warm-up (about 7 s) before reading its score.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class SeedModelPublish
{
    /** The model and its subscriber thread. */
    @State(Scope.Benchmark)
    public static class Pipeline
    {
        final SeedTelemetryModel model = new SeedTelemetryModel();
        volatile boolean running;
        Thread subscriber;
        long seen;

        /** Start the subscriber. */
        @Setup(Level.Trial)
        public void start()
        {
            running = true;
            subscriber = new Thread(this::poll, "seed-sse-subscriber");
            subscriber.setDaemon(true);
            subscriber.start();
        }

        private void poll()
        {
            while (running)
            {
                final List<Map<String, Object>> copy = model.snapshot();
                seen += copy.size();
                try
                {
                    Thread.sleep(100);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }

        /**
         * Stop the subscriber.
         *
         * @throws InterruptedException if interrupted while waiting for it.
         */
        @TearDown(Level.Trial)
        public void stop() throws InterruptedException
        {
            running = false;
            subscriber.interrupt();
            subscriber.join(5_000);
        }
    }

    /**
     * {@code publish_order_event(...)}.
     *
     * @param p      the model.
     * @param pacing work between events, ring size.
     * @param o      the order to publish.
     * @param c      accepted and dropped counts.
     * @return always true: the model evicts instead of refusing.
     */
    @Benchmark
    public boolean publishOrderEvent(final Pipeline p, final Workload pacing, final OrderFlow o, final PublishCounters c)
    {
        Blackhole.consumeCPU(pacing.tokens);
        o.next();
        p.model.publishOrderEvent(o.orderId, o.symbol, o.side, o.status, o.qty, o.price);
        return c.count(true);
    }
}
