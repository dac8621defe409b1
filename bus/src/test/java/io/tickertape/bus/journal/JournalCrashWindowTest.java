package io.tickertape.bus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tickertape.bus.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code kill -9} can leave at a few moments of the journal's housekeeping, and what opening or reading the
 * journal then does. Each state is made by hand as the kill would leave it.
 */
class JournalCrashWindowTest
{
    private static final long T0 = System.currentTimeMillis() * 1_000_000L;

    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private JournalContext context()
    {
        return new JournalContext().directory(dir).segmentBytes(JournalContext.SEGMENT_BYTES_MIN);
    }

    private static void append(final JournalWriter writer, final long seq)
    {
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(writer::nextSegmentReady);
        final byte[] json = ("{\"seq\":" + seq + ",\"type\":\"order_event\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(writer.append(seq, T0 + seq, EventType.ORDER.id(), json, 0, json.length)).isTrue();
        writer.flush();
    }

    /** A journal whose newest segment was started by the writer: returns its last sequence. */
    private long writeIntoASecondSegment()
    {
        long seq = 0;
        try (JournalWriter writer = JournalWriter.open(context(), "e1", errors::add))
        {
            while (JournalFiles.segments(dir).size() < 2)
            {
                append(writer, ++seq);
            }
            append(writer, ++seq);
        }
        return seq;
    }

    private Path newestSegment()
    {
        final List<Path> segments = JournalFiles.segments(dir);
        return segments.get(segments.size() - 1);
    }

    private static Path indexOf(final Path log)
    {
        final String name = log.getFileName().toString();
        return log.resolveSibling(name.substring(0, name.length() - JournalLayout.LOG_SUFFIX.length()) + JournalLayout.INDEX_SUFFIX);
    }

    @Test
    void shouldOpenAJournalKilledBetweenTheTwoRenamesOfANewSegment() throws IOException
    {
        final long last = writeIntoASecondSegment();
        final Path log = newestSegment();
        // As Segment.rename leaves it when killed after its first move: the index has its name, the log not yet.
        Files.move(log, dir.resolve(JournalLayout.PREPARED_PREFIX + "123-0" + JournalLayout.LOG_SUFFIX));
        try (JournalWriter writer = JournalWriter.open(context(), "e1", errors::add))
        {
            assertThat(writer.lastSeq()).isEqualTo(last);
        }
    }

    @Test
    void shouldReadTheRecordsOfASegmentStartedAndNotYetNamed() throws IOException
    {
        final long last = writeIntoASecondSegment();
        final Path log = newestSegment();
        // As a kill leaves it before the janitor named the segment the writer had started.
        Files.move(indexOf(log), dir.resolve(JournalLayout.PREPARED_PREFIX + "123-0" + JournalLayout.INDEX_SUFFIX));
        Files.move(log, dir.resolve(JournalLayout.PREPARED_PREFIX + "123-0" + JournalLayout.LOG_SUFFIX));
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.lastSeq()).isEqualTo(last);
        }
    }

    @Test
    void shouldOpenADirectoryWhoseJournalWasKilledWhileBeingCreated() throws IOException
    {
        // The metadata is written into a temporary file and renamed: a kill before the rename leaves that file,
        // short, and no journal.meta.
        Files.createDirectories(dir);
        Files.write(dir.resolve(JournalLayout.META_FILE + JournalFiles.TEMPORARY_SUFFIX), new byte[12]);
        try (JournalWriter writer = JournalWriter.open(context(), "e1", errors::add))
        {
            append(writer, 1);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.lastSeq()).isEqualTo(1);
        }
    }

    @Test
    void shouldDeleteByBytesWhateverTheRetentionAge()
    {
        final int segment = JournalContext.SEGMENT_BYTES_MIN;
        final JournalContext context = context().retentionAge(Duration.ofDays(365L * 300))
            .retentionBytes(3L * (segment + JournalLayout.indexBytes(segment, JournalContext.INDEX_INTERVAL_BYTES_DEFAULT)));
        try (JournalWriter writer = JournalWriter.open(context, "e1", errors::add))
        {
            long seq = 1;
            for (int i = 0; i < 20_000 && writer.segmentsDeleted() < 3; i++)
            {
                append(writer, seq++); // about 6 segments' worth
            }
            assertThat(writer.segmentsDeleted()).isGreaterThanOrEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> JournalFiles.segments(dir).size() <= 3);
            assertThat(writer.writeErrors()).isZero();
        }
    }
}
