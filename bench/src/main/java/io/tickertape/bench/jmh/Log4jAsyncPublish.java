package io.tickertape.bench.jmh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.jmx.RingBufferAdmin;
import org.apache.logging.log4j.util.Unbox;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Publish cost of the same order event logged through a Log4j 2 async logger (all loggers async, on the Disruptor)
 * to an appender that counts and discards. Log4j's defaults are kept (garbage-free thread locals, its default wait
 * strategy) except: the ring has as many slots as the other peers' rings, and a full ring discards instead of
 * blocking the caller, as every other peer does. The numbers are boxed with {@code Unbox}, Log4j's garbage-free way.
 * <p>
 * Accepted and dropped are settled at the end of each iteration: once the ring has drained, what the appender did
 * not receive was discarded.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class Log4jAsyncPublish
{
    /** Counts what reaches it and throws it away. */
    static final class CountingAppender extends AbstractAppender
    {
        final AtomicLong appended = new AtomicLong();

        CountingAppender()
        {
            super("counting", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(final LogEvent event)
        {
            appended.lazySet(appended.get() + 1); // one writer: the async logger's thread
        }
    }

    /** The async logger context, with the counting appender as the only appender. */
    @State(Scope.Benchmark)
    public static class Pipeline
    {
        final CountingAppender appender = new CountingAppender();
        LoggerContext context;
        RingBufferAdmin ring;
        Logger logger;

        /**
         * Configure Log4j (before anything in this JVM has touched it) and check that logging really is asynchronous.
         *
         * @param w the ring size.
         */
        @Setup(Level.Trial)
        public void start(final Workload w)
        {
            System.setProperty("log4j2.asyncQueueFullPolicy", "Discard");
            System.setProperty("log4j2.discardThreshold", "INFO");
            final AsyncLoggerContext async = Log4jAsync.context(w.ringSize);
            context = async;
            ring = async.createRingBufferAdmin();
            if (ring.getBufferSize() != w.ringSize)
            {
                throw new IllegalStateException("async logger ring has " + ring.getBufferSize() + " slots, not " + w.ringSize);
            }
            logger = Log4jAsync.routeTo(context, appender, "io.tickertape.bench.orders");
        }

        void awaitDrained()
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ring.getRemainingCapacity() < ring.getBufferSize() && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
        }

        /** Stop Log4j. */
        @TearDown(Level.Trial)
        public void stop()
        {
            LogManager.shutdown();
        }
    }

    /** Accepted and dropped, settled against the appender at the end of each iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters
    {
        /** Events that reached the appender. */
        public long accepted;
        /** Events discarded because the ring was full. */
        public long dropped;
        long logged;
        long appendedBefore;

        /**
         * Start counting.
         *
         * @param p the pipeline.
         */
        @Setup(Level.Iteration)
        public void begin(final Pipeline p)
        {
            logged = 0;
            appendedBefore = p.appender.appended.get();
        }

        /**
         * Wait for the ring to drain and settle.
         *
         * @param p the pipeline.
         */
        @TearDown(Level.Iteration)
        public void settle(final Pipeline p)
        {
            p.awaitDrained();
            accepted = p.appender.appended.get() - appendedBefore;
            dropped = logged - accepted;
        }
    }

    /**
     * {@code logger.info(pattern, six fields)}.
     *
     * @param p      the logger.
     * @param pacing work between events, ring size.
     * @param o      the order to publish.
     * @param c      counts.
     */
    @Benchmark
    public void info(final Pipeline p, final Workload pacing, final OrderFlow o, final Counters c)
    {
        Blackhole.consumeCPU(pacing.tokens);
        o.next();
        p.logger.info("order_event order_id={} symbol={} side={} status={} qty={} price={}",
            o.orderId, o.symbol, o.side, o.status, Unbox.box(o.qty), Unbox.box(o.price));
        c.logged++;
    }
}
