package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stream as a third-party SSE client (OkHttp's EventSource, under the kit's client) sees it. */
class OkHttpSseClientTest
{
    private final TelemetryFixture fixture;

    OkHttpSseClientTest() throws InterruptedException
    {
        fixture = new TelemetryFixture();
    }

    @AfterEach
    void close()
    {
        fixture.close();
    }

    @Test
    void shouldBeReadableByOkHttpEventSource()
    {
        try (SseClient client = fixture.stream("/api/telemetry/stream?event_type=order_event"))
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.events("connection").isEmpty());
            for (int i = 0; i < 50; i++)
            {
                fixture.publish(i % 2 == 0 ? EventType.ORDER : EventType.SIGNAL);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events(SseEvent.MESSAGE).size() == 25);
            final List<SseEvent> messages = client.events(SseEvent.MESSAGE);
            long previous = 0;
            for (final SseEvent r : messages)
            {
                assertThat(r.id()).startsWith(fixture.bus.epoch() + "-");
                final long id = r.seq();
                assertThat(id).isGreaterThan(previous);
                previous = id;
                assertThat(Json.object(r.data())).containsEntry("type", "order_event").containsEntry("seq", id);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.events("heartbeat").isEmpty());
            assertThat(client.failure()).isNull();
            assertThat(client.ended()).isFalse();
        }
    }

    @Test
    void shouldResumeFromLastEventIdWithOkHttp()
    {
        fixture.publishAndAwait(EventType.ORDER, 30);
        try (SseClient client = fixture.stream("/api/telemetry/stream", Map.of("Last-Event-ID", "20")))
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events(SseEvent.MESSAGE).size() == 10);
            final String epoch = fixture.bus.epoch();
            assertThat(client.events(SseEvent.MESSAGE)).extracting(SseEvent::id).containsExactly(
                epoch + "-21", epoch + "-22", epoch + "-23", epoch + "-24", epoch + "-25", epoch + "-26", epoch + "-27",
                epoch + "-28", epoch + "-29", epoch + "-30");
        }
    }
}
