package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.Test;

/**
 * After {@code clearHistory()}, what a monitor sees over HTTP: queries and resumes from before the clear point
 * are told of the gap, a live stream goes on, counters stay.
 */
class ClearHistoryTest
{
    private static final String STREAM = "/api/telemetry/stream";
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @SuppressWarnings("unchecked")
    private static List<Long> seqs(final Map<String, Object> page)
    {
        return ((List<Map<String, Object>>)page.get("events")).stream().map(e -> (Long)e.get("seq")).toList();
    }

    private static List<Long> seqs(final List<SseEvent> events)
    {
        return events.stream().map(SseEvent::seq).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(final SseEvent event)
    {
        return (Map<String, Object>)event.json().get("payload");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldAnswerOlderPositionsWithAGapWhileALiveStreamGoesOn() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture())
        {
            final String epoch = f.bus.epoch();
            try (SseClient live = f.stream(STREAM))
            {
                live.awaitConnected();
                f.publishAndAwait(EventType.ORDER, 10);
                live.awaitEvents(SseEvent.MESSAGE, 10, DEADLINE);

                f.bus.clearHistory();
                f.publishAndAwait(EventType.ORDER, 5);

                assertThat(seqs(live.awaitEvents(SseEvent.MESSAGE, 15, DEADLINE)))
                    .as("the live stream goes on through the clear, nothing repeated or skipped")
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
                assertThat(live.events("gap")).isEmpty();
            }

            final Map<String, Object> newest = Json.object(f.get("/api/telemetry/events").body());
            assertThat(seqs(newest)).containsExactly(11L, 12L, 13L, 14L, 15L);
            assertThat(newest).containsEntry("oldest_seq", 11L).containsEntry("head_seq", 15L);

            final Map<String, Object> page = Json.object(f.get("/api/telemetry/events?after_seq=3").body());
            assertThat((Map<String, Object>)page.get("gap")).containsExactly(
                Map.entry("from_seq", 4L), Map.entry("to_seq", 10L), Map.entry("missed", 7L));
            assertThat(seqs(page)).containsExactly(11L, 12L, 13L, 14L, 15L);

            try (SseClient resumed = f.stream(STREAM, Map.of("Last-Event-ID", epoch + "-3")))
            {
                final List<SseEvent> events = resumed.awaitEvents(SseEvent.MESSAGE, 5, DEADLINE);
                assertThat(seqs(events)).containsExactly(11L, 12L, 13L, 14L, 15L);
                final List<SseEvent> gaps = resumed.events("gap");
                assertThat(gaps).hasSize(1);
                assertThat(payload(gaps.get(0))).containsEntry("from_seq", 4L).containsEntry("to_seq", 10L)
                    .containsEntry("missed", 7L);
                assertThat(resumed.events("reset")).isEmpty();
            }

            final Map<String, Object> stats = Json.object(f.get("/api/telemetry/stats").body());
            assertThat(stats).containsEntry("total_events", 5L).containsEntry("published", 15L);
            assertThat((Map<String, Object>)stats.get("event_counts")).containsExactly(Map.entry("order_event", 5L));
        }
    }
}
