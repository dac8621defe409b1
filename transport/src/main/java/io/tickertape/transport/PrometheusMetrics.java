package io.tickertape.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.Aggregates;
import io.tickertape.bus.BusStats;
import io.tickertape.bus.ProducerStats;
import io.tickertape.bus.alert.Alerts;

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

    /** Keys of each grouping shown in the aggregates' metrics, the most active; the rest are summed as other. */
    static final int AGGREGATE_KEYS_SHOWN = 20;

    static String render(
        final BusStats stats,
        final JournalStats journal,
        final Aggregates aggregates,
        final Alerts alerts,
        final TransportCounters counters,
        final List<StatsSection> sections)
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
        if (null != aggregates)
        {
            m.aggregates(aggregates);
        }
        if (null != alerts)
        {
            m.alerts(alerts);
        }
        for (final TransportCounter figure : TransportCounter.values())
        {
            m.header(figure.metric(), figure.kind().prometheusType(), figure.help());
            m.sample(figure.metric(), null, null, counters.value(figure));
        }
        for (final StatsSection section : sections)
        {
            final SectionFigures figures = new SectionFigures();
            section.figures(figures);
            m.section("tickertape_" + section.name() + '_', figures);
        }
        return m.out.toString();
    }

    /** A section's counters and gauges (texts are for the stats only), then each table's, a series per row. */
    private void section(final String prefix, final SectionFigures section)
    {
        for (final SectionFigures.Figure figure : section.figures())
        {
            if (figure.kind() != SectionFigures.Kind.TEXT)
            {
                final String name = metricName(prefix, figure);
                header(name, figure.kind() == SectionFigures.Kind.COUNTER ? "counter" : "gauge", figure.help());
                labelled(name, figure.value());
            }
        }
        for (final Map.Entry<String, SectionFigures.Table> table : section.tables().entrySet())
        {
            final List<Map.Entry<String, SectionFigures>> rows = table.getValue().rows();
            if (rows.isEmpty())
            {
                continue;
            }
            final String tablePrefix = prefix + table.getKey() + '_';
            final List<SectionFigures.Figure> columns = rows.get(0).getValue().figures();
            for (int c = 0; c < columns.size(); c++)
            {
                final SectionFigures.Figure column = columns.get(c);
                if (column.kind() == SectionFigures.Kind.TEXT)
                {
                    continue;
                }
                final String name = metricName(tablePrefix, column);
                header(name, column.kind() == SectionFigures.Kind.COUNTER ? "counter" : "gauge", column.help());
                for (final Map.Entry<String, SectionFigures> row : rows)
                {
                    final List<SectionFigures.Figure> cells = row.getValue().figures();
                    if (c < cells.size() && cells.get(c).key().equals(column.key()))
                    {
                        labelled(name, cells.get(c).value(), table.getValue().label(), row.getKey());
                    }
                }
            }
        }
    }

    private static String metricName(final String prefix, final SectionFigures.Figure figure)
    {
        return prefix + figure.key() + (figure.kind() == SectionFigures.Kind.COUNTER ? "_total" : "");
    }

    /**
     * The last minute's aggregates: per grouping, the {@value #AGGREGATE_KEYS_SHOWN} most active keys and the rest
     * summed as {@code other}, so the series stay few whatever the keys.
     */
    private void aggregates(final Aggregates aggregates)
    {
        final List<Aggregates.Snapshot> snapshots = new ArrayList<>();
        for (final Aggregates.By by : Aggregates.By.values())
        {
            snapshots.add(aggregates.snapshot(by, 60));
        }
        header("tickertape_aggregate_events_1m", "gauge",
            "Events in the last minute by type, symbol, strategy or source (the " + AGGREGATE_KEYS_SHOWN + " most active keys, the rest as other).");
        for (final Aggregates.Snapshot snapshot : snapshots)
        {
            final List<Aggregates.Row> rows = shown(snapshot);
            for (final Aggregates.Row row : rows)
            {
                labelled("tickertape_aggregate_events_1m", row.count(), "by", snapshot.by().label(), "key", row.key());
            }
        }
        header("tickertape_aggregate_orders_1m", "gauge", "Order events in the last minute by status, grouped as tickertape_aggregate_events_1m.");
        for (final Aggregates.Snapshot snapshot : snapshots)
        {
            for (final Aggregates.Row row : shown(snapshot))
            {
                for (int s = 0; row.hasOrders() && s < Aggregates.ORDER_STATUSES.size(); s++)
                {
                    labelled("tickertape_aggregate_orders_1m", row.orders()[s], "by", snapshot.by().label(), "key", row.key(),
                        "status", Aggregates.ORDER_STATUSES.get(s));
                }
            }
        }
        header("tickertape_aggregates_max_keys", "gauge", "Keys per grouping the aggregates count apart.");
        sample("tickertape_aggregates_max_keys", null, null, aggregates.maxKeys());
        header("tickertape_aggregates_progress_seq", "gauge", "Sequence of the last event the aggregates counted.");
        sample("tickertape_aggregates_progress_seq", null, null, aggregates.progress());
        header("tickertape_aggregates_missed_total", "counter", "Events the aggregates missed: overwritten in the history before they were read.");
        sample("tickertape_aggregates_missed_total", null, null, aggregates.missed());
        header("tickertape_aggregates_late_total", "counter", "Events older than five minutes when read, not counted.");
        sample("tickertape_aggregates_late_total", null, null, aggregates.late());
    }

    private void alerts(final Alerts alerts)
    {
        counter("tickertape_alerts_fired_total", "Alert rule firings.", alerts.fired());
        counter("tickertape_alerts_delivered_total", "Webhook POSTs of firings answered 2xx.", alerts.delivered());
        counter("tickertape_alerts_retried_total", "Webhook POSTs tried again after a failure or timeout.", alerts.retried());
        counter("tickertape_alerts_failed_total", "Firings whose webhook never answered 2xx.", alerts.failed());
        counter("tickertape_alerts_dropped_total", "Firings not delivered: the delivery queue was full.", alerts.dropped());
        header("tickertape_alerts_pending", "gauge", "Firings queued for, or under, delivery.");
        sample("tickertape_alerts_pending", null, null, alerts.pending());
        counter("tickertape_alerts_missed_total", "Events the rules never saw: overwritten before they were read.", alerts.missed());
        counter("tickertape_alerts_publish_failures_total", "Firings not published as alert events: the alerts producer's ring was full.",
            alerts.publishFailures());
        header("tickertape_alert_rule_firings_total", "counter", "Firings of each rule.");
        for (final Alerts.RuleState state : alerts.states())
        {
            labelled("tickertape_alert_rule_firings_total", state.firings(), "rule", state.rule().name());
        }
    }

    private void counter(final String name, final String help, final long value)
    {
        header(name, "counter", help);
        sample(name, null, null, value);
    }

    /** A snapshot's most active keys, with the others (and its own other) summed into one row. */
    private static List<Aggregates.Row> shown(final Aggregates.Snapshot snapshot)
    {
        final List<Aggregates.Row> rows = new ArrayList<>(snapshot.rows().subList(0, Math.min(AGGREGATE_KEYS_SHOWN, snapshot.rows().size())));
        long count = snapshot.other().count();
        final long[] orders = snapshot.other().orders().clone();
        for (final Aggregates.Row row : snapshot.rows().subList(rows.size(), snapshot.rows().size()))
        {
            count += row.count();
            for (int s = 0; s < orders.length; s++)
            {
                orders[s] += row.orders()[s];
            }
        }
        if (count > 0)
        {
            rows.add(new Aggregates.Row(Aggregates.OTHER, count, orders));
        }
        return rows;
    }


    private void header(final String name, final String type, final String help)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(final String name, final String label, final String value, final double number)
    {
        if (null == label)
        {
            labelled(name, number);
        }
        else
        {
            labelled(name, number, label, value);
        }
    }

    /** One sample: the name, its labels as name-value pairs (none for a sample without), the value. */
    private void labelled(final String name, final double number, final String... labels)
    {
        out.append(name);
        for (int i = 0; i < labels.length; i += 2)
        {
            out.append(i == 0 ? "{" : ",").append(labels[i]).append("=\"");
            escapeLabel(labels[i + 1]);
            out.append('"');
        }
        out.append(labels.length > 0 ? "} " : " ");
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
