package io.tickertape.transport;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;

import io.netty.util.internal.PlatformDependent;
import io.tickertape.bus.BusStats;
import io.tickertape.bus.ProducerStats;

/**
 * {@code GET /metrics}: the same figures as the stats, in the Prometheus text exposition format 0.0.4.
 * Written by hand: the format is a few lines of text, and a client library would bring a registry of its own to
 * keep in step with the bus's counters.
 */
final class PrometheusMetrics
{
    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusMetrics()
    {
    }

    static String render(final BusStats stats, final int subscribers, final TransportCounters counters)
    {
        final PrometheusMetrics m = new PrometheusMetrics();
        m.header("tickertape_up", "gauge", "1 while the collector runs, else 0.");
        m.sample("tickertape_up", null, null, stats.running() ? 1 : 0);
        m.header("tickertape_uptime_seconds", "gauge", "Seconds since the bus started.");
        m.sample("tickertape_uptime_seconds", null, null, stats.uptimeMillis() / 1000.0);

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
        m.header("tickertape_history_size", "gauge", "Events held in the history.");
        m.sample("tickertape_history_size", null, null, stats.historySize());
        m.header("tickertape_history_capacity", "gauge", "Most events the history holds.");
        m.sample("tickertape_history_capacity", null, null, stats.historyCapacity());
        m.header("tickertape_history_events", "gauge", "Events held in the history, by type.");
        for (final Map.Entry<String, Long> e : stats.eventCounts().entrySet())
        {
            m.sample("tickertape_history_events", "type", e.getKey(), e.getValue());
        }

        m.header("tickertape_sse_subscribers", "gauge", "Open stream subscribers.");
        m.sample("tickertape_sse_subscribers", null, null, subscribers);
        m.header("tickertape_sse_streams_opened_total", "counter", "Streams opened.");
        m.sample("tickertape_sse_streams_opened_total", null, null, counters.streamsOpened.sum());
        m.header("tickertape_sse_gaps_total", "counter", "Gap events sent to subscribers that were lapped.");
        m.sample("tickertape_sse_gaps_total", null, null, counters.gaps.sum());
        m.header("tickertape_sse_stalled_disconnects_total", "counter", "Subscribers cut off for not reading.");
        m.sample("tickertape_sse_stalled_disconnects_total", null, null, counters.stalledDisconnects.sum());
        m.header("tickertape_http_requests_total", "counter", "HTTP requests received.");
        m.sample("tickertape_http_requests_total", null, null, counters.requests.sum());
        m.header("tickertape_http_bad_requests_total", "counter", "HTTP requests answered with a 4xx status.");
        m.sample("tickertape_http_bad_requests_total", null, null, counters.badRequests.sum());
        m.header("tickertape_http_unauthorized_total", "counter", "Requests refused for a missing or wrong token.");
        m.sample("tickertape_http_unauthorized_total", null, null, counters.unauthorized.sum());
        m.header("tickertape_http_rate_limited_total", "counter", "Requests refused by the per-client rate limit.");
        m.sample("tickertape_http_rate_limited_total", null, null, counters.rateLimited.sum());
        m.header("tickertape_http_rejected_connections_total", "counter", "Connections refused over the connection limit.");
        m.sample("tickertape_http_rejected_connections_total", null, null, counters.rejectedConnections.sum());
        m.header("tickertape_http_request_timeouts_total", "counter", "Connections closed for a request that did not arrive in time.");
        m.sample("tickertape_http_request_timeouts_total", null, null, counters.requestTimeouts.sum());
        m.header("tickertape_jvm_heap_used_bytes", "gauge", "Heap in use by the JVM serving this (it includes garbage not yet collected).");
        m.sample("tickertape_jvm_heap_used_bytes", null, null, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        m.header("tickertape_netty_direct_used_bytes", "gauge", "Direct memory held by Netty's buffer pools (-1 when not tracked).");
        m.sample("tickertape_netty_direct_used_bytes", null, null, PlatformDependent.usedDirectMemory());
        m.header("tickertape_jvm_direct_buffers_bytes", "gauge", "Memory of the JVM's direct ByteBuffers.");
        long direct = 0;
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                direct = pool.getMemoryUsed();
            }
        }
        m.sample("tickertape_jvm_direct_buffers_bytes", null, null, direct);
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
