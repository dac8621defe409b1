package io.tickertape.transport;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickertape.bus.Aggregates;
import io.tickertape.bus.ErrorLog;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.alert.Alerts;

/**
 * Answers the JSON and text routes on the event loop, from the lock-free history and the figures: events, stats,
 * metrics, health and the monitor page with its script and style sheet. A stream request goes on to the {@link StreamHandler}.
 */
@ChannelHandler.Sharable
final class RouteHandler extends RequestHandler
{
    /**
     * The monitor page's content security policy: everything from its own origin only, no inline script or style
     * (not even a style attribute: the page sets its bars' widths through the CSSOM), no eval; images also as
     * {@code data:} URLs (its empty icon).
     */
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";

    private final TelemetryBus bus;
    private final FanOut fanOut;
    private final TransportCounters counters;
    private final AccessGuard guard;
    private final boolean tls;
    private final MonitorPage monitorPage;
    private final int maxEventsReplyBytes;
    private final List<StatsSection> sections;

    RouteHandler(
        final TelemetryBus bus, final FanOut fanOut, final TransportCounters counters, final AccessGuard guard, final boolean tls,
        final MonitorPage monitorPage, final int maxEventsReplyBytes, final List<StatsSection> sections, final ErrorLog errors)
    {
        super(errors);
        this.bus = bus;
        this.fanOut = fanOut;
        this.counters = counters;
        this.guard = guard;
        this.tls = tls;
        this.monitorPage = monitorPage;
        this.maxEventsReplyBytes = maxEventsReplyBytes;
        this.sections = sections;
    }

    @Override
    void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final QueryParams params = QueryParams.of(ctx.channel());
        switch (params.path())
        {
            case Routes.STREAM, Routes.WS -> pass(ctx, request);
            case Routes.EVENTS -> Responses.send(ctx, request, events(ctx, params));
            case Routes.STATS -> Responses.send(ctx, request, stats(ctx, StatsJson.listsSubscribers(params)));
            case Routes.AGGREGATES -> Responses.send(ctx, request, aggregates(ctx, params));
            case Routes.ALERTS -> Responses.send(ctx, request, alerts(ctx));
            case Routes.METRICS -> Responses.send(ctx, request, Responses.text(ctx.alloc(), HttpResponseStatus.OK,
                Responses.PROMETHEUS, PrometheusMetrics.render(bus.stats(), journalStats(), bus.aggregates(), bus.alerts(), counters, sections)));
            case Routes.HEALTH -> Responses.send(ctx, request, health(ctx));
            case Routes.PAGE_SCRIPT -> Responses.send(ctx, request,
                Responses.of(HttpResponseStatus.OK, Responses.JAVASCRIPT, Unpooled.wrappedBuffer(monitorPage.script())));
            case Routes.PAGE_STYLE -> Responses.send(ctx, request,
                Responses.of(HttpResponseStatus.OK, Responses.CSS, Unpooled.wrappedBuffer(monitorPage.style())));
            default -> Responses.send(ctx, request, page(params));
        }
    }

    private FullHttpResponse events(final ChannelHandlerContext ctx, final QueryParams params)
    {
        final EventsRequest request = EventsRequest.of(params, bus.epoch(), bus.history());
        final ByteBuf body = ctx.alloc().buffer(4096);
        try
        {
            final JournalReaders journal = fanOut.journal();
            if (EventsQuery.write(body, bus.history(), null == journal ? null : journal.get(), bus.epoch(), maxEventsReplyBytes, request))
            {
                counters.increment(TransportCounter.JOURNAL_PAGES);
            }
        }
        catch (final RuntimeException ex)
        {
            body.release();
            throw ex;
        }
        return Responses.of(HttpResponseStatus.OK, Responses.JSON, body);
    }

    private FullHttpResponse stats(final ChannelHandlerContext ctx, final boolean listSubscribers)
    {
        final ByteBuf body = ctx.alloc().buffer(2048);
        try
        {
            StatsJson.write(body, bus.stats(), journalStats(), bus.aggregates(), bus.alerts(),
                listSubscribers ? fanOut.subscribers() : null, counters, sections);
        }
        catch (final RuntimeException ex)
        {
            body.release();
            throw ex;
        }
        return Responses.of(HttpResponseStatus.OK, Responses.JSON, body);
    }

    private FullHttpResponse aggregates(final ChannelHandlerContext ctx, final QueryParams params)
    {
        final Aggregates.By by = AggregatesJson.by(params);
        final int window = AggregatesJson.windowSeconds(params);
        final Aggregates aggregates = bus.aggregates();
        if (null == aggregates)
        {
            return Responses.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND,
                "this server's bus keeps no aggregates (BusContext.aggregateKeys, the demo's --aggregate-keys)");
        }
        final ByteBuf body = ctx.alloc().buffer(4096);
        try
        {
            AggregatesJson.write(body, aggregates, aggregates.snapshot(by, window));
        }
        catch (final RuntimeException ex)
        {
            body.release();
            throw ex;
        }
        return Responses.of(HttpResponseStatus.OK, Responses.JSON, body);
    }

    private FullHttpResponse alerts(final ChannelHandlerContext ctx)
    {
        final Alerts alerts = bus.alerts();
        if (null == alerts)
        {
            return Responses.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND,
                "this server's bus has no alert rules (BusContext.alerts, the demo's --alerts FILE)");
        }
        final ByteBuf body = ctx.alloc().buffer(4096);
        try
        {
            AlertsJson.write(body, alerts, bus.context().clock().nanoTime());
        }
        catch (final RuntimeException ex)
        {
            body.release();
            throw ex;
        }
        return Responses.of(HttpResponseStatus.OK, Responses.JSON, body);
    }

    /** @return the journal's figures now, or null when the bus has no journal. */
    private JournalStats journalStats()
    {
        final JournalReaders readers = fanOut.journal();
        return null == readers || null == bus.journal() ? null : JournalStats.of(bus.journal(), readers.get());
    }

    private FullHttpResponse health(final ChannelHandlerContext ctx)
    {
        final boolean up = bus.isRunning();
        final JournalStats journal = journalStats();
        // The pipeline's state decides the status code; a journal that lost events or failed to write says so beside it.
        final String body = (up ? "{\"status\":\"UP\"" : "{\"status\":\"DOWN\"") + (null == journal ? "}" :
            ",\"journal\":{\"status\":\"" + (journal.healthy() ? "OK" : "DEGRADED") + "\",\"holes\":" + journal.holes() +
            ",\"write_errors\":" + journal.writeErrors() + "}}");
        return Responses.text(ctx.alloc(), up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, Responses.JSON, body);
    }

    private FullHttpResponse page(final QueryParams params)
    {
        final FullHttpResponse page = Responses.of(HttpResponseStatus.OK, Responses.HTML, Unpooled.wrappedBuffer(monitorPage.html()));
        page.headers().set("content-security-policy", PAGE_POLICY);
        page.headers().set("referrer-policy", "no-referrer");
        final String credential = guard.acceptedQueryToken(params);
        if (null != credential)
        {
            // The page's own requests (EventSource, fetch) then carry the token without putting it in their URLs.
            page.headers().set(HttpHeaderNames.SET_COOKIE, AccessGuard.cookieHeader(credential, tls));
        }
        return page;
    }
}
