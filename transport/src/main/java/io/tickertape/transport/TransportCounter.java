package io.tickertape.transport;

/**
 * Every figure the transport keeps, each with its key in the stats JSON and its Prometheus metric. This list is
 * the one place a figure is declared: {@link StatsJson} and {@link PrometheusMetrics} both render every entry of
 * it, so no figure can be shown by one and not the other. Counters only grow; gauges are read when rendered.
 */
enum TransportCounter
{
    SUBSCRIBERS(Group.SSE, "subscribers", "tickertape_sse_subscribers", Kind.GAUGE,
        "Open stream subscribers."),
    STREAMS_OPENED(Group.SSE, "streams_opened", "tickertape_sse_streams_opened_total", Kind.COUNTER,
        "Streams opened."),
    REJECTED_SUBSCRIBERS(Group.SSE, "rejected", "tickertape_sse_rejected_total", Kind.COUNTER,
        "Stream requests refused over the subscriber limit."),
    HEARTBEATS(Group.SSE, "heartbeats", "tickertape_sse_heartbeats_total", Kind.COUNTER,
        "Heartbeats sent to streams that were quiet for the heartbeat interval."),
    GAPS(Group.SSE, "gaps", "tickertape_sse_gaps_total", Kind.COUNTER,
        "Gap events sent to subscribers that were lapped."),
    RESETS(Group.SSE, "resets", "tickertape_sse_resets_total", Kind.COUNTER,
        "Streams resumed from an id of another run, or ahead of the head, and told reset."),
    RESUMES_IGNORED(Group.SSE, "resumes_ignored", "tickertape_sse_resumes_ignored_total", Kind.COUNTER,
        "Streams whose malformed Last-Event-ID header was ignored (they start at the head)."),
    JOURNAL_REPLAYS(Group.SSE, "journal_replays", "tickertape_sse_journal_replays_total", Kind.COUNTER,
        "Streams resumed from an id older than the history, replayed from the journal before going live."),
    STALLED_DISCONNECTS(Group.SSE, "stalled_disconnects", "tickertape_sse_stalled_disconnects_total", Kind.COUNTER,
        "Subscribers cut off for not reading."),
    SSE_TASK_ERRORS(Group.SSE, "task_errors", "tickertape_sse_task_errors_total", Kind.COUNTER,
        "Throws caught in an event loop's stream work (drains, heartbeats, stall checks); each closed its subscriber."),

    CONNECTIONS(Group.HTTP, "connections", "tickertape_http_connections", Kind.GAUGE,
        "Open connections, streams included."),
    REQUESTS(Group.HTTP, "requests", "tickertape_http_requests_total", Kind.COUNTER,
        "HTTP requests received."),
    JOURNAL_PAGES(Group.HTTP, "journal_pages", "tickertape_http_journal_pages_total", Kind.COUNTER,
        "Events queries from a position older than the history, read from the journal."),
    CLIENT_ERRORS(Group.HTTP, "client_errors", "tickertape_http_bad_requests_total", Kind.COUNTER,
        "HTTP requests answered with a 4xx status."),
    ERRORS(Group.HTTP, "errors", "tickertape_http_errors_total", Kind.COUNTER,
        "HTTP requests that failed inside the server, answered 500."),
    EXCEPTIONS(Group.HTTP, "exceptions", "tickertape_http_exceptions_total", Kind.COUNTER,
        "Faults caught on connections (resets by peers, TLS failures, handler faults); each closed its connection."),
    UNAUTHORIZED(Group.HTTP, "unauthorized", "tickertape_http_unauthorized_total", Kind.COUNTER,
        "Requests refused for a missing or wrong token."),
    FORBIDDEN(Group.HTTP, "forbidden", "tickertape_http_forbidden_total", Kind.COUNTER,
        "Requests refused (403) for an event type the bearer's token does not allow."),
    RATE_LIMITED(Group.HTTP, "rate_limited", "tickertape_http_rate_limited_total", Kind.COUNTER,
        "Requests refused (429) by a per-client rate budget."),
    REJECTED_CONNECTIONS(Group.HTTP, "rejected_connections", "tickertape_http_rejected_connections_total", Kind.COUNTER,
        "Connections refused over the connection limit."),
    REQUEST_TIMEOUTS(Group.HTTP, "request_timeouts", "tickertape_http_request_timeouts_total", Kind.COUNTER,
        "Connections answered 408 and closed for a request that did not arrive whole in time."),

    HEAP_USED(Group.PROCESS, "heap_used_bytes", "tickertape_jvm_heap_used_bytes", Kind.GAUGE,
        "Heap in use by the JVM serving this (it includes garbage not yet collected)."),
    NETTY_DIRECT_USED(Group.PROCESS, "netty_direct_used_bytes", "tickertape_netty_direct_used_bytes", Kind.GAUGE,
        "Direct memory held by Netty's buffer pools (-1 when not tracked)."),
    DIRECT_BUFFERS(Group.PROCESS, "direct_buffers_bytes", "tickertape_jvm_direct_buffers_bytes", Kind.GAUGE,
        "Memory of the JVM's direct ByteBuffers.");

    /** The object of the stats JSON a figure is written in, in the order the groups are written. */
    enum Group
    {
        SSE("sse"),
        HTTP("http"),
        PROCESS("process");

        private final String key;

        Group(final String key)
        {
            this.key = key;
        }

        String key()
        {
            return key;
        }
    }

    /** A counter only grows; a gauge is a level read when the figures are rendered. */
    enum Kind
    {
        COUNTER("counter"),
        GAUGE("gauge");

        private final String prometheusType;

        Kind(final String prometheusType)
        {
            this.prometheusType = prometheusType;
        }

        String prometheusType()
        {
            return prometheusType;
        }
    }

    private final Group group;
    private final String key;
    private final String metric;
    private final Kind kind;
    private final String help;

    TransportCounter(final Group group, final String key, final String metric, final Kind kind, final String help)
    {
        this.group = group;
        this.key = key;
        this.metric = metric;
        this.kind = kind;
        this.help = help;
    }

    Group group()
    {
        return group;
    }

    /** @return the key in its group of the stats JSON. */
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
}
