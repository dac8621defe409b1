package io.tickertape.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.tickertape.bus.BusStats;
import io.tickertape.bus.HistoryCursor;
import io.tickertape.bus.HistoryRing;
import io.tickertape.bus.IsoTimestamp;
import io.tickertape.bus.TypeFilter;
import tools.jackson.core.JsonGenerator;

/**
 * Routes one connection's requests. JSON routes answer on the event loop from the lock-free history and stats;
 * a stream request turns the connection into an SSE subscriber that lives until either side closes it.
 * Every failure is answered (4xx with a JSON error) or closes only this connection; none reaches the loop.
 */
final class HttpRequestHandler extends ChannelInboundHandlerAdapter
{
    static final String STREAM = "/api/telemetry/stream";
    static final String EVENTS = "/api/telemetry/events";
    static final String STATS = "/api/telemetry/stats";
    static final String METRICS = "/metrics";
    static final String HEALTH = "/healthz";
    static final String SSE_CONTENT_TYPE = "text/event-stream; charset=utf-8";

    private final TelemetryServer server;
    private SseSubscriber subscriber;
    private String origin;

    HttpRequestHandler(final TelemetryServer server)
    {
        this.server = server;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (null != subscriber || !(msg instanceof FullHttpRequest))
        {
            ReferenceCountUtil.release(msg); // a streaming connection takes no further requests
            return;
        }
        final FullHttpRequest request = (FullHttpRequest)msg;
        final RequestTimeoutHandler timeout = ctx.pipeline().get(RequestTimeoutHandler.class);
        if (null != timeout)
        {
            timeout.requestComplete();
        }
        try
        {
            server.counters().increment(TransportCounter.REQUESTS);
            handle(ctx, request);
        }
        catch (final BadRequestException ex)
        {
            respond(ctx, request, Responses.error(ctx.alloc(), HttpResponseStatus.BAD_REQUEST, ex.getMessage()));
        }
        catch (final RuntimeException ex)
        {
            server.counters().increment(TransportCounter.ERRORS);
            respond(ctx, request, Responses.error(ctx.alloc(), HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error"));
        }
        finally
        {
            request.release();
        }
    }

    private void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        if (request.decoderResult().isFailure())
        {
            final Throwable cause = request.decoderResult().cause();
            final HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG :
                cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE :
                cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE :
                HttpResponseStatus.BAD_REQUEST;
            HttpUtil.setKeepAlive(request, false);
            respond(ctx, request, Responses.error(ctx.alloc(), status, "malformed request: " +
                QueryParams.clip(String.valueOf(cause.getMessage()))));
            return;
        }
        final QueryParams params = QueryParams.parse(request.uri());
        final String path = params.path();
        final boolean known = STREAM.equals(path) || EVENTS.equals(path) || STATS.equals(path) || METRICS.equals(path) ||
            HEALTH.equals(path) || "/".equals(path) || "/index.html".equals(path);
        if (!known)
        {
            respond(ctx, request, Responses.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND, "no such path: " +
                QueryParams.clip(path)));
            return;
        }
        final HttpMethod method = request.method();
        final String origin = server.cors().allowedOrigin(request);
        if (HttpMethod.OPTIONS.equals(method) && null != origin)
        {
            respond(ctx, request, server.cors().preflight(ctx.alloc(), origin));
            return;
        }
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method))
        {
            final FullHttpResponse response = Responses.error(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                "method " + QueryParams.clip(method.name()) + " not allowed; use GET or HEAD");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            respond(ctx, request, response);
            return;
        }
        if (AccessGuard.protects(path) && !server.guard().allows(request, params))
        {
            server.counters().increment(TransportCounter.UNAUTHORIZED);
            final FullHttpResponse denied = Responses.error(ctx.alloc(), HttpResponseStatus.UNAUTHORIZED,
                "missing or wrong access token");
            denied.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"tickertape\"");
            respond(ctx, request, denied);
            return;
        }
        if (!STREAM.equals(path))
        {
            final long wait = server.rateLimiter().acquire(remoteAddress(ctx), System.nanoTime());
            if (wait > 0)
            {
                server.counters().increment(TransportCounter.RATE_LIMITED);
                final FullHttpResponse slow = Responses.error(ctx.alloc(), HttpResponseStatus.TOO_MANY_REQUESTS,
                    "too many requests; retry in " + wait + " s");
                slow.headers().set(HttpHeaderNames.RETRY_AFTER, String.valueOf(wait));
                respond(ctx, request, slow);
                return;
            }
        }
        this.origin = origin;
        switch (path)
        {
            case STREAM -> stream(ctx, request, params);
            case EVENTS -> events(ctx, request, params);
            case STATS -> stats(ctx, request);
            case METRICS -> respond(ctx, request, Responses.text(ctx.alloc(), HttpResponseStatus.OK, Responses.PROMETHEUS,
                PrometheusMetrics.render(server.bus().stats(), server.counters())));
            case HEALTH -> health(ctx, request);
            default -> page(ctx, request, params);
        }
    }

    private void page(final ChannelHandlerContext ctx, final FullHttpRequest request, final QueryParams params)
    {
        final FullHttpResponse page = Responses.of(HttpResponseStatus.OK, Responses.HTML, Unpooled.wrappedBuffer(server.monitorPage()));
        page.headers().set("content-security-policy",
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
        page.headers().set("referrer-policy", "no-referrer");
        if (server.guard().matchesQuery(params))
        {
            // The page's own requests (EventSource, fetch) then carry the token without putting it in their URLs.
            page.headers().set(HttpHeaderNames.SET_COOKIE, server.guard().cookieHeader(server.isTls()));
        }
        respond(ctx, request, page);
    }

    private static java.net.InetAddress remoteAddress(final ChannelHandlerContext ctx)
    {
        final java.net.SocketAddress address = ctx.channel().remoteAddress();
        return address instanceof java.net.InetSocketAddress ? ((java.net.InetSocketAddress)address).getAddress() : null;
    }

    private void events(final ChannelHandlerContext ctx, final FullHttpRequest request, final QueryParams params)
    {
        final int limit = (int)params.longParam("limit", 1, EventsQuery.LIMIT_MAX, EventsQuery.LIMIT_DEFAULT);
        final long afterSeq = params.longParam("after_seq", 0, Long.MAX_VALUE, -1);
        final TypeFilter filter = params.typeFilter();
        final ByteBuf body = ctx.alloc().buffer(4096);
        try
        {
            EventsQuery.write(body, server.bus().history(), filter, limit, afterSeq);
        }
        catch (final RuntimeException ex)
        {
            body.release();
            throw ex;
        }
        respond(ctx, request, Responses.of(HttpResponseStatus.OK, Responses.JSON, body));
    }

    private void stats(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final BusStats stats = server.bus().stats();
        final ByteBuf body = ctx.alloc().buffer(2048);
        try
        {
            StatsJson.write(body, stats, server.fanOut().subscribers(), server.counters());
        }
        catch (final RuntimeException ex)
        {
            body.release();
            throw ex;
        }
        respond(ctx, request, Responses.of(HttpResponseStatus.OK, Responses.JSON, body));
    }

    private void health(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final boolean up = server.bus().isRunning();
        respond(ctx, request, Responses.text(ctx.alloc(), up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
            Responses.JSON, up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}"));
    }

    private void stream(final ChannelHandlerContext ctx, final FullHttpRequest request, final QueryParams params)
    {
        final TypeFilter filter = params.typeFilter();
        final long resumeAfter = resumePoint(request, params);
        if (server.fanOut().subscriberCount() >= server.context().maxSubscribers())
        {
            server.counters().increment(TransportCounter.REJECTED_SUBSCRIBERS);
            final FullHttpResponse busy = Responses.error(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                "too many stream subscribers (max " + server.context().maxSubscribers() + ")");
            busy.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
            respond(ctx, request, busy);
            return;
        }
        if (HttpMethod.HEAD.equals(request.method()))
        {
            final FullHttpResponse head = Responses.of(HttpResponseStatus.OK, SSE_CONTENT_TYPE, Unpooled.EMPTY_BUFFER);
            head.headers().set("x-accel-buffering", "no");
            respond(ctx, request, head);
            return;
        }
        final HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, SSE_CONTENT_TYPE)
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
            .set("x-accel-buffering", "no")
            .set("x-content-type-options", "nosniff");
        HttpUtil.setTransferEncodingChunked(response, true);
        server.cors().allow(response, origin);
        ctx.pipeline().remove(TelemetryServer.AGGREGATOR);
        ctx.pipeline().remove(TelemetryServer.IDLE);
        final RequestTimeoutHandler timeout = ctx.pipeline().get(RequestTimeoutHandler.class);
        if (null != timeout)
        {
            timeout.streaming();
        }

        final HistoryRing history = server.bus().history();
        final long head = history.head();
        // An id beyond the head was issued by an earlier run of the server (sequences restart with it): the client
        // has seen none of this run's events, so it gets all that are held.
        final boolean restarted = resumeAfter > head;
        final HistoryCursor cursor = resumeAfter < 0 ? history.cursorAtHead(filter) :
            history.cursorAfter(restarted ? 0 : resumeAfter, filter);
        ctx.write(response, ctx.voidPromise());
        ctx.write(connectionFrame(ctx, filter, head, resumeAfter, restarted), ctx.voidPromise());
        ctx.flush();
        server.counters().increment(TransportCounter.STREAMS_OPENED);
        subscriber = new SseSubscriber(ctx, cursor, String.valueOf(ctx.channel().remoteAddress()), server.bus().context().clock(),
            server.counters());
        server.fanOut().add(subscriber);
    }

    private static long resumePoint(final FullHttpRequest request, final QueryParams params)
    {
        final String header = request.headers().get("Last-Event-ID");
        final String query = params.string("last_event_id");
        final String raw = null != header && !header.isBlank() ? header.trim() : query;
        if (null == raw)
        {
            return -1;
        }
        return QueryParams.parseBounded("last_event_id", raw, 0, Long.MAX_VALUE);
    }

    private ByteBuf connectionFrame(
        final ChannelHandlerContext ctx, final TypeFilter filter, final long head, final long resumeAfter, final boolean restarted)
    {
        final ByteBuf frame = ctx.alloc().buffer(256);
        frame.writeBytes(SseFrames.ascii("retry: " + server.context().retryMillis() + "\nevent: connection\ndata: "));
        try (JsonGenerator g = Responses.generator(frame))
        {
            g.writeStartObject();
            g.writeStringProperty("type", "connection");
            g.writeStringProperty("timestamp", new String(new IsoTimestamp().format(server.bus().context().clock().nanoTime())));
            g.writeName("payload");
            g.writeStartObject();
            g.writeStringProperty("status", "connected");
            if (filter.isAll())
            {
                g.writeNullProperty("event_type_filter");
            }
            else
            {
                g.writeStringProperty("event_type_filter", filter.toString());
            }
            g.writeNumberProperty("head_seq", head);
            if (resumeAfter >= 0)
            {
                g.writeNumberProperty("resume_after", resumeAfter);
                g.writeBooleanProperty("server_restarted", restarted);
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        frame.writeBytes(SseFrames.ascii("\n\n"));
        return frame;
    }

    private void respond(final ChannelHandlerContext ctx, final FullHttpRequest request, final HttpResponse response)
    {
        final int code = response.status().code();
        if (code >= 400 && code < 500)
        {
            server.counters().increment(TransportCounter.CLIENT_ERRORS);
        }
        server.cors().allow(response, origin);
        origin = null;
        final boolean keepAlive = HttpUtil.isKeepAlive(request) && code < 500 && !request.decoderResult().isFailure();
        HttpUtil.setKeepAlive(response, keepAlive);
        if (HttpMethod.HEAD.equals(request.method()) && response instanceof FullHttpResponse)
        {
            // Same headers as GET (content-length included), no body.
            ((FullHttpResponse)response).content().clear();
        }
        if (keepAlive)
        {
            ctx.writeAndFlush(response, ctx.voidPromise());
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) throws Exception
    {
        if (null != subscriber && ctx.channel().isWritable())
        {
            server.fanOut().resume(subscriber);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof IdleStateEvent && null == subscriber)
        {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        // A reset by the peer or a codec failure concerns this connection only.
        ctx.close();
    }
}
