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

    static String render(final BusStats stats, final JournalStats journal, final TransportCounters counters)
    {
        final PrometheusMetrics m = new PrometheusMetrics();
        m.header("tickertape_info", "gauge", "Always 1; the labels name the bus's run (its epoch).");
        m.sample("tickertape_info", "epoch", stats.epoch(), 1);
        for (final BusFigure figure : BusFigure.values())
        {
            m.header(figure.metric(), figure.kind().prometheusType(), figure.help());
            m.sample(figure.metric(), null, null, figure.value(stats));
        }

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
        m.header("tickertape_history_events", "gauge", "Events held in the history, by type.");
        for (final Map.Entry<String, Long> e : stats.eventCounts().entrySet())
        {
            m.sample("tickertape_history_events", "type", e.getKey(), e.getValue());
        }

        if (null != journal)
        {
            for (final JournalFigure figure : JournalFigure.values())
            {
                m.header(figure.metric(), figure.kind().prometheusType(), figure.help());
                m.sample(figure.metric(), null, null, figure.value(journal));
            }
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
