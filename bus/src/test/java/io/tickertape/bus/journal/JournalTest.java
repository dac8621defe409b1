package io.tickertape.bus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.tickertape.bus.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.management.ThreadMXBean;

class JournalTest
{
    /** Now: retention by age (seven days by default) must not take the test's events. */
    private static final long T0 = System.currentTimeMillis() * 1_000_000L;
    private static final int SMALL_SEGMENT = JournalContext.SEGMENT_BYTES_MIN;

    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private JournalContext context()
    {
        return new JournalContext().directory(dir).segmentBytes(SMALL_SEGMENT).retentionBytes(1L << 30).indexIntervalBytes(256);
    }

    private JournalWriter open(final JournalContext context)
    {
        return JournalWriter.open(context, "e1", errors::add);
    }

    private static byte[] json(final long seq)
    {
        return ("{\"seq\":" + seq + ",\"type\":\"order_event\",\"payload\":{\"order_id\":\"PAPER-" + seq + "\",\"qty\":50}}")
            .getBytes(StandardCharsets.UTF_8);
    }

    /** Append one event, first waiting for the next segment when the janitor has not made it yet (no holes). */
    private static void append(final JournalWriter writer, final long seq, final long timestamp)
    {
        if (!writer.nextSegmentReady())
        {
            await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(writer::nextSegmentReady);
        }
        final byte[] json = json(seq);
        assertThat(writer.append(seq, timestamp, EventType.ORDER.id(), json, 0, json.length)).as("append %d", seq).isTrue();
        writer.flush();
    }

    /** A journal of events 1 to {@code count}, closed. */
    private void journalOf(final long count)
    {
        try (JournalWriter writer = open(context()))
        {
            for (long seq = 1; seq <= count; seq++)
            {
                append(writer, seq, T0 + seq);
            }
        }
    }

    private static List<JournalRecordCopy> readAll(final JournalReader reader, final long from)
    {
        final List<JournalRecordCopy> out = new ArrayList<>();
        reader.read(from, Integer.MAX_VALUE, r ->
        {
            out.add(new JournalRecordCopy(r.seq(), r.timestampNanos(), r.type().name(), r.json()));
            return true;
        });
        return out;
    }

    record JournalRecordCopy(long seq, long timestamp, String type, String json)
    {
    }

    @Test
    void shouldReadBackEveryRecordAcrossSegmentsInOrder()
    {
        try (JournalWriter writer = open(context()))
        {
            for (long seq = 1; seq <= 5_000; seq++)
            {
                append(writer, seq, T0 + seq);
            }
            assertThat(writer.lastSeq()).isEqualTo(5_000);
            assertThat(writer.holes()).isZero();
            try (JournalReader reader = JournalReader.open(dir))
            {
                assertThat(reader.segmentCount()).isGreaterThan(3);
                final List<JournalRecordCopy> records = readAll(reader, 1);
                assertThat(records).hasSize(5_000);
                for (int i = 0; i < records.size(); i++)
                {
                    final JournalRecordCopy r = records.get(i);
                    assertThat(r.seq()).isEqualTo(i + 1);
                    assertThat(r.timestamp()).isEqualTo(T0 + i + 1);
                    assertThat(r.type()).isEqualTo("order_event");
                    assertThat(r.json()).isEqualTo(new String(json(i + 1), StandardCharsets.UTF_8));
                }
                assertThat(reader.firstSeq()).isEqualTo(1);
                assertThat(reader.lastSeq()).isEqualTo(5_000);
                assertThat(readAll(reader, 4_321)).extracting(JournalRecordCopy::seq).startsWith(4_321L).hasSize(680);
                assertThat(reader.verify()).isNull();
            }
        }
        assertThat(errors).isEmpty();
        try (JournalReader reader = JournalReader.open(dir))
        {
            // Segments are named by their first sequence.
            assertThat(reader.segmentCount()).isGreaterThan(3);
        }
        assertThat(dir.resolve("00000000000000000001.log")).exists();
    }

