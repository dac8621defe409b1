package io.tickertape.transport;

import java.util.function.ToDoubleFunction;

import io.tickertape.bus.BusStats;
import io.tickertape.transport.TransportCounter.Kind;

/**
 * Every scalar figure of the bus, each with its key in the stats JSON and its Prometheus metric, read from one
 * {@link BusStats} snapshot. With {@link TransportCounter} for the transport's, this list is the one place a figure is
 * declared: {@link StatsJson} and {@link PrometheusMetrics} both render every entry, so no figure can be shown by
 * one and not the other. Figures with a label (per producer, per type) are rendered beside these by both.
 */
enum BusFigure
{
    HISTORY_SIZE("total_events", "tickertape_history_size", Kind.GAUGE, "Events held in the history.",
        BusStats::historySize),
    HISTORY_CAPACITY("buffer_size", "tickertape_history_capacity", Kind.GAUGE, "Most events the history holds.",
        BusStats::historyCapacity),
    HEAD_SEQ("head_seq", "tickertape_head_seq", Kind.GAUGE, "Sequence of the newest event in the history.",
        BusStats::headSeq),
    OLDEST_SEQ("oldest_seq", "tickertape_oldest_seq", Kind.GAUGE, "Sequence of the oldest event held (0 when empty).",
        (s) -> s.historySize() == 0 ? 0 : s.tailSeq()),
    PUBLISHED("published", "tickertape_published_total", Kind.COUNTER, "Events committed by all producers.",
        BusStats::published),
    DROPPED("dropped", "tickertape_dropped_total", Kind.COUNTER,
        "Events dropped by all producers because their ring was full.", BusStats::dropped),
    TRUNCATED("truncated", "tickertape_truncated_total", Kind.COUNTER,
        "Events whose payload was cut to fit the slot, all producers.", BusStats::truncated),
    COLLECTED("collected", "tickertape_collected_total", Kind.COUNTER,
        "Producers' events appended to the history by the collector.", BusStats::collected),
    DROP_ANNOUNCEMENTS("drop_announcements", "tickertape_drop_announcements_total", Kind.COUNTER,
        "dropped events the collector appended to announce producers' drops.", BusStats::dropAnnouncements),
    OVERSIZED("oversized", "tickertape_oversized_total", Kind.COUNTER,
        "Events too long for the history, kept without payload.", BusStats::oversized),
    COLLECTOR_BATCHES("collector_batches", "tickertape_collector_batches_total", Kind.COUNTER,
        "Collector duty cycles that found work.", BusStats::collectorBatches),
    COLLECTOR_ERRORS("collector_errors", "tickertape_collector_errors_total", Kind.COUNTER,
        "Errors counted by the collector.", BusStats::collectorErrors),
    COLLECTOR_INTERRUPTS("collector_interrupts", "tickertape_collector_interrupts_total", Kind.COUNTER,
        "Times the collector thread found its interrupt flag set, cleared it and went on.", BusStats::collectorInterrupts),
    COLLECTOR_RUNNING("collector_running", "tickertape_up", Kind.GAUGE, "1 while the collector runs, else 0.",
        (s) -> s.running() ? 1 : 0),
    UPTIME("uptime_s", "tickertape_uptime_seconds", Kind.GAUGE, "Seconds since the bus started.",
        (s) -> s.uptimeMillis() / 1000.0);

    private final String key;
    private final String metric;
    private final Kind kind;
    private final String help;
    private final ToDoubleFunction<BusStats> value;

    BusFigure(
        final String key, final String metric, final Kind kind, final String help, final ToDoubleFunction<BusStats> value)
    {
        this.key = key;
        this.metric = metric;
        this.kind = kind;
        this.help = help;
        this.value = value;
    }

    /** @return the key in the stats JSON (top level). */
    String key()
    {
        return key;
    }

    /** @return the Prometheus metric name. */
    String metric()
    {
        return metric;
    }

    Kind kind()
    {
        return kind;
    }

    /** @return the Prometheus help text. */
    String help()
    {
        return help;
    }

    /** @return the figure in a snapshot. */
    double value(final BusStats stats)
    {
        return value.applyAsDouble(stats);
    }
}
