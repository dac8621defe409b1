package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import io.tickertape.bus.journal.JournalContext;
import io.tickertape.bus.journal.JournalReader;
import io.tickertape.bus.journal.JournalWriter;
import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's appender follows the history with a cursor of its own; what the history lets go of before the
 * appender has read it is spilled to the appender's own buffer and taken from there, in order; only what finds that
 * buffer full is counted as holes, the journal's sequence jumping over them.
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
            final long seq = history.head() + 1;
            final byte[] json = ("{\"seq\":" + seq + ",\"pad\":\"" + "x".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8);
            history.append(EventType.ORDER.id(), T0 + seq, json, 0, json.length);
        }
    }

    private List<Long> journaled()
    {
        final List<Long> seqs = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir))
        {
            reader.read(1, 100_000, r ->
            {
                assertThat(Json.object(r.json())).containsEntry("seq", r.seq());
                assertThat(r.timestampNanos()).isEqualTo(T0 + r.seq());
                assertThat(r.type()).isEqualTo(EventType.ORDER);
                return seqs.add(r.seq());
            });
        }
        return seqs;
    }

    @Test
    void shouldTakeWhatTheHistoryLetGoOfFromTheSpillBufferInOrder()
    {
        final HistoryRing history = new HistoryRing(16, 4096);
        try (JournalWriter writer = JournalWriter.open(new JournalContext().directory(dir), "e1", errors::add))
        {
            final JournalAppender appender = new JournalAppender(history, writer, 1 << 20);
            history.spillTo(appender);
            append(history, 10);
            appender.drain();
            assertThat(writer.lastSeq()).isEqualTo(10);

            append(history, 500); // the history holds the newest 16: 494 were let go of before the appender read them
            history.clear();      // and a clear lets go of the rest
            append(history, 3);
            appender.drain();
            assertThat(writer.lastSeq()).isEqualTo(513);
            assertThat(writer.holes()).isZero();
            assertThat(errors).isEmpty();
        }
        final List<Long> expected = new ArrayList<>();
        for (long seq = 1; seq <= 513; seq++)
        {
            expected.add(seq);
        }
        assertThat(journaled()).isEqualTo(expected);
    }

    @Test
    void shouldTakeSpilledRecordsAcrossTheEndOfTheSpillBuffer()
    {
        final HistoryRing history = new HistoryRing(16, 4096);
        try (JournalWriter writer = JournalWriter.open(new JournalContext().directory(dir), "e1", errors::add))
        {
            final JournalAppender appender = new JournalAppender(history, writer, 1 << 16);
            history.spillTo(appender);
            for (int round = 0; round < 8; round++) // about 40 KiB spilled a round: the buffer's end is crossed
            {
                append(history, 300);
                appender.drain();
                assertThat(writer.holes()).as("round %d", round).isZero();
            }
            assertThat(writer.lastSeq()).isEqualTo(2400);
        }
        assertThat(journaled()).hasSize(2400).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void shouldCountWhatFindsTheSpillBufferFullAsHoles()
    {
        final HistoryRing history = new HistoryRing(16, 4096);
        try (JournalWriter writer = JournalWriter.open(new JournalContext().directory(dir), "e1", errors::add))
        {
            final JournalAppender appender = new JournalAppender(history, writer, 1 << 16);
            history.spillTo(appender);
            append(history, 2000);
            appender.drain();
            assertThat(writer.holes()).isGreaterThan(1000).isLessThan(2000);
            assertThat(writer.appended() + writer.holes()).isEqualTo(2000);
            assertThat(writer.lastSeq()).isEqualTo(2000);
            assertThat(errors).hasSize(1).allSatisfy(e -> assertThat(e).hasMessageContaining("holes"));

            final long holes = writer.holes();
            append(history, 5);
            appender.drain();
            assertThat(writer.holes()).as("no new holes once it keeps up").isEqualTo(holes);
            assertThat(writer.lastSeq()).isEqualTo(2005);
        }
        final List<Long> seqs = journaled();
        assertThat(seqs).isSorted().doesNotHaveDuplicates().startsWith(1L).endsWith(2005L);
        assertThat(seqs.subList(seqs.size() - 21, seqs.size())).as("the history's newest, read from it")
            .containsExactlyElementsOf(LongStream.rangeClosed(1985, 2005).boxed().toList());
    }
}
