package io.tickertape.transport;

import java.util.List;

/**
 * The paths the server answers, the parameters each takes, and which of them need the access token.
 */
final class Routes
{
    static final String STREAM = "/api/telemetry/stream";
    static final String WS = "/api/telemetry/ws";
    static final String EVENTS = "/api/telemetry/events";
    static final String STATS = "/api/telemetry/stats";
    static final String AGGREGATES = "/api/telemetry/aggregates";
    static final String ALERTS = "/api/telemetry/alerts";
    static final String METRICS = "/metrics";
    static final String HEALTH = "/healthz";
    static final String PAGE = "/";
    static final String PAGE_FILE = "/index.html";
    static final String PAGE_SCRIPT = "/monitor.js";
    static final String PAGE_STYLE = "/monitor.css";
    /** The methods every route answers, as the {@code Allow} header and a preflight's allowed methods give them. */
    static final String ALLOWED_METHODS = "GET, HEAD";
    /** The access token's parameter, taken by every route (the page's URL carries it; see {@link AccessGuard}). */
    static final String TOKEN = "token";

    private static final List<String> STREAM_PARAMETERS = List.of("event_type", QueryParams.SYMBOL, QueryParams.STRATEGY, QueryParams.SOURCE, QueryParams.HOST, "last_event_id", TOKEN);
    private static final List<String> EVENTS_PARAMETERS = List.of("event_type", QueryParams.SYMBOL, QueryParams.STRATEGY, QueryParams.SOURCE, QueryParams.HOST, "limit", "after_seq", "after_id", "from", "to", TOKEN);
    private static final List<String> AGGREGATES_PARAMETERS = List.of(AggregatesJson.BY, AggregatesJson.WINDOW, TOKEN);
    private static final List<String> STATS_PARAMETERS = List.of(StatsJson.SUBSCRIBERS, TOKEN);
    private static final List<String> OTHER_PARAMETERS = List.of(TOKEN);

    private Routes()
    {
    }

    /** @return whether the server answers this path. */
    static boolean isKnown(final String path)
    {
        return STREAM.equals(path) || WS.equals(path) || EVENTS.equals(path) || STATS.equals(path) || AGGREGATES.equals(path) || ALERTS.equals(path) || METRICS.equals(path) ||
            HEALTH.equals(path) || PAGE.equals(path) || PAGE_FILE.equals(path) || PAGE_SCRIPT.equals(path) || PAGE_STYLE.equals(path);
    }

    /**
     * @return the parameters a known path takes, in the order the documentation gives them: any other is refused,
     *         so that a misspelt one is not silently ignored.
     */
    static List<String> parameters(final String path)
    {
        return switch (path)
        {
            case STREAM, WS -> STREAM_PARAMETERS;
            case EVENTS -> EVENTS_PARAMETERS;
            case AGGREGATES -> AGGREGATES_PARAMETERS;
            case STATS -> STATS_PARAMETERS;
            default -> OTHER_PARAMETERS;
        };
    }

    /**
     * @return whether a path is of the JSON API (the events query and the stats): its requests share one rate budget,
     *         apart from those of metrics, health and the page; the stream has none.
     */
    static boolean isApi(final String path)
    {
        return EVENTS.equals(path) || STATS.equals(path) || AGGREGATES.equals(path) || ALERTS.equals(path);
    }

    /** @return whether a route needs the token: the API and metrics do; the page and the health check do not. */
    static boolean isProtected(final String path)
    {
        return path.startsWith("/api/") || METRICS.equals(path);
    }
}
