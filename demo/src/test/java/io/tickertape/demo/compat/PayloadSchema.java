package io.tickertape.demo.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The member names and nesting that monitors of the replaced telemetry layer read, per event type, as paths into
 * the payload: {@code trace_data.reason} is member {@code reason} of object {@code trace_data}, and {@code *}
 * stands for every member of an object (which must have at least one). Taken from the old layer's helpers and the
 * engines that called them (docs/EVENTS.md lists them too).
 */
public final class PayloadSchema
{
    /** The named members of each of the ten types; engine_health's metrics depend on the engine, below. */
    public static final Map<String, List<String>> NAMED = Map.of(
        "signal_event", List.of("symbol", "strategy_name", "signal"),
        "indicator_event", List.of("symbol", "timeframe", "indicators.rsi", "indicators.ema_20", "indicators.ema_50", "indicators.atr"),
        "order_event", List.of("order_id", "symbol", "side", "status"),
        "position_event", List.of("symbol", "position_size"),
        "engine_health", List.of("engine_name", "status", "metrics"),
        "decision_trace", List.of("strategy_name", "symbol", "decision", "trace_data.reason", "trace_data.confidence",
            "trace_data.timeframe", "trace_data.close_price"),
        "universe_scan", List.of("scan_type", "universe_size", "summary.exchange", "summary.instrument_types"),
        "performance_update", List.of("metrics.total_pnl", "metrics.win_rate", "metrics.sharpe_ratio"),
        "mde_lookup_failure", List.of("symbol", "exchange_tried"),
        "mde_stale_symbols", List.of("count", "symbols"));

    /** The strategy engine's health metrics. */
    public static final List<String> STRATEGY_HEALTH = List.of("metrics.total_strategies", "metrics.avg_win_rate",
        "metrics.max_loss_streak", "metrics.avg_confidence", "metrics.strategies.*.win_rate",
        "metrics.strategies.*.loss_streak", "metrics.strategies.*.win_streak", "metrics.strategies.*.open_positions");

    /** The market data engine's health metrics. */
    public static final List<String> MARKET_DATA_HEALTH = List.of("metrics.cached_symbols", "metrics.total_candles",
        "metrics.lookup_failures", "metrics.stale_symbols_count");

    private PayloadSchema()
    {
    }

    /**
     * The paths a payload lacks.
     *
     * @param payload an event's payload.
     * @param paths   paths as described above.
     * @return those not present (with a non-null value), empty when all are.
     */
    public static List<String> missing(final Map<String, Object> payload, final List<String> paths)
    {
        final List<String> missing = new ArrayList<>();
        for (final String path : paths)
        {
            if (!present(payload, path.split("\\."), 0))
            {
                missing.add(path);
            }
        }
        return missing;
    }

    @SuppressWarnings("unchecked")
    private static boolean present(final Object node, final String[] path, final int at)
    {
        if (at == path.length)
        {
            return null != node;
        }
        if (!(node instanceof Map))
        {
            return false;
        }
        final Map<String, Object> object = (Map<String, Object>)node;
        if ("*".equals(path[at]))
        {
            return !object.isEmpty() && object.values().stream().allMatch(v -> present(v, path, at + 1));
        }
        return present(object.get(path[at]), path, at + 1);
    }
}
