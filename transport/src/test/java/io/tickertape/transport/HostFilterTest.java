package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Origin;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.ServerFixture;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code host} on {@code /api/telemetry/events} and the stream, at a bus that relays two hosts' events (a hub's). */
class HostFilterTest
{
    private TelemetryBus bus;
    private TelemetryServer server;
    private ServerFixture http;

    @BeforeEach
    void start() throws Exception
    {
        bus = TelemetryBus.launch(new BusContext().historyCapacity(1000));
        final Producer alpha = bus.relay(new Origin("alpha", "execution", "e1"), 256);
        final Producer beta = bus.relay(new Origin("beta", "execution", "e2"), 256);
        for (int i = 1; i <= 20; i++)
        {
            try (EventWriter e = (i % 2 == 0 ? beta : alpha).claimRelayed(EventType.ORDER, 1_000_000L * i, i))
            {
                e.put("symbol", i % 4 < 2 ? "NIFTY" : "TCS");
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.history().head() >= 20);
        server = TelemetryServer.start(bus, new ServerContext().port(0));
        http = new ServerFixture(server.baseUrl());
    }

    @AfterEach
    void stop()
    {
        server.close();
        bus.close();
    }

    @Test
    void shouldReturnOnlyTheNamedHostsEventsFromTheHistoryAndTheStream() throws Exception
    {
        assertThat(originSeqs("host=alpha")).containsExactly(1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L, 19L);
        assertThat(originSeqs("host=beta&symbol=NIFTY")).containsExactly(4L, 8L, 12L, 16L, 20L);
        assertThat(originSeqs("host=alpha,beta")).hasSize(20);
        assertThat(originSeqs("host=gamma")).isEmpty();
        try (SseClient stream = http.stream("/api/telemetry/stream?host=beta&last_event_id=" + bus.epoch() + "-0"))
        {
            final List<SseEvent> events = stream.awaitEvents(SseEvent.MESSAGE, 10, Duration.ofSeconds(10));
            assertThat(events).allMatch(e -> "beta".equals(((Map<?, ?>)e.json().get("origin")).get("host")));
        }
    }

    @Test
    void shouldRefuseAnEmptyHost() throws Exception
    {
        final HttpResponse<String> response = http.get("/api/telemetry/events?host=alpha,");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("host has an empty value");
    }

    @SuppressWarnings("unchecked")
    private List<Long> originSeqs(final String query) throws Exception
    {
        final HttpResponse<String> response = http.get("/api/telemetry/events?after_seq=0&limit=100&" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ((List<Map<String, Object>>)Json.object(response.body()).get("events")).stream()
            .map(e -> (Long)((Map<String, Object>)e.get("origin")).get("seq")).toList();
    }
}