    @Test
    void shouldContinueTheEpochAndTheSequenceAfterAReopen()
    {
        try (JournalWriter writer = open(context()))
        {
            for (long seq = 1; seq <= 1_000; seq++)
            {
                append(writer, seq, T0 + seq);
            }
        }
        try (JournalWriter writer = JournalWriter.open(context(), "other", errors::add))
        {
            assertThat(writer.epoch()).as("the journal keeps its own epoch").isEqualTo("e1");
            assertThat(writer.lastSeq()).isEqualTo(1_000);
            assertThat(writer.lastTimestampNanos()).isEqualTo(T0 + 1_000);
            for (long seq = 1_001; seq <= 2_000; seq++)
            {
                append(writer, seq, T0 + seq);
            }
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(readAll(reader, 0)).extracting(JournalRecordCopy::seq).hasSize(2_000).isSorted().startsWith(1L).endsWith(2_000L);
            assertThat(reader.verify()).isNull();
        }
    }

    @Test
    void shouldRefuseASecondWriterWhileOneHasTheJournalOpenAndChangeNothing() throws IOException, InterruptedException
    {
        try (JournalWriter writer = open(context()))
        {
            for (long seq = 1; seq <= 100; seq++)
            {
                append(writer, seq, T0 + seq);
            }
            writer.flush();
            await("both segments made ahead").atMost(Duration.ofSeconds(10))
                .until(() -> listing().stream().filter(f -> f.startsWith("prepared-") && f.contains(".log ")).count() == 2);
            final List<String> files = listing();
            assertThatThrownBy(() -> JournalWriter.open(context(), "other", errors::add)).isInstanceOf(JournalException.class)
                .hasMessageContaining("journal directory " + dir + " is in use");
            assertThat(listing()).as("the segments made ahead and the records are left alone").isEqualTo(files);
            assertThat(lockTakenByAnotherProcess()).as("the first writer's lock, seen from another process, after the refusal")
                .isEqualTo("held");
            for (long seq = 101; seq <= 200; seq++)
            {
                append(writer, seq, T0 + seq);
            }
        }
        try (JournalWriter writer = open(context()))
        {
            assertThat(writer.lastSeq()).as("once the first is closed, the journal opens, whole").isEqualTo(200);
        }
        assertThat(errors).isEmpty();
    }

    /**
     * Try the journal's lock from another process, as a second writer there would.
     *
     * @return what that process found: "held" (another process holds it) or "free".
     */
    private String lockTakenByAnotherProcess() throws IOException, InterruptedException
    {
        final Path source = dir.resolveSibling(dir.getFileName() + "-TryLock.java");
        Files.writeString(source, """
            import java.nio.channels.FileChannel;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;

            public class TryLock
            {
                public static void main(String[] args) throws Exception
                {
                    try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE))
                    {
                        System.out.print(null == channel.tryLock() ? "held" : "free");
                    }
                }
            }
            """);
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            source.toString(), dir.resolve("journal.lock").toString()).redirectErrorStream(true).start();
        final String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** @return the directory's files with their sizes. */
    private List<String> listing() throws IOException
    {
        try (var files = Files.list(dir))
        {
            return files.map(f -> f.getFileName() + " " + f.toFile().length()).sorted().toList();
        }
    }

