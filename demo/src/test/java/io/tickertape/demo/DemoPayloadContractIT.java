package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tickertape.demo.compat.MonitorClient;
import io.tickertape.demo.compat.PayloadSchema;
import org.junit.jupiter.api.Test;

/**
 * The demo's own engines, read over {@code /api/telemetry/events} as a monitor of the replaced layer reads them:
 * every event of each of the ten types carries every member that layer named, under its name and nesting, and
 * the members the engines add beyond them are where docs/EVENTS.md says.
 */
class DemoPayloadContractIT
{
    private static final List<String> TYPES = List.of("signal_event", "indicator_event", "order_event", "position_event",
        "engine_health", "decision_trace", "universe_scan", "performance_update", "mde_lookup_failure", "mde_stale_symbols");

    @Test
    void shouldPublishEveryNamedMemberOfEveryTypeFromTheDemo() throws Exception
    {
        try (RunningDemo demo = new RunningDemo("--port", "0"))
        {
            final MonitorClient monitor = new MonitorClient(demo.baseUrl());
            for (final String type : TYPES)
            {
                await().atMost(Duration.ofSeconds(60)).until(() -> !monitor.events("?event_type=" + type + "&limit=1").isEmpty());
                final List<Map<String, Object>> payloads = monitor.payloads("?event_type=" + type + "&limit=200");
                for (final Map<String, Object> payload : payloads)
                {
                    assertThat(PayloadSchema.missing(payload, PayloadSchema.NAMED.get(type))).as("%s %s", type, payload).isEmpty();
                    assertThat(PayloadSchema.missing(payload, extras(type, payload))).as("%s %s", type, payload).isEmpty();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> engines(monitor).size() == 2);
        }
    }

    /** The engines whose health was seen, each with its named metrics checked. */
    private static List<String> engines(final MonitorClient monitor) throws Exception
    {
        final List<String> seen = new ArrayList<>();
        for (final Map<String, Object> payload : monitor.payloads("?event_type=engine_health&limit=200"))
        {
            final String engine = (String)payload.get("engine_name");
            final List<String> metrics = "strategy_engine".equals(engine) ? PayloadSchema.STRATEGY_HEALTH : PayloadSchema.MARKET_DATA_HEALTH;
            assertThat(PayloadSchema.missing(payload, metrics)).as("%s", payload).isEmpty();
            assertThat(payload.get("status")).isIn("active", "degraded", "starting");
            if (!seen.contains(engine))
            {
                seen.add(engine);
            }
        }
        assertThat(seen).isSubsetOf("market_data", "strategy_engine");
        return seen;
    }

    /** The members the reference engines add beyond the named ones, as docs/EVENTS.md lists them. */
    private static List<String> extras(final String type, final Map<String, Object> payload)
    {
        return switch (type)
        {
            case "signal_event" -> List.of("confidence", "reason", "timeframe", "price");
            case "indicator_event" -> List.of("indicators.close");
            case "order_event" -> switch ((String)payload.get("status"))
            {
                case "rejected" -> List.of("qty", "price", "strategy", "order_type", "reason");
                case "new" -> List.of("qty", "price", "strategy", "order_type", "filled_qty", "remaining_qty");
                default -> List.of("qty", "price", "strategy", "order_type", "filled_qty", "remaining_qty", "fill_qty",
                    "fill_price", "avg_fill_price");
            };
            case "position_event" -> List.of("entry_price", "realized_pnl", "unrealized_pnl");
            case "decision_trace" -> List.of("trace_data.position");
            case "universe_scan" -> List.of("summary.instrument_counts", "summary.scan_number", "summary.build_us");
            case "performance_update" -> List.of("metrics.realized_pnl", "metrics.unrealized_pnl", "metrics.equity",
                "metrics.max_drawdown", "metrics.trades");
            case "mde_lookup_failure" -> List.of("reason");
            case "mde_stale_symbols" -> List.of("threshold_minutes", "oldest_age_minutes");
            default -> List.of();
        };
    }
}
