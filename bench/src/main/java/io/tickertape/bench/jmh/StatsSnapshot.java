package io.tickertape.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.tickertape.bus.BusStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of {@code bus.stats()}, the snapshot behind {@code /stats} and {@code /metrics}, by history size.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class StatsSnapshot
{
    /**
     * One snapshot.
     *
     * @param h the bus with a full history.
     * @return the snapshot.
     */
    @Benchmark
    public BusStats stats(final FilledHistory h)
    {
        return h.bus.stats();
    }
}
