package io.tickertape.transport;

import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.tickertape.bus.BusStats;
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

    static void write(final ByteBuf out, final BusStats stats, final List<SseSubscriber> subscribers, final TransportCounters counters)
    {
        try (JsonGenerator g = Responses.generator(out))
        {
            g.writeStartObject();
            g.writeBooleanProperty("ok", true);
            g.writeNumberProperty("total_events", stats.historySize());
            g.writeNumberProperty("buffer_size", stats.historyCapacity());
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
            g.writeNumberProperty("head_seq", stats.headSeq());
            g.writeNumberProperty("oldest_seq", stats.historySize() == 0 ? 0 : stats.tailSeq());
            g.writeNumberProperty("published", stats.published());
            g.writeNumberProperty("dropped", stats.dropped());
            g.writeNumberProperty("truncated", stats.truncated());
            g.writeNumberProperty("collected", stats.collected());
            g.writeNumberProperty("oversized", stats.oversized());
            g.writeNumberProperty("collector_batches", stats.collectorBatches());
            g.writeNumberProperty("collector_errors", stats.collectorErrors());
            g.writeBooleanProperty("collector_running", stats.running());
            g.writeNumberProperty("uptime_s", stats.uptimeMillis() / 1000.0);
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
            g.writeName("subscribers");
            g.writeStartArray();
            for (final SseSubscriber s : subscribers)
            {
                g.writeStartObject();
                g.writeStringProperty("remote", s.remote());
                if (s.filter().isAll())
                {
                    g.writeNullProperty("event_type_filter");
                }
                else
                {
                    g.writeStringProperty("event_type_filter", s.filter().toString());
                }
                g.writeNumberProperty("last_seq", s.lastSeq());
                g.writeNumberProperty("lag", s.lag());
                g.writeEndObject();
            }
            g.writeEndArray();
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
}
