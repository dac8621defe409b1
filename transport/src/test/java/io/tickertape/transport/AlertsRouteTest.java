package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.alert.AlertRules;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.ServerFixture;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.Test;

/** {@code GET /api/telemetry/alerts}, alert events on the stream, the alerts in {@code /stats} and {@code /metrics}. */
class AlertsRouteTest
{
    private static final AlertRules RULES = AlertRules.parse("{\"rules\":[" +
        "{\"name\":\"rejects\",\"type\":\"order_event\",\"where\":{\"status\":\"rejected\"},\"count\":2,\"window_s\":60,\"cooldown_s\":600,\"severity\":\"critical\"}," +
        "{\"name\":\"quiet\",\"type\":[\"engine_health\"],\"where\":{\"status\":[\"degraded\",\"down\"]}}]}", "test");

    @Test
    @SuppressWarnings("unchecked")
    void shouldListRulesWithTheirStateAndFiringsAndStreamTheAlertEvent() throws Exception
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().alerts(RULES));
             TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0)))
        {
            final ServerFixture http = new ServerFixture(server.baseUrl());
            try (SseClient stream = http.stream("/api/telemetry/stream?event_type=alert"))
            {
                stream.awaitConnected();
                final Producer execution = bus.producer("execution", 64);
                Events.order(execution, "O1", "NIFTY", "BUY", "rejected", 1, 1.0);
                Events.order(execution, "O2", "NIFTY", "BUY", "filled", 1, 1.0);
                Events.order(execution, "O3", "TCS", "SELL", "rejected", 1, 1.0);
                final SseEvent alert = stream.awaitEvents(SseEvent.MESSAGE, 1, Duration.ofSeconds(10)).get(0);
                assertThat(alert.json()).containsEntry("type", "alert").containsEntry("source", "alerts");
                assertThat((Map<String, Object>)alert.json().get("payload")).containsEntry("rule", "rejects").containsEntry("severity", "critical")
                    .containsEntry("count", 2L).containsEntry("webhook", false);
            }

            final HttpResponse<String> response = http.get("/api/telemetry/alerts");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            final Map<String, Object> reply = Json.object(response.body());
            final List<Map<String, Object>> rules = (List<Map<String, Object>>)reply.get("rules");
            assertThat(rules).extracting(r -> r.get("name")).containsExactly("rejects", "quiet");
            assertThat(rules.get(0)).containsEntry("state", "cooldown").containsEntry("firings", 1L).containsEntry("count", 2L)
                .containsEntry("type", List.of("order_event")).containsEntry("where", Map.of("status", List.of("rejected")))
                .containsEntry("webhook", null);
            assertThat(rules.get(1)).containsEntry("state", "watching").containsEntry("firings", 0L).containsEntry("last_fired", null);
            final List<Map<String, Object>> firings = (List<Map<String, Object>>)reply.get("firings");
            assertThat(firings).hasSize(1);
            assertThat((Map<String, Object>)firings.get(0).get("first_event")).containsEntry("seq", 1L);
            assertThat((Map<String, Object>)firings.get(0).get("last_event")).containsEntry("seq", 3L);
            assertThat((Map<String, Object>)reply.get("delivery")).containsEntry("fired", 1L).containsEntry("delivered", 0L);

            assertThat((Map<String, Object>)Json.object(http.get("/api/telemetry/stats").body()).get("alerts"))
                .containsEntry("fired", 1L).containsEntry("dropped", 0L).containsEntry("missed", 0L);
            final String metrics = http.get("/metrics").body();
            assertThat(metrics).contains("tickertape_alerts_fired_total 1\n").contains("tickertape_alert_rule_firings_total{rule=\"rejects\"} 1\n")
                .contains("tickertape_alert_rule_firings_total{rule=\"quiet\"} 0\n").contains("# TYPE tickertape_alerts_delivered_total counter\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> bus.alerts().evaluatedSeq() >= 4);
        }
    }

    @Test
    void shouldSayWhenTheBusHasNoRules() throws Exception
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext()); TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0)))
        {
            final ServerFixture http = new ServerFixture(server.baseUrl());
            final HttpResponse<String> response = http.get("/api/telemetry/alerts");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(Json.object(response.body()).get("error")).asString().contains("no alert rules");
            assertThat(Json.object(http.get("/api/telemetry/stats").body())).doesNotContainKey("alerts");
            assertThat(http.get("/metrics").body()).doesNotContain("tickertape_alert");
        }
    }
}
