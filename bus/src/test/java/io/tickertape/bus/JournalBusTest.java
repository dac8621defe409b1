package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static io.tickertape.bus.Buses.newest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.journal.JournalContext;
import io.tickertape.bus.journal.JournalReader;
import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bus with a journal: every collected event is journaled as the collector made it, and a bus launched again on
 * the same journal continues its epoch and its sequence.
 */
class JournalBusTest
{
    @TempDir
    Path dir;

    private TelemetryBus launch()
    {
        return TelemetryBus.launch(new BusContext().historyCapacity(1000)
            .journal(new JournalContext().directory(dir).segmentBytes(JournalContext.SEGMENT_BYTES_MIN)));
    }

    private static void publish(final TelemetryBus bus, final int count)
    {
        final Producer producer = bus.producer("execution", 1024);
        for (int i = 0; i < count; i++)
        {
            Events.order(producer, "PAPER-" + i, "NIFTY", "BUY", "new", 50, 19755.0);
        }
    }

    @Test
    void shouldJournalEveryEventAndContinueTheEpochAndSequenceWhenLaunchedAgain()
    {
        final String epoch;
        try (TelemetryBus bus = launch())
        {
            epoch = bus.epoch();
            publish(bus, 50);
            awaitCollected(bus, 50);
        }
        try (TelemetryBus bus = launch())
        {
            assertThat(bus.epoch()).isEqualTo(epoch);
            assertThat(bus.history().head()).isEqualTo(50);
            assertThat(bus.history().size()).isZero();
            publish(bus, 10);
            awaitCollected(bus, 60);
            assertThat(newest(bus, TypeFilter.ALL, 100)).extracting(e -> e.get("seq"))
                .containsExactly(51L, 52L, 53L, 54L, 55L, 56L, 57L, 58L, 59L, 60L);
            assertThat(bus.journal().lastSeq()).isEqualTo(60);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.epoch()).isEqualTo(epoch);
            final List<Map<String, Object>> events = new ArrayList<>();
            final List<Long> seqs = new ArrayList<>();
            reader.read(1, 1000, r ->
            {
                seqs.add(r.seq());
                events.add(Json.object(r.json()));
                return true;
            });
            assertThat(seqs).hasSize(60).isSorted().startsWith(1L).endsWith(60L);
            assertThat(events).allSatisfy(e -> assertThat(e).containsEntry("type", "order_event").containsKey("payload"));
            assertThat(events).extracting(e -> e.get("seq")).containsExactlyElementsOf(seqs.stream().map(Object.class::cast).toList());
        }
    }
}
