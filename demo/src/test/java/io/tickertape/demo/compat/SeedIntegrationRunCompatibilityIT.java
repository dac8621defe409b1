package io.tickertape.demo.compat;

import static io.tickertape.demo.compat.MonitorClient.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;
import org.junit.jupiter.api.Test;

/**
 * The replaced layer's integration run, in meaning: four engines publish its twelve events through the public
 * Java API, and a monitor reading the events query, the stats and the stream finds every one, with the member
 * names, nesting and values that layer's monitors read.
 */
class SeedIntegrationRunCompatibilityIT
{
    @Test
    void shouldShowTheTwelveEventsWithTheOldLayersMembersOverHttp() throws Exception
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(5000));
             TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0)))
        {
            final MonitorClient monitor = new MonitorClient(server.baseUrl());
            try (SseClient stream = SseClient.open(server.baseUrl() + "/api/telemetry/stream"))
            {
                await().until(() -> server.subscriberCount() == 1);
                publishTheRun(bus);
                await().atMost(Duration.ofSeconds(10)).until(() -> stream.events(SseEvent.MESSAGE).size() == 12);

                final List<Map<String, Object>> all = monitor.events("?limit=100");
                assertThat(all).hasSize(12);
                assertThat(all).extracting(e -> e.get("seq")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
                assertThat(all).allSatisfy(e ->
                {
                    assertThat(e.keySet()).containsExactly("seq", "type", "timestamp", "source", "payload");
                    final String type = (String)e.get("type");
                    assertThat(PayloadSchema.missing(object(e, "payload"), PayloadSchema.NAMED.get(type))).as(type).isEmpty();
                });

                checkMarketData(monitor);
                checkStrategy(monitor);
                checkExecution(monitor);
                checkUniverse(monitor);

                final Map<String, Object> stats = monitor.get("/api/telemetry/stats");
                assertThat(stats).containsEntry("total_events", 12L).containsEntry("published", 12L).containsEntry("dropped", 0L);
                assertThat(object(stats, "event_counts")).containsOnly(entry("engine_health", 2L),
                    entry("mde_lookup_failure", 1L), entry("mde_stale_symbols", 1L), entry("indicator_event", 1L),
                    entry("decision_trace", 1L), entry("signal_event", 1L), entry("order_event", 3L),
                    entry("universe_scan", 2L));

                // The stream carried the same twelve, byte for byte the JSON of the query.
                final List<SseEvent> frames = stream.events(SseEvent.MESSAGE);
                final String epoch = (String)stats.get("epoch");
                for (int i = 0; i < 12; i++)
                {
                    assertThat(frames.get(i).id()).isEqualTo(epoch + "-" + (i + 1));
                    assertThat(frames.get(i).json()).isEqualTo(all.get(i));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkMarketData(final MonitorClient monitor) throws Exception
    {
        final Map<String, Object> health = health(monitor, "MarketDataEngine");
        assertThat(health).containsEntry("engine_name", "MarketDataEngine").containsEntry("status", "active");
        assertThat(object(health, "metrics")).containsEntry("cached_symbols", 15L).containsEntry("total_candles", 3000L)
            .containsEntry("lookup_failures", 2L).containsEntry("stale_symbols_count", 1L).containsEntry("has_kite_client", true);
        assertThat(monitor.payloads("?event_type=mde_lookup_failure"))
            .containsExactly(Map.of("symbol", "INVALID", "exchange_tried", "NSE"));
        final Map<String, Object> stale = monitor.payloads("?event_type=mde_stale_symbols").get(0);
        assertThat(stale).containsEntry("count", 1L);
        assertThat((List<Map<String, Object>>)stale.get("symbols"))
            .containsExactly(Map.of("symbol", "OLDSYM", "timeframe", "5m", "age_minutes", 120L));
    }

    private static void checkStrategy(final MonitorClient monitor) throws Exception
    {
        final Map<String, Object> health = health(monitor, "StrategyEngineV2");
        assertThat(health).containsEntry("engine_name", "StrategyEngineV2").containsEntry("status", "active");
        final Map<String, Object> metrics = object(health, "metrics");
        assertThat(metrics).containsEntry("total_strategies", 3L).containsEntry("avg_win_rate", 0.62)
            .containsEntry("max_loss_streak", 2L).containsEntry("avg_confidence", 0.75);
        assertThat(object(object(metrics, "strategies"), "momentum"))
            .containsExactly(entry("win_rate", 0.65), entry("loss_streak", 1L), entry("open_positions", 2L));

        final Map<String, Object> indicator = monitor.payloads("?event_type=indicator_event").get(0);
        assertThat(indicator).containsEntry("symbol", "NIFTY").containsEntry("timeframe", "5m").containsEntry("strategy", "momentum");
        assertThat(object(indicator, "indicators")).containsExactly(entry("rsi", 45.2), entry("ema_20", 19750.5),
            entry("ema_50", 19700.3), entry("atr", 50.8));

        final Map<String, Object> trace = monitor.payloads("?event_type=decision_trace").get(0);
        assertThat(trace).containsEntry("strategy_name", "momentum").containsEntry("symbol", "NIFTY").containsEntry("decision", "BUY");
        assertThat(object(trace, "trace_data")).containsExactly(entry("reason", "RSI oversold + EMA crossover"),
            entry("confidence", 0.85), entry("timeframe", "5m"), entry("close_price", 19755.0));

        assertThat(monitor.payloads("?event_type=signal_event").get(0)).containsExactly(entry("symbol", "NIFTY"),
            entry("strategy_name", "momentum"), entry("signal", "BUY"), entry("confidence", 0.85),
            entry("reason", "RSI oversold + EMA crossover"), entry("timeframe", "5m"));
    }

    private static void checkExecution(final MonitorClient monitor) throws Exception
    {
        final List<Map<String, Object>> orders = monitor.payloads("?event_type=order_event");
        assertThat(orders.get(0)).containsExactly(entry("order_id", "PAPER-20251118-0001"), entry("symbol", "NIFTY"),
            entry("side", "BUY"), entry("status", "new"), entry("strategy", "momentum"), entry("order_type", "MARKET"));
        assertThat(orders.get(1)).containsExactly(entry("order_id", "PAPER-20251118-0001"), entry("symbol", "NIFTY"),
            entry("side", "BUY"), entry("status", "filled"), entry("qty", 50L), entry("price", 19755.0),
            entry("remaining_qty", 0L), entry("strategy", "momentum"), entry("order_type", "MARKET"));
        assertThat(orders.get(2)).containsExactly(entry("order_id", "PAPER-20251118-0002"), entry("symbol", "BANKNIFTY"),
            entry("side", "SELL"), entry("status", "rejected"), entry("reason", "Insufficient margin"),
            entry("strategy", "mean_reversion"));
    }

    private static void checkUniverse(final MonitorClient monitor) throws Exception
    {
        final List<Map<String, Object>> scans = monitor.payloads("?event_type=universe_scan");
        assertThat(scans.get(0)).containsEntry("scan_type", "equity").containsEntry("universe_size", 250L);
        assertThat(object(scans.get(0), "summary")).containsExactly(entry("exchange", "NSE"), entry("instrument_types", List.of("EQ")));
        assertThat(scans.get(1)).containsEntry("scan_type", "fno").containsEntry("universe_size", 1500L);
        assertThat(object(scans.get(1), "summary"))
            .containsExactly(entry("exchange", "NFO"), entry("instrument_types", List.of("FUT", "CE", "PE")));
    }

    /** Producers are collected side by side, so the two health events are told apart by engine, not by order. */
    private static Map<String, Object> health(final MonitorClient monitor, final String engine) throws Exception
    {
        final List<Map<String, Object>> health = monitor.payloads("?event_type=engine_health").stream()
            .filter(p -> engine.equals(p.get("engine_name"))).toList();
        assertThat(health).hasSize(1);
        return health.get(0);
    }

    /** The old run's twelve events, member for member, each engine on its own producer. */
    private static void publishTheRun(final TelemetryBus bus)
    {
        final Producer marketData = bus.producer("market_data", 64);
        try (EventWriter e = Events.beginEngineHealth(marketData, "MarketDataEngine", "active"))
        {
            e.put("cached_symbols", 15).put("total_candles", 3000).put("meta_entries", 150).put("lookup_failures", 2)
                .put("stale_symbols_count", 1).put("has_kite_client", true);
        }
        try (EventWriter e = marketData.claim(EventType.of("mde_lookup_failure")))
        {
            e.put("symbol", "INVALID").put("exchange_tried", "NSE");
        }
        try (EventWriter e = marketData.claim(EventType.of("mde_stale_symbols")))
        {
            e.put("count", 1).beginArray("symbols")
                .addObject().put("symbol", "OLDSYM").put("timeframe", "5m").put("age_minutes", 120).end()
                .end();
        }

        final Producer strategy = bus.producer("strategy", 64);
        try (EventWriter e = Events.beginEngineHealth(strategy, "StrategyEngineV2", "active"))
        {
            e.put("total_strategies", 3).put("avg_win_rate", 0.62).put("max_loss_streak", 2).put("avg_confidence", 0.75)
                .beginObject("strategies")
                .beginObject("momentum").put("win_rate", 0.65).put("loss_streak", 1).put("open_positions", 2).end()
                .beginObject("mean_reversion").put("win_rate", 0.58).put("loss_streak", 2).put("open_positions", 1).end()
                .end();
        }
        try (EventWriter e = Events.beginIndicator(strategy, "NIFTY", "5m"))
        {
            e.put("rsi", 45.2).put("ema_20", 19750.5).put("ema_50", 19700.3).put("atr", 50.8).end().put("strategy", "momentum");
        }
        try (EventWriter e = Events.beginDecisionTrace(strategy, "momentum", "NIFTY", "BUY"))
        {
            e.put("reason", "RSI oversold + EMA crossover").put("confidence", 0.85).put("timeframe", "5m").put("close_price", 19755.0);
        }
        try (EventWriter e = Events.beginSignal(strategy, "NIFTY", "momentum", "BUY"))
        {
            e.put("confidence", 0.85).put("reason", "RSI oversold + EMA crossover").put("timeframe", "5m");
        }

        final Producer execution = bus.producer("execution", 64);
        try (EventWriter e = Events.beginOrder(execution, "PAPER-20251118-0001", "NIFTY", "BUY", "new"))
        {
            e.put("strategy", "momentum").put("order_type", "MARKET");
        }
        try (EventWriter e = Events.beginOrder(execution, "PAPER-20251118-0001", "NIFTY", "BUY", "filled", 50, 19755.0))
        {
            e.put("remaining_qty", 0).put("strategy", "momentum").put("order_type", "MARKET");
        }
        try (EventWriter e = Events.beginOrder(execution, "PAPER-20251118-0002", "BANKNIFTY", "SELL", "rejected"))
        {
            e.put("reason", "Insufficient margin").put("strategy", "mean_reversion");
        }

        final Producer universe = bus.producer("universe", 64);
        try (EventWriter e = Events.beginUniverseScan(universe, "equity", 250))
        {
            e.put("exchange", "NSE").beginArray("instrument_types").add("EQ").end();
        }
        try (EventWriter e = Events.beginUniverseScan(universe, "fno", 1500))
        {
            e.put("exchange", "NFO").beginArray("instrument_types").add("FUT").add("CE").add("PE").end();
        }
    }
}
