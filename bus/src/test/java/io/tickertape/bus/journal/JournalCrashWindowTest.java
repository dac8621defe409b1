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
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code kill -9} can leave at a few moments of the journal's housekeeping, and what opening or reading the
 * journal then does. Each state is made by hand as the kill would leave it. These tests fail today and are disabled
 * with the reason: they show defects left for the journal's owner.
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
    @Disabled("SegmentJanitor.recoverPrepared moves prepared-<n>.timeindex and then prepared-<n>.log; Segment.rename moves the "
        + "index first: a kill between the two renames leaves the index named and the log not, and every later open fails "
        + "with NoSuchFileException on prepared-<n>.timeindex")
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
    @Disabled("JournalReader lists only segments named by their first sequence: the records of a segment the writer started "
        + "and the janitor has not named yet are not read. The janitor names it after making the next segment and after any "
        + "force it is in (up to a whole 8 MiB segment of events under load in JournalKillIT); a kill in that time hides the "
        + "records from every reader until a writer opens the journal again")
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
    @Disabled("JournalFiles.writeMeta writes journal.meta in place (CREATE_NEW, write, force): a kill before the write leaves "
        + "a short journal.meta beside no segment, and every later open refuses the directory as 'not a Tickertape "
        + "journal's metadata'; writing a temporary file and renaming it would make it whole or absent")
    void shouldOpenADirectoryWhoseJournalWasKilledWhileBeingCreated() throws IOException
    {
        Files.createDirectories(dir);
        Files.write(dir.resolve(JournalLayout.META_FILE), new byte[0]);
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
    @Disabled("JournalContext.conclude takes any positive retentionAge, but SegmentJanitor.retain computes "
        + "retentionAge().toNanos(), which overflows past about 292 years: every retention pass then throws "
        + "ArithmeticException, is counted as a write error, and no segment is ever deleted, by age or by bytes")
    void shouldDeleteByBytesWhateverTheRetentionAge()
    {
        final int segment = JournalContext.SEGMENT_BYTES_MIN;
        final JournalContext context = context().retentionAge(Duration.ofDays(365L * 300))
            .retentionBytes(3L * (segment + JournalLayout.indexBytes(segment, JournalContext.INDEX_INTERVAL_BYTES_DEFAULT)));
        try (JournalWriter writer = JournalWriter.open(context, "e1", errors::add))
        {
            for (long seq = 1; JournalFiles.segments(dir).size() < 6; seq++)
            {
                append(writer, seq);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> JournalFiles.segments(dir).size() <= 3);
            assertThat(writer.writeErrors()).isZero();
        }
    }
}
