package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tickertape.bus.journal.JournalContext;
import io.tickertape.bus.journal.JournalReader;
import io.tickertape.bus.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's appender follows the history with a cursor of its own: what it reads it appends, what the collector
 * overwrote before it got there is counted as holes, and the journal's sequence jumps over them.
 */
class JournalAppenderTest
{
    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    private final List<Throwable> errors = new ArrayList<>();

    private static void append(final HistoryRing history, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final byte[] json = ("{\"seq\":" + (history.head() + 1) + "}").getBytes(StandardCharsets.UTF_8);
            history.append(EventType.ORDER.id(), T0 + history.head(), json, 0, json.length);
        }
    }

    private List<Long> journaled()
    {
        final List<Long> seqs = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir))
        {
            reader.read(1, 10_000, r -> seqs.add(r.seq()));
        }
        return seqs;
    }

    @Test
    void shouldAppendWhatItReadsAndCountWhatWasOverwrittenBeforeItGotThereAsHoles()
    {
        final HistoryRing history = new HistoryRing(16, 4096);
        try (JournalWriter writer = JournalWriter.open(new JournalContext().directory(dir), "e1", errors::add))
        {
            final JournalAppender appender = new JournalAppender(history, writer);
            append(history, 10);
            appender.drain();
            assertThat(writer.lastSeq()).isEqualTo(10);
            assertThat(appender.passedSeq()).isEqualTo(10);

            append(history, 100); // 110 now; the history holds 95 to 110
            appender.drain();
            assertThat(writer.holes()).isEqualTo(history.tail() - 11);
            assertThat(writer.lastSeq()).isEqualTo(110);
            assertThat(appender.passedSeq()).isEqualTo(110);
            assertThat(errors).hasSize(1).allSatisfy(e -> assertThat(e).hasMessageContaining("overwritten in memory"));

            final long holes = writer.holes();
            append(history, 5);
            appender.drain();
            assertThat(writer.holes()).as("no new holes").isEqualTo(holes);
        }
        final List<Long> seqs = journaled();
        final long firstAfterHole = seqs.get(10);
        assertThat(seqs.subList(0, 10)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(seqs.subList(10, seqs.size())).isSorted().startsWith(firstAfterHole).endsWith(115L)
            .hasSize((int)(115 - firstAfterHole + 1));
        assertThat(firstAfterHole).isGreaterThan(11L);
    }

    @Test
    void shouldStartAfterTheHistorysHeadSoAContinuedSequenceIsNotAppendedTwice()
    {
        final HistoryRing history = new HistoryRing(16, 4096);
        history.startAfter(40);
        try (JournalWriter writer = JournalWriter.open(new JournalContext().directory(dir), "e1", errors::add))
        {
            final JournalAppender appender = new JournalAppender(history, writer);
            append(history, 3);
            appender.drain();
            assertThat(writer.holes()).isZero();
        }
        assertThat(journaled()).containsExactly(41L, 42L, 43L);
    }
}
