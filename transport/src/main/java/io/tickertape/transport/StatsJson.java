package io.tickertape.transport;

import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.tickertape.bus.Aggregates;
import io.tickertape.bus.BusStats;
import io.tickertape.bus.alert.Alerts;
import io.tickertape.bus.IsoTimestamp;
import io.tickertape.bus.ProducerStats;
import tools.jackson.core.JsonGenerator;

/**
 * {@code GET /api/telemetry/stats}: the old system's fields ({@code ok, total_events, buffer_size, event_types,
 * event_counts}) and the pipeline's own figures, producers' ring depth first among them. The bus's figures come
 * from its {@link BusStats} snapshot, the transport's from {@link TransportCounters}, one object per
 * {@link TransportCounter.Group}; {@link PrometheusMetrics} renders the same figures.
 */
final class StatsJson
{
    private StatsJson()
    {
    }

    /** The query parameter that leaves the list of subscribers out of the stats: {@code subscribers=count}. */
    static final String SUBSCRIBERS = "subscribers";

    /**
     * @return false when the request asks for the subscribers' count only ({@code subscribers=count}: the monitor
     *         page, which polls every second, so that many open pages do not each have every subscriber written).
     * @throws BadRequestException for a value other than {@code all} or {@code count}.
     */
    static boolean listsSubscribers(final QueryParams params)
    {
        final String raw = params.string(SUBSCRIBERS);
        if (null == raw || "all".equals(raw.trim()))
        {
            return true;
        }
        if ("count".equals(raw.trim()))
        {
            return false;
        }
        throw new BadRequestException(SUBSCRIBERS + " must be all or count, got '" + QueryParams.clip(raw) + "'");
    }

    static void write(
        final ByteBuf out, final BusStats stats, final JournalStats journal, final Aggregates aggregates, final Alerts alerts,
        final List<SseSubscriber> subscribers, final TransportCounters counters, final List<StatsSection> sections)
    {
        try (JsonGenerator g = Responses.generator(out))
        {
            g.writeStartObject();
            g.writeBooleanProperty("ok", true);
            g.writeStringProperty("epoch", stats.epoch());
            for (final BusFigure figure : BusFigure.values())
            {
                final double value = figure.value(stats);
                if (figure == BusFigure.COLLECTOR_RUNNING)
                {
                    g.writeBooleanProperty(figure.key(), stats.running()); // a flag here, 1 or 0 as a metric
                }
                else if (value == Math.rint(value))
                {
                    g.writeNumberProperty(figure.key(), (long)value);
                }
                else
                {
                    g.writeNumberProperty(figure.key(), value);
                }
            }
            g.writeName("event_types");
            g.writeStartArray();
            for (final String type : stats.eventTypes())
            {
                g.writeString(type);
            }
            g.writeEndArray();
            g.writeName("event_counts");
            g.writeStartObject();
            for (final Map.Entry<String, Long> e : stats.eventCounts().entrySet())
            {
                g.writeNumberProperty(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeName("producers");
            g.writeStartArray();
            for (final ProducerStats p : stats.producers())
            {
                g.writeStartObject();
                g.writeStringProperty("name", p.name());
                g.writeNumberProperty("ring_size", p.ringSize());
                g.writeNumberProperty("depth", p.depth());
                g.writeNumberProperty("published", p.published());
                g.writeNumberProperty("dropped", p.dropped());
                g.writeNumberProperty("truncated", p.truncated());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (null != subscribers)
            {
                g.writeName("subscribers");
                g.writeStartArray();
                for (final SseSubscriber s : subscribers)
                {
                    g.writeStartObject();
                    g.writeStringProperty("remote", s.remote());
                    Responses.filterProperties(g, s.filter());
                    g.writeNumberProperty("last_seq", s.lastSeq());
                    g.writeNumberProperty("lag", s.lag());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (null != journal)
            {
                g.writeName("journal");
                g.writeStartObject();
                g.writeStringProperty("directory", journal.directory());
                for (final JournalFigure figure : JournalFigure.values())
                {
                    g.writeNumberProperty(figure.key(), (long)figure.value(journal));
                }
                if (journal.oldestNanos() > 0)
                {
                    g.writeStringProperty("oldest_time", new String(new IsoTimestamp().format(journal.oldestNanos())));
                }
                else
                {
                    g.writeNullProperty("oldest_time");
                }
                g.writeEndObject();
            }
            if (null != aggregates)
            {
                g.writeName("aggregates");
                g.writeStartObject();
                g.writeNumberProperty("max_keys", aggregates.maxKeys());
                g.writeNumberProperty("progress_seq", aggregates.progress());
                g.writeNumberProperty("missed", aggregates.missed());
                g.writeNumberProperty("late", aggregates.late());
                g.writeEndObject();
            }
            if (null != alerts)
            {
                g.writeName("alerts");
                AlertsJson.writeFigures(g, alerts);
            }
            for (final StatsSection section : sections)
            {
                final SectionFigures figures = new SectionFigures();
                section.figures(figures);
                g.writeName(section.name());
                writeSection(g, figures);
            }
            for (final TransportCounter.Group group : TransportCounter.Group.values())
            {
                g.writeName(group.key());
                g.writeStartObject();
                for (final TransportCounter figure : TransportCounter.values())
                {
                    if (figure.group() == group)
                    {
                        g.writeNumberProperty(figure.key(), counters.value(figure));
                    }
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    private static void writeSection(final JsonGenerator g, final SectionFigures section)
    {
        g.writeStartObject();
        writeFigures(g, section);
        for (final Map.Entry<String, SectionFigures.Table> table : section.tables().entrySet())
        {
            g.writeName(table.getKey());
            g.writeStartArray();
            for (final Map.Entry<String, SectionFigures> row : table.getValue().rows())
            {
                g.writeStartObject();
                g.writeStringProperty(table.getValue().label(), row.getKey());
                writeFigures(g, row.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeFigures(final JsonGenerator g, final SectionFigures section)
    {
        for (final SectionFigures.Figure figure : section.figures())
        {
            if (figure.kind() == SectionFigures.Kind.TEXT)
            {
                g.writeStringProperty(figure.key(), figure.text());
            }
            else if (figure.value() == Math.rint(figure.value()) && Math.abs(figure.value()) < 1e15)
            {
                g.writeNumberProperty(figure.key(), (long)figure.value());
            }
            else
            {
                g.writeNumberProperty(figure.key(), figure.value());
            }
        }
    }
}
