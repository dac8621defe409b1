package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tickertape.bus.journal.JournalContext;
import io.tickertape.bus.journal.JournalReader;
import io.tickertape.bus.journal.JournalWriter;
import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector hands events to the journal's thread through a buffer of the journal's own: what is handed over is
 * appended as it was given, and what finds the buffer full is counted as holes, the journal's sequence jumping
 * over them.
 */
class JournalAppenderTest
{
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final int BUFFER = 1 << 16;

    @TempDir
    Path dir;

    private final List<Throwable> errors = new ArrayList<>();

    private static int offer(final JournalAppender appender, final long seq)
    {
        final byte[] json = ("{\"seq\":" + seq + ",\"pad\":\"" + "x".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8);
        final byte[] encoderBuffer = new byte[json.length + 64]; // longer than the JSON, as the encoder's is
        System.arraycopy(json, 0, encoderBuffer, 0, json.length);
        appender.offer(seq, T0 + seq, EventType.ORDER.id(), encoderBuffer, json.length);
        return json.length;
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
    void shouldAppendWhatIsHandedOverAndCountWhatFindsTheBufferFullAsHoles()
    {
        try (JournalWriter writer = JournalWriter.open(new JournalContext().directory(dir), "e1", errors::add))
        {
            final JournalAppender appender = new JournalAppender(writer, BUFFER);
            for (long seq = 1; seq <= 10; seq++)
            {
                offer(appender, seq);
            }
            appender.drain();
            assertThat(writer.lastSeq()).isEqualTo(10);
            assertThat(writer.holes()).isZero();

            long seq = 10;
            while (writer.holes() == 0) // the journal's thread does not run: the buffer fills up
            {
                offer(appender, ++seq);
            }
            final long firstMissed = seq;
            for (int i = 0; i < 9; i++)
            {
                offer(appender, ++seq);
            }
            assertThat(writer.holes()).isEqualTo(10);
            assertThat(errors).hasSize(1).allSatisfy(e -> assertThat(e).hasMessageContaining("buffer full"));
            appender.drain();
            assertThat(writer.lastSeq()).isEqualTo(firstMissed - 1);
            offer(appender, ++seq);
            appender.drain();
            assertThat(writer.lastSeq()).isEqualTo(seq);
            assertThat(writer.holes()).as("no new holes once there is room").isEqualTo(10);

            final List<Long> journaled = new ArrayList<>();
            for (long s = 1; s < firstMissed; s++)
            {
                journaled.add(s);
            }
            journaled.add(seq);
            writer.close();
            assertThat(journaled()).isEqualTo(journaled);
            assertThat(firstMissed * 160).as("the buffer held what it could").isGreaterThan(BUFFER / 2);
        }
    }
}
