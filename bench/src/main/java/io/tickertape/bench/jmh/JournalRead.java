package io.tickertape.bench.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tickertape.bus.EventType;
import io.tickertape.bus.journal.JournalContext;
import io.tickertape.bus.journal.JournalReader;
import io.tickertape.bus.journal.JournalRecord;
import io.tickertape.bus.journal.JournalWriter;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Reading a journal of {@code events} order events (written once per trial, then in the page cache): a replay of
 * every record through the reader into a counting sink (the path of the {@code dump} tool and of a resume beyond
 * memory), and a seek by time (a binary search over the segments and their time indexes, then a scan of at most one
 * index interval) to a random moment of the journal.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class JournalRead
{
    private static final long T0 = 1_780_000_000_000_000_000L;
    private static final long SPACING_NANOS = 1_000L;

    /** A journal written once per trial. */
    @State(Scope.Benchmark)
    public static class Journal
    {
        /** Events in the journal. */
        @Param({"1000000", "10000000"})
        public long events;

        Path directory;
        JournalReader reader;

        /** Write the journal: one order event per microsecond of simulated time. */
        @Setup(Level.Trial)
        public void write() throws IOException
        {
            directory = Files.createTempDirectory("tickertape-journal-read");
            final JournalContext context = new JournalContext().directory(directory).retentionBytes(1L << 40)
                .retentionAge(Duration.ofDays(36_500));
            try (JournalWriter writer = JournalWriter.open(context, "bench", (e) -> { }))
            {
                for (long seq = 1; seq <= events; seq++)
                {
                    final byte[] json = json(seq);
                    while (!writer.append(seq, T0 + seq * SPACING_NANOS, EventType.ORDER.id(), json, 0, json.length))
                    {
                        Thread.onSpinWait(); // the next segment is not made yet: nothing was written, try again
                    }
                }
            }
            reader = JournalReader.open(directory);
        }

        /** Delete it. */
        @TearDown(Level.Trial)
        public void delete() throws IOException
        {
            reader.close();
            try (Stream<Path> files = Files.list(directory))
            {
                for (final Path file : files.toList())
                {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
        }

        private static byte[] json(final long seq)
        {
            return ("{\"seq\":" + seq + ",\"type\":\"order_event\",\"timestamp\":\"2026-05-28T12:00:00.000000Z\",\"source\":\"execution\"," +
                "\"payload\":{\"order_id\":\"PAPER-" + seq + "\",\"symbol\":\"NIFTY\",\"side\":\"BUY\",\"status\":\"new\",\"qty\":50," +
                "\"price\":19755.0}}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Records and bytes a replay delivered. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Replayed
    {
        /** Records delivered. */
        public long records;
        /** JSON bytes delivered. */
        public long bytes;
    }

    /** A random moment per call. */
    @State(Scope.Thread)
    public static class Moments
    {
        private final SplittableRandom random = new SplittableRandom(7);
    }

    /**
     * Every record, in order, into a sink that reads each record's length and first and last JSON byte.
     *
     * @param journal  the journal.
     * @param replayed the counts.
     * @return records read.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long replayAll(final Journal journal, final Replayed replayed)
    {
        final long[] checksum = new long[1];
        final int read = journal.reader.read(1, Integer.MAX_VALUE, (JournalRecord r) ->
        {
            final int length = r.jsonLength();
            checksum[0] += length + r.buffer().getByte(r.jsonOffset()) + r.buffer().getByte(r.jsonOffset() + length - 1);
            replayed.bytes += length;
            return true;
        });
        replayed.records += read;
        return read + checksum[0];
    }

    /**
     * The sequence at a random moment of the journal.
     *
     * @param journal the journal.
     * @param moments where the randomness comes from.
     * @param sink    takes the result.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void seekByTime(final Journal journal, final Moments moments, final Blackhole sink)
    {
        sink.consume(journal.reader.seqAtOrAfter(T0 + moments.random.nextLong(journal.events) * SPACING_NANOS));
    }
}
