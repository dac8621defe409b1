package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.transport.ServerContext;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import io.tickertape.transport.TelemetryServer;
import org.junit.jupiter.api.Test;

/**
 * The old system's integration scenario, through the real HTTP API: engines publish twelve events, and the
 * events query, the stats and the stream all show them, by count and by content.
 */
class SeedScenarioIT
{
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @SuppressWarnings("unchecked")
    void shouldShowTheTwelveEventsOfTheScenarioOverHttp() throws Exception
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(5000));
             TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0)))
        {
            final String base = server.baseUrl();
            try (SseClient stream = SseClient.open(base + "/api/telemetry/stream"))
            {
                await().until(() -> server.subscriberCount() == 1);
                publishScenario(bus);
                await().atMost(Duration.ofSeconds(10)).until(() -> stream.events("message").size() == 12);

                // /events: all twelve, oldest first
                final Map<String, Object> events = get(base + "/api/telemetry/events?limit=100");
                assertThat(events).containsEntry("ok", true).containsEntry("count", 12L);
                final List<Map<String, Object>> list = (List<Map<String, Object>>)events.get("events");
                // Sequences follow collection order: per producer it is publish order, across producers it may interleave.
                assertThat(list).extracting(e -> e.get("type")).containsExactlyInAnyOrder(
                    "engine_health", "mde_lookup_failure", "mde_stale_symbols", "indicator_event", "decision_trace",
                    "signal_event", "engine_health", "order_event", "order_event", "order_event", "universe_scan",
                    "universe_scan");
                assertThat(list).extracting(e -> e.get("seq")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);

                final List<Map<String, Object>> orders = payloads(get(base + "/api/telemetry/events?event_type=order_event"));
                assertThat(orders).extracting(p -> p.get("status")).containsExactly("new", "filled", "rejected");
                assertThat(orders.get(2)).containsEntry("reason", "Insufficient margin");
                assertThat(orders).allSatisfy(o -> assertThat(o).containsEntry("order_id", orders.get(0).get("order_id")));

                final List<Map<String, Object>> scans = payloads(get(base + "/api/telemetry/events?event_type=universe_scan"));
                assertThat(scans.get(0)).containsEntry("scan_type", "equity").containsEntry("universe_size", 250L);
                assertThat((Map<String, Object>)scans.get(0).get("summary")).containsEntry("exchange", "NSE")
                    .containsEntry("instrument_types", Map.of("EQ", 250L));
                assertThat(scans.get(1)).containsEntry("scan_type", "fno").containsEntry("universe_size", 1500L);
                assertThat((Map<String, Object>)((Map<String, Object>)scans.get(1).get("summary")).get("instrument_types"))
                    .containsOnlyKeys("FUT", "CE", "PE");

                final List<Map<String, Object>> health = payloads(get(base + "/api/telemetry/events?event_type=engine_health"));
                assertThat(health).extracting(p -> p.get("engine_name")).containsExactly("market_data", "strategy_engine");
                assertThat((Map<String, Object>)health.get(0).get("metrics")).containsEntry("cached_symbols", 250L)
                    .containsEntry("lookup_failures", 1L).containsEntry("stale_symbols_count", 2L);

                // /stats: counts by type and the total
                final Map<String, Object> stats = get(base + "/api/telemetry/stats");
                assertThat(stats).containsEntry("total_events", 12L).containsEntry("published", 12L).containsEntry("dropped", 0L);
                assertThat((Map<String, Object>)stats.get("event_counts")).containsEntry("engine_health", 2L)
                    .containsEntry("order_event", 3L).containsEntry("universe_scan", 2L).containsEntry("signal_event", 1L)
                    .containsEntry("mde_lookup_failure", 1L).containsEntry("mde_stale_symbols", 1L)
                    .containsEntry("indicator_event", 1L).containsEntry("decision_trace", 1L);

                // the stream: the same twelve, as unnamed frames, ids <epoch>-1..12, same bytes as /events
                final List<SseEvent> frames = stream.events("message");
                final String epoch = (String)stats.get("epoch");
                assertThat(frames).extracting(SseEvent::id).containsExactly(epoch + "-1", epoch + "-2", epoch + "-3",
                    epoch + "-4", epoch + "-5", epoch + "-6", epoch + "-7", epoch + "-8", epoch + "-9", epoch + "-10",
                    epoch + "-11", epoch + "-12");
                assertThat(frames.get(7).json()).isEqualTo(list.get(7));
            }
        }
    }

    private static void publishScenario(final TelemetryBus bus)
    {
        final Producer marketData = bus.producer("market_data", 64);
        final Producer strategy = bus.producer("strategy", 64);
        final Producer execution = bus.producer("execution", 64);
        final Producer universe = bus.producer("universe", 64);
        try (EventWriter e = Events.beginEngineHealth(marketData, "market_data", "healthy"))
        {
            e.put("cached_symbols", 250).put("total_candles", 12_000).put("lookup_failures", 1).put("stale_symbols_count", 2);
        }
        try (EventWriter e = marketData.claim(EventType.of("mde_lookup_failure")))
        {
            e.put("symbol", "SENSEX").put("reason", "symbol not in universe");
        }
        try (EventWriter e = marketData.claim(EventType.of("mde_stale_symbols")))
        {
            e.put("count", 2).beginArray("symbols").add("EQ0007").add("EQ0019").end();
        }
        try (EventWriter e = Events.beginIndicator(strategy, "NIFTY25JANFUT", "5m"))
        {
            e.put("rsi", 61.2).put("ema_20", 23510.5).put("ema_50", 23480.1).put("atr", 38.4);
        }
        try (EventWriter e = Events.beginDecisionTrace(strategy, "momentum", "NIFTY25JANFUT", "BUY"))
        {
            e.put("reason", "ema 20 crossed above ema 50").put("confidence", 0.72).put("timeframe", "5m").put("close", 23515.0);
        }
        Events.signal(strategy, "NIFTY25JANFUT", "BUY", "momentum", 0.72, 23515.0, "ema 20 crossed above ema 50");
        try (EventWriter e = Events.beginEngineHealth(strategy, "strategy_engine", "healthy"))
        {
            e.put("total_strategies", 3).put("avg_win_rate", 0.0).put("max_loss_streak", 0).put("avg_confidence", 0.72);
        }
        Events.order(execution, "PAPER-000001", "NIFTY25JANFUT", "BUY", "new", 75, 23515.0);
        Events.order(execution, "PAPER-000001", "NIFTY25JANFUT", "BUY", "filled", 75, 23515.0);
        try (EventWriter e = Events.beginOrder(execution, "PAPER-000001", "NIFTY25JANFUT", "BUY", "rejected", 75, 23515.0))
        {
            e.put("reason", "Insufficient margin");
        }
        try (EventWriter e = Events.beginUniverseScan(universe, "equity", 250))
        {
            e.put("exchange", "NSE").beginObject("instrument_types").put("EQ", 250).end();
        }
        try (EventWriter e = Events.beginUniverseScan(universe, "fno", 1500))
        {
            e.put("exchange", "NFO").beginObject("instrument_types").put("FUT", 12).put("CE", 744).put("PE", 744).end();
        }
    }

    private Map<String, Object> get(final String url) throws Exception
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.object(response.body());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> payloads(final Map<String, Object> events)
    {
        return ((List<Map<String, Object>>)events.get("events")).stream().map(e -> (Map<String, Object>)e.get("payload")).toList();
    }
}
