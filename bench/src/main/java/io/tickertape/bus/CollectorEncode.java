package io.tickertape.bus;

import java.util.concurrent.TimeUnit;

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

/**
 * The collector's work per event without its threads: encode an order event from a producer's slot (eight
 * symbols in turn), work out what the history keeps beside it ({@link RecordKeys}: with {@code filterKeys}, the
 * dictionary lookups; without, none), and append it to a history. On one thread, so the figure is free of the
 * scheduling noise that a pipeline of two threads on two cores carries; in this package (the bench jar holds the
 * bus's classes) to call the collector's own code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class CollectorEncode
{
    /** Whether the dictionary lookups run, as {@link BusContext#filterKeys(boolean)}. */
    @Param({"false", "true"})
    public boolean filterKeys;

    /** Whether payload shapes get writers of their own, as {@link BusContext#shapeWriters(boolean)}. */
    @Param({"true"})
    public boolean shapeWriters;

    private CollectorSlots events;
    private HistoryRing history;
    private int sourceId;
    private int next;
    private long seq;

    /** Publish eight order events, one per symbol, and keep their slots. */
    @Setup(Level.Trial)
    public void setup()
    {
        events = new CollectorSlots(shapeWriters);
        history = new HistoryRing(1 << 16, 1 << 24);
        sourceId = events.sourceId(history, filterKeys);
    }

    /** Stop the bus. */
    @TearDown(Level.Trial)
    public void close()
    {
        events.close();
    }

    /**
     * One event: encode, keys, append.
     *
     * @return the sequence appended.
     */
    @Benchmark
    public long collectOne()
    {
        return events.collect(++seq, next++, history, sourceId, filterKeys);
    }
}
