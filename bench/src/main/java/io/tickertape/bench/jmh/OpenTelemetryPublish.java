package io.tickertape.bench.jmh;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
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
 * Publish cost of the same order event as an OpenTelemetry log record: event name, severity, timestamp and the six
 * fields as attributes, emitted through the SDK's {@link BatchLogRecordProcessor} (queue as large as the other
 * peers' rings, other options default) to an exporter that only counts what it is given.
 * <p>
 * {@code emit()} does not say whether the processor's queue took the record, so accepted and dropped are settled at
 * the end of each iteration: the processor is flushed, and what the exporter did not receive was dropped.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class OpenTelemetryPublish
{
    private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("order_id");
    private static final AttributeKey<String> SYMBOL = AttributeKey.stringKey("symbol");
    private static final AttributeKey<String> SIDE = AttributeKey.stringKey("side");
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
    private static final AttributeKey<Long> QTY = AttributeKey.longKey("qty");
    private static final AttributeKey<Double> PRICE = AttributeKey.doubleKey("price");

    /** Counts the records exported and discards them. */
    static final class CountingExporter implements LogRecordExporter
    {
        final AtomicLong exported = new AtomicLong();

        @Override
        public CompletableResultCode export(final Collection<LogRecordData> logs)
        {
            exported.addAndGet(logs.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush()
        {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown()
        {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** The logger provider with its batch processor and exporter. */
    @State(Scope.Benchmark)
    public static class Pipeline
    {
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        final CountingExporter exporter = new CountingExporter();
        BatchLogRecordProcessor processor;
        SdkLoggerProvider provider;
        Logger logger;

        /**
         * Build the provider.
         *
         * @param w the queue's capacity.
         */
        @Setup(Level.Trial)
        public void start(final Workload w)
        {
            processor = BatchLogRecordProcessor.builder(exporter).setMaxQueueSize(w.ringSize).build();
            provider = SdkLoggerProvider.builder().addLogRecordProcessor(processor).build();
            logger = provider.get("io.tickertape.bench");
        }

        /** Shut the provider down. */
        @TearDown(Level.Trial)
        public void stop()
        {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /** Accepted and dropped, settled against the exporter at the end of each iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters
    {
        /** Records that reached the exporter. */
        public long accepted;
        /** Records the processor's queue refused. */
        public long dropped;
        long emitted;
        long exportedBefore;

        /**
         * Start counting.
         *
         * @param p the pipeline.
         */
        @Setup(Level.Iteration)
        public void begin(final Pipeline p)
        {
            emitted = 0;
            exportedBefore = p.exporter.exported.get();
        }

        /**
         * Flush and settle.
         *
         * @param p the pipeline.
         */
        @TearDown(Level.Iteration)
        public void settle(final Pipeline p)
        {
            p.processor.forceFlush().join(30, TimeUnit.SECONDS);
            accepted = p.exporter.exported.get() - exportedBefore;
            dropped = emitted - accepted;
        }
    }

    /**
     * {@code logRecordBuilder()...emit()}.
     *
     * @param p      the logger.
     * @param pacing work between events, ring size.
     * @param o      the order to publish.
     * @param c      counts.
     */
    @Benchmark
    public void emit(final Pipeline p, final Workload pacing, final OrderFlow o, final Counters c)
    {
        Blackhole.consumeCPU(pacing.tokens);
        o.next();
        p.logger.logRecordBuilder()
            .setTimestamp(p.clock.nanoTime(), TimeUnit.NANOSECONDS)
            .setSeverity(Severity.INFO)
            .setEventName("order_event")
            .setAttribute(ORDER_ID, o.orderId)
            .setAttribute(SYMBOL, o.symbol)
            .setAttribute(SIDE, o.side)
            .setAttribute(STATUS, o.status)
            .setAttribute(QTY, o.qty)
            .setAttribute(PRICE, o.price)
            .emit();
        c.emitted++;
    }
}