    @Test
    void shouldCutATornTailOffWhenReopened() throws IOException
    {
        try (JournalWriter writer = open(context()))
        {
            for (long seq = 1; seq <= 300; seq++)
            {
                append(writer, seq, T0 + seq);
            }
        }
        final Path last = lastSegment();
        final long position = positionOf(last, 300);
        flipByte(last, position + JournalLayout.TYPE_OFFSET + 20); // inside record 300's JSON: a torn write

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(readAll(reader, 1)).extracting(JournalRecordCopy::seq).endsWith(299L).hasSize(299);
            assertThat(reader.lastCorruption()).contains(last.getFileName().toString()).contains("at byte " + position);
            assertThat(reader.verify()).contains("at byte " + position);
        }
        try (JournalWriter writer = open(context()))
        {
            assertThat(writer.lastSeq()).isEqualTo(299);
            append(writer, 300, T0 + 300);
            append(writer, 301, T0 + 301);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(readAll(reader, 1)).extracting(JournalRecordCopy::seq).hasSize(301).endsWith(300L, 301L);
            assertThat(reader.verify()).isNull();
        }
    }

    @Test
    void shouldStopAtADamagedRecordInTheMiddleAndNameIt() throws IOException
    {
        journalOf(3_000);
        final Path first = dir.resolve("00000000000000000001.log");
        final long position = positionOf(first, 100);
        flipByte(first, position + JournalLayout.SEQ_OFFSET + 3);
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(readAll(reader, 1)).extracting(JournalRecordCopy::seq).hasSize(99).endsWith(99L);
            assertThat(reader.lastCorruption()).isEqualTo("damaged record in " + first + " at byte " + position + " (after sequence 99)");
            assertThat(reader.verify()).isEqualTo("damaged record in " + first + " at byte " + position + " (after sequence 99)");
            // Records after the damaged segment are still read from where they are asked for.
            assertThat(readAll(reader, 2_500)).extracting(JournalRecordCopy::seq).startsWith(2_500L).endsWith(3_000L);
        }
    }

    @Test
    void shouldReadOnPastASegmentWhoseEndWasNeverMarked() throws IOException
    {
        journalOf(3_000);
        // As a failed write of the end mark leaves it (a full device): zeros after the first segment's last record.
        final Path first = dir.resolve("00000000000000000001.log");
        final long end = endOf(first);
        try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw"))
        {
            file.seek(end);
            assertThat(Integer.reverseBytes(file.readInt())).as("the end mark").isEqualTo(JournalLayout.END_OF_SEGMENT);
            file.seek(end);
            file.writeInt(0);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(readAll(reader, 1)).extracting(JournalRecordCopy::seq).hasSize(3_000).startsWith(1L).endsWith(3_000L);
            assertThat(reader.verify()).isNull();
        }
    }

    @Test
    void shouldReadOnIntoTheNextSegmentWhenOldOnesWentAndNewOnesCameMeanwhile() throws IOException
    {
        try (JournalWriter writer = open(context()); JournalReader reader = JournalReader.open(dir))
        {
            long seq = 0;
            while (namedSegments().size() < 3)
            {
                append(writer, ++seq, T0 + seq);
            }
            assertThat(readAll(reader, 1)).hasSize((int)seq); // the reader knows these three segments
            while (namedSegments().size() < 5)
            {
                append(writer, ++seq, T0 + seq);
            }
            final List<Path> segments = namedSegments();
            // Retention's work, done here: the oldest segment deleted. The reader's list is now one too long at the
            // front and two short at the back.
            final Path oldest = segments.get(0);
            Files.delete(oldest);
            Files.delete(oldest.resolveSibling(oldest.getFileName().toString().replace(".log", ".timeindex")));
            final long thirdFirst = JournalLayout.firstSeqOf(segments.get(2).getFileName().toString());
            assertThat(readAll(reader, thirdFirst)).extracting(JournalRecordCopy::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(thirdFirst, seq).boxed().toList());
        }
    }

    private List<Path> namedSegments() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(f -> JournalLayout.firstSeqOf(f.getFileName().toString()) >= 0).sorted().toList();
        }
    }

    /** Where the records of a segment end. */
    private static long endOf(final Path log) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r"))
        {
            long at = JournalLayout.SEGMENT_HEADER_LENGTH;
            while (true)
            {
                file.seek(at);
                final int length = Integer.reverseBytes(file.readInt());
                if (length <= 0)
                {
                    return at;
                }
                at += JournalLayout.aligned(length);
            }
        }
    }

    @Test
    void shouldSeekByTimeWithABinarySearch()
    {
        try (JournalWriter writer = open(context()))
        {
            for (long seq = 1; seq <= 4_000; seq++)
            {
                append(writer, seq, T0 + seq * 1_000);
            }
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.seqAtOrAfter(0)).isEqualTo(1);
            assertThat(reader.seqAtOrAfter(T0 + 1_000)).isEqualTo(1);
            assertThat(reader.seqAtOrAfter(T0 + 1_001)).isEqualTo(2);
            assertThat(reader.seqAtOrAfter(T0 + 2_345_000)).isEqualTo(2_345);
            assertThat(reader.seqAtOrAfter(T0 + 2_345_500)).isEqualTo(2_346);
            assertThat(reader.seqAtOrAfter(T0 + 4_000_000)).isEqualTo(4_000);
            assertThat(reader.seqAtOrAfter(T0 + 4_000_001)).isEqualTo(4_001);
            assertThat(reader.firstTimestampNanos()).isEqualTo(T0 + 1_000);
        }
    }

    @Test
    void shouldDeleteTheOldestWholeSegmentsPastTheRetentionBytes()
    {
        final JournalContext context = context().retentionBytes(3L * (SMALL_SEGMENT + JournalLayout.indexBytes(SMALL_SEGMENT, 256)));
        try (JournalWriter writer = open(context))
        {
            for (long seq = 1; seq <= 6_000; seq++)
            {
                append(writer, seq, T0 + seq);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> JournalFiles.segments(dir).size() <= 3);
            assertThat(writer.segmentsDeleted()).isPositive();
            try (JournalReader reader = JournalReader.open(dir))
            {
                assertThat(reader.firstSeq()).isGreaterThan(1);
                assertThat(readAll(reader, 1)).extracting(JournalRecordCopy::seq).first().isEqualTo(reader.firstSeq());
                assertThat(reader.lastSeq()).isEqualTo(6_000);
            }
        }
    }

    @Test
    void shouldDeleteSegmentsWhoseEventsAreAllOlderThanTheRetentionAge()
    {
        final long now = System.currentTimeMillis() * 1_000_000L;
        final long old = now - Duration.ofDays(3).toNanos();
        try (JournalWriter writer = open(context().retentionAge(Duration.ofDays(1))))
        {
            long seq = 1;
            for (; seq <= 2_000; seq++)
            {
                append(writer, seq, old + seq);
            }
            final long firstRecent = seq;
            for (; seq <= 4_000; seq++)
            {
                append(writer, seq, now + seq);
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
            {
                try (JournalReader reader = JournalReader.open(dir))
                {
                    return reader.firstTimestampNanos() >= old + firstRecent - 1_000 && reader.firstSeq() > 1;
                }
            });
            try (JournalReader reader = JournalReader.open(dir))
            {
                assertThat(reader.lastSeq()).isEqualTo(4_000);
                assertThat(reader.firstSeq()).isLessThanOrEqualTo(firstRecent);
            }
        }
    }

    @Test
    void shouldRefuseADirectoryOfOtherFilesAnOtherVersionOrAnotherJournalsSegment() throws IOException
    {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> open(context())).isInstanceOf(JournalException.class)
            .hasMessageContaining(dir.toString()).hasMessageContaining("notes.txt").hasMessageContaining("not a Tickertape journal");

        final Path other = dir.resolve("v2");
        Files.createDirectories(other);
        try (JournalWriter writer = JournalWriter.open(new JournalContext().directory(other).segmentBytes(SMALL_SEGMENT), "e1", errors::add))
        {
            append(writer, 1, T0);
        }
        try (RandomAccessFile meta = new RandomAccessFile(other.resolve(JournalLayout.META_FILE).toFile(), "rw"))
        {
            meta.seek(JournalLayout.META_VERSION_OFFSET);
            meta.write(new byte[] {9, 0, 0, 0});
        }
        assertThatThrownBy(() -> JournalWriter.open(new JournalContext().directory(other).segmentBytes(SMALL_SEGMENT), "e1", errors::add))
            .isInstanceOf(JournalException.class).hasMessageContaining("layout version 9").hasMessageContaining("reads version 1");
        assertThatThrownBy(() -> JournalReader.open(other)).isInstanceOf(JournalException.class).hasMessageContaining("layout version 9");

        final Path notADirectory = dir.resolve("notes.txt").resolve("journal");
        assertThatThrownBy(() -> open(new JournalContext().directory(notADirectory))).isInstanceOf(JournalException.class)
            .hasMessageContaining(notADirectory.toString());
        assertThatThrownBy(() -> JournalReader.open(dir)).isInstanceOf(JournalException.class).hasMessageContaining("no journal in " + dir);
    }

    @Test
    void shouldRefuseASegmentOfAnotherJournal() throws IOException
    {
        final Path a = dir.resolve("a");
        final Path b = dir.resolve("b");
        try (JournalWriter writer = JournalWriter.open(new JournalContext().directory(a).segmentBytes(SMALL_SEGMENT), "ea", errors::add))
        {
            append(writer, 1, T0);
        }
        try (JournalWriter writer = JournalWriter.open(new JournalContext().directory(b).segmentBytes(SMALL_SEGMENT), "eb", errors::add))
        {
            append(writer, 1, T0);
        }
        Files.copy(a.resolve("00000000000000000001.log"), b.resolve("00000000000000000001.log"), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> JournalWriter.open(new JournalContext().directory(b).segmentBytes(SMALL_SEGMENT), "eb", errors::add))
            .isInstanceOf(JournalException.class).hasMessageContaining("epoch ea, not eb");
    }

    @Test
    void shouldCountAHoleWhenAnEventIsLargerThanASegment()
    {
        try (JournalWriter writer = open(context()))
        {
            append(writer, 1, T0);
            final byte[] huge = new byte[SMALL_SEGMENT];
            assertThat(writer.append(2, T0, EventType.ORDER.id(), huge, 0, huge.length)).isFalse();
            assertThat(writer.holes()).isEqualTo(1);
            append(writer, 3, T0);
            assertThat(errors).hasSize(1).allSatisfy(e -> assertThat(e).hasMessageContaining("holes"));
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(readAll(reader, 1)).extracting(JournalRecordCopy::seq).containsExactly(1L, 3L);
        }
    }

    @Test
    void shouldAppendWithoutAllocating()
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final byte[] json = json(123_456);
        try (JournalWriter writer = JournalWriter.open(new JournalContext().directory(dir), "e1", errors::add))
        {
            final long threadId = Thread.currentThread().getId();
            threads.getThreadAllocatedBytes(threadId); // load the counter's own code before measuring
            for (int round = 0; round < 5; round++)
            {
                await().atMost(Duration.ofSeconds(10)).until(writer::nextSegmentReady);
                appendMany(writer, 1 + round * 100_000L, 100_000, json);
            }
            await().atMost(Duration.ofSeconds(10)).until(writer::nextSegmentReady); // the measured round may start one
            final long before = threads.getThreadAllocatedBytes(threadId);
            appendMany(writer, 500_001, 100_000, json);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            assertThat(writer.holes()).isZero();
            assertThat(writer.lastSeq()).isEqualTo(600_000);
            assertThat(allocated).as("bytes allocated by 100,000 appends").isZero();
        }
    }

    private static void appendMany(final JournalWriter writer, final long from, final int count, final byte[] json)
    {
        for (long seq = from; seq < from + count; seq++)
        {
            writer.append(seq, T0 + seq, EventType.ORDER.id(), json, 0, json.length);
        }
        writer.flush();
    }

    private Path lastSegment()
    {
        final List<Path> segments = JournalFiles.segments(dir);
        return segments.get(segments.size() - 1);
    }

    private static long positionOf(final Path log, final long seq) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r"))
        {
            long at = JournalLayout.SEGMENT_HEADER_LENGTH;
            while (true)
            {
                file.seek(at);
                final int length = Integer.reverseBytes(file.readInt());
                file.seek(at + JournalLayout.SEQ_OFFSET);
                final long recordSeq = Long.reverseBytes(file.readLong());
                if (recordSeq == seq)
                {
                    return at;
                }
                if (length <= 0)
                {
                    throw new IllegalStateException("no record " + seq + " in " + log);
                }
                at += JournalLayout.aligned(length);
            }
        }
    }

    private static void flipByte(final Path file, final long position) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(position);
            final int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x5A);
        }
    }
}
