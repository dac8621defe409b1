package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.SampledLeakDetection;
import io.tickertape.testkit.SseClient;
import org.junit.jupiter.api.Test;

/** Many subscribers share one history: each gets every event, in order, with nothing lost while it keeps up. */
@SampledLeakDetection
class FanOutTest
{
    private static final int CLIENTS = 200;
    private static final int EVENTS = 100_000;

    @Test
    void shouldDeliverTheSameEventsInOrderToEveryClient() throws Exception
    {
        final List<SseClient> clients = new ArrayList<>();
        try (TelemetryFixture fixture = new TelemetryFixture(new BusContext().historyCapacity(131_072), new ServerContext()))
        {
            for (int i = 0; i < CLIENTS; i++)
            {
                clients.add(fixture.countingStream("/api/telemetry/stream"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> fixture.server.subscriberCount() == CLIENTS);

            final long start = System.nanoTime();
            fixture.publishAndAwait(EventType.ORDER, EVENTS);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> clients.stream().allMatch(c -> c.messageCount() >= EVENTS));
            final double seconds = (System.nanoTime() - start) / 1e9;

            for (final SseClient client : clients)
            {
                assertThat(client.orderViolation()).isNull();
                assertThat(client.messageCount()).isEqualTo(EVENTS);
                assertThat(client.lastMessageId()).isEqualTo(EVENTS);
                assertThat(client.events("gap")).isEmpty();
            }
            System.out.printf("fan-out: %d clients x %d events in %.1f s (%.0f frames/s)%n",
                CLIENTS, EVENTS, seconds, CLIENTS * (double)EVENTS / seconds);
        }
        finally
        {
            for (final SseClient client : clients)
            {
                client.close();
            }
        }
    }
}
