package io.tickertape.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A reference for the collector's encode step: the same order event JSON, written with jackson-core directly from
 * Java fields ({@link JacksonOrderJson}: a reused generator over a reused buffer). The bus's own encoder is internal;
 * its cost shows, with the rest of the collector's work, in {@code CollectorEncode} and as the reciprocal of
 * {@link PipelineThroughput}'s one-producer {@code collected} rate.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class JsonEncodeReference
{
    /** The writer, and the clock that stamps each event. */
    @State(Scope.Thread)
    public static class Encoder
    {
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        final JacksonOrderJson json = new JacksonOrderJson();
        long seq;
    }

    /**
     * Encode one order event, envelope and payload, and flush it to the buffer.
     *
     * @param e the encoder.
     * @param o the order.
     * @return the JSON length.
     */
    @Benchmark
    public int encodeOrderEvent(final Encoder e, final OrderFlow o)
    {
        o.next();
        return e.json.write(++e.seq, e.clock.nanoTime(), o.orderId, o.symbol, o.side, o.status, o.qty, o.price);
    }
}
