package io.tickertape.transport;

import java.util.Map;

import io.tickertape.bus.BusStats;
import io.tickertape.bus.ProducerStats;

/**
 * {@code GET /metrics}: the same figures as the stats, in the Prometheus text exposition format 0.0.4.
 * The bus's figures come from its {@link BusStats} snapshot, the transport's from {@link TransportCounters}, as
 * for {@link StatsJson}. Written by hand: the format is a few lines of text, and a client library would bring a
 * registry of its own to keep in step with the bus's counters.
 */
final class PrometheusMetrics
{
    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusMetrics()
    {
    }

    static String render(final BusStats stats, final TransportCounters counters)
    {
        final PrometheusMetrics m = new PrometheusMetrics();
        m.header("tickertape_up", "gauge", "1 while the collector runs, else 0.");
        m.sample("tickertape_up", null, null, stats.running() ? 1 : 0);
        m.header("tickertape_uptime_seconds", "gauge", "Seconds since the bus started.");
        m.sample("tickertape_uptime_seconds", null, null, stats.uptimeMillis() / 1000.0);

        m.header("tickertape_published_total", "counter", "Events committed by all producers.");
        m.sample("tickertape_published_total", null, null, stats.published());
        m.header("tickertape_dropped_total", "counter", "Events dropped by all producers because their ring was full.");
        m.sample("tickertape_dropped_total", null, null, stats.dropped());
        m.header("tickertape_truncated_total", "counter", "Events whose payload was cut to fit the slot, all producers.");
        m.sample("tickertape_truncated_total", null, null, stats.truncated());

        m.header("tickertape_producer_published_total", "counter", "Events committed by a producer.");
        for (final ProducerStats p : stats.producers())
        {
            m.sample("tickertape_producer_published_total", "producer", p.name(), p.published());
        }
        m.header("tickertape_producer_dropped_total", "counter", "Events dropped because a producer's ring was full.");
        for (final ProducerStats p : stats.producers())
        {
            m.sample("tickertape_producer_dropped_total", "producer", p.name(), p.dropped());
        }
        m.header("tickertape_producer_truncated_total", "counter", "Events whose payload was cut to fit the slot.");
        for (final ProducerStats p : stats.producers())
        {
            m.sample("tickertape_producer_truncated_total", "producer", p.name(), p.truncated());
        }
        m.header("tickertape_producer_ring_depth", "gauge", "Events claimed but not yet collected.");
        for (final ProducerStats p : stats.producers())
        {
            m.sample("tickertape_producer_ring_depth", "producer", p.name(), p.depth());
        }
        m.header("tickertape_producer_ring_size", "gauge", "Slots in a producer's ring.");
        for (final ProducerStats p : stats.producers())
        {
            m.sample("tickertape_producer_ring_size", "producer", p.name(), p.ringSize());
        }

        m.header("tickertape_collected_total", "counter", "Events appended to the history by the collector.");
        m.sample("tickertape_collected_total", null, null, stats.collected());
        m.header("tickertape_oversized_total", "counter", "Events too long for the history, kept without payload.");
        m.sample("tickertape_oversized_total", null, null, stats.oversized());
        m.header("tickertape_collector_batches_total", "counter", "Collector duty cycles that found work.");
        m.sample("tickertape_collector_batches_total", null, null, stats.collectorBatches());
        m.header("tickertape_collector_errors_total", "counter", "Errors counted by the collector.");
        m.sample("tickertape_collector_errors_total", null, null, stats.collectorErrors());
        m.header("tickertape_head_seq", "gauge", "Sequence of the newest event in the history.");
        m.sample("tickertape_head_seq", null, null, stats.headSeq());
        m.header("tickertape_oldest_seq", "gauge", "Sequence of the oldest event held (0 when empty).");
        m.sample("tickertape_oldest_seq", null, null, stats.historySize() == 0 ? 0 : stats.tailSeq());
        m.header("tickertape_history_size", "gauge", "Events held in the history.");
        m.sample("tickertape_history_size", null, null, stats.historySize());
        m.header("tickertape_history_capacity", "gauge", "Most events the history holds.");
        m.sample("tickertape_history_capacity", null, null, stats.historyCapacity());
        m.header("tickertape_history_events", "gauge", "Events held in the history, by type.");
        for (final Map.Entry<String, Long> e : stats.eventCounts().entrySet())
        {
            m.sample("tickertape_history_events", "type", e.getKey(), e.getValue());
        }

        for (final TransportCounter figure : TransportCounter.values())
        {
            m.header(figure.metric(), figure.kind().prometheusType(), figure.help());
            m.sample(figure.metric(), null, null, counters.value(figure));
        }
        return m.out.toString();
    }

    private void header(final String name, final String type, final String help)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(final String name, final String label, final String value, final double number)
    {
        out.append(name);
        if (null != label)
        {
            out.append('{').append(label).append("=\"");
            escapeLabel(value);
            out.append("\"}");
        }
        out.append(' ');
        if (number == Math.rint(number) && Math.abs(number) < 1e15)
        {
            out.append((long)number);
        }
        else
        {
            out.append(number);
        }
        out.append('\n');
    }

    private void escapeLabel(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
