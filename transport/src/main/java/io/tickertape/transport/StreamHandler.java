package io.tickertape.transport;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
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
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.tickertape.bus.ErrorLog;
import io.tickertape.bus.EventFilter;
import io.tickertape.bus.IsoTimestamp;
import io.tickertape.bus.TelemetryBus;
import tools.jackson.core.JsonGenerator;

/**
 * The last step of the pipeline: turns a stream request into an SSE subscriber that lives until either side closes
 * the connection. It answers the headers and the {@code connection} frame, takes the request handlers out of the
 * pipeline (the connection takes no further requests, and the drain's writes then pass only the codec), and hands
 * the subscriber to the {@link FanOut}. One per connection.
 */
final class StreamHandler extends RequestHandler
{
    static final String SSE_CONTENT_TYPE = "text/event-stream; charset=utf-8";

    private final TelemetryBus bus;
    private final FanOut fanOut;
    private final TransportCounters counters;
    private final int retryMillis;
    private final long webSocketPingNanos;
    private final byte[] idPrefix;
    private final StreamFraming framing;
    private SseSubscriber subscriber;

    StreamHandler(
        final TelemetryBus bus, final FanOut fanOut, final TransportCounters counters, final int retryMillis,
        final long webSocketPingNanos, final ErrorLog errors)
    {
        super(errors);
        this.webSocketPingNanos = webSocketPingNanos;
        this.bus = bus;
        this.fanOut = fanOut;
        this.counters = counters;
        this.retryMillis = retryMillis;
        this.idPrefix = SseFrames.idPrefix(bus.epoch());
        this.framing = new SseFraming(idPrefix);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
    {
        if (null != subscriber)
        {
            ReferenceCountUtil.release(msg); // a streaming connection takes no further requests
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final QueryParams params = QueryParams.of(ctx.channel());
        if (Routes.WS.equals(params.path()))
        {
            WebSocketHandler.upgrade(ctx, request, bus, fanOut, counters, webSocketPingNanos);
            return;
        }
        final EventFilter filter = params.eventFilter(bus.history());
        final String epoch = bus.epoch();
        // The parameter is an explicit request: a malformed one is a 400 (before anything is answered). The header
        // is sent by a browser's EventSource on its own: a 400 would stop it for good, so a malformed one is
        // ignored, and the connection frame says so.
        final String param = params.string("last_event_id");
        EventId resumeFrom = null == param ? null : EventId.parse("last_event_id", param.trim());
        if (HttpMethod.HEAD.equals(request.method()))
        {
            // Exactly the headers a GET gets (chunked included), no body: the codec writes none for HEAD.
            final FullHttpResponse head = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
            streamHeaders(head);
            Responses.send(ctx, request, head);
            return;
        }
        final String header = request.headers().get("Last-Event-ID");
        String ignored = null;
        if (null == resumeFrom && null != header && !header.isBlank())
        {
            try
            {
                resumeFrom = EventId.parse("Last-Event-ID", header.trim());
            }
            catch (final BadRequestException ex)
            {
                ignored = ex.getMessage();
                counters.increment(TransportCounter.RESUMES_IGNORED);
            }
        }
        final HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        streamHeaders(response);

        final StreamStart start = StreamStart.of(bus.history(), epoch, fanOut.journal(), filter, resumeFrom, -1);
        ctx.write(response, ctx.voidPromise()); // through the CORS and counting handlers, before they are removed
        ctx.write(connectionFrame(ctx, filter, start.head(), start.startsAfter(), resumeFrom, start.resume(), ignored), ctx.voidPromise());
        if (start.reset())
        {
            counters.increment(TransportCounter.RESETS);
            final ByteBuf reset = ctx.alloc().buffer(192);
            SseFrames.reset(reset, new IsoTimestamp(), bus.context().clock().nanoTime(), start.resume().fromEpoch(), epoch);
            ctx.write(reset, ctx.voidPromise());
        }
        ctx.flush();
        leaveRequestHandling(ctx.pipeline());
        counters.increment(TransportCounter.STREAMS_OPENED);
        subscriber = start.subscriber(ctx, bus.context().clock(), counters, framing);
        fanOut.add(subscriber);
        endWhenTheTokenExpires(ctx);
    }

    /** A stream opened with a JWT ends when the token does: its client must come back with a token valid now. */
    static void endWhenTheTokenExpires(final ChannelHandlerContext ctx)
    {
        final Long expiresAt = ctx.channel().attr(AccessTokenHandler.EXPIRES_AT).get();
        if (null != expiresAt && Long.MAX_VALUE != expiresAt)
        {
            final ScheduledFuture<?> end = ctx.executor().schedule(
                () -> ctx.close(), Math.max(0, expiresAt - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            ctx.channel().closeFuture().addListener(closed -> end.cancel(false));
        }
    }

    /** The headers of a stream's answer, to {@code GET} and {@code HEAD} alike. */
    private static void streamHeaders(final HttpResponse response)
    {
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, SSE_CONTENT_TYPE)
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
            .set("x-accel-buffering", "no")
            .set("x-content-type-options", "nosniff");
        HttpUtil.setTransferEncodingChunked(response, true);
    }

    /** Take the request handlers out of a pipeline whose connection has become a stream (SSE or WebSocket). */
    static void leaveRequestHandling(final ChannelPipeline pipeline)
    {
        final RequestTimeoutHandler timeout = pipeline.get(RequestTimeoutHandler.class);
        if (null != timeout)
        {
            timeout.streaming();
        }
        for (final String name : ServerInitializer.REQUEST_HANDLERS)
        {
            if (null != pipeline.get(name))
            {
                pipeline.remove(name);
            }
        }
    }

    private ByteBuf connectionFrame(
        final ChannelHandlerContext ctx,
        final EventFilter filter,
        final long head,
        final long startsAfter,
        final EventId resumeFrom,
        final Resume resume,
        final String ignored)
    {
        final ByteBuf frame = ctx.alloc().buffer(256);
        frame.writeBytes(SseFrames.ascii("retry: " + retryMillis + "\n"));
        frame.writeBytes(idPrefix);
        SseFrames.putLong(frame, startsAfter);
        frame.writeBytes(SseFrames.ascii("\nevent: connection\ndata: "));
        connectionJson(frame, bus, false, "connected", filter, head, startsAfter, resumeFrom, resume, ignored);
        frame.writeBytes(SseFrames.ascii("\n\n"));
        return frame;
    }

    /**
     * The {@code connection} message's JSON: what the subscription follows and where it starts (the same for an SSE
     * stream's first frame and a WebSocket's messages).
     */
    static void connectionJson(
        final ByteBuf out, final TelemetryBus bus, final boolean withId, final String status, final EventFilter filter, final long head,
        final long startsAfter, final EventId resumeFrom, final Resume resume, final String ignored)
    {
        try (JsonGenerator g = Responses.generator(out))
        {
            g.writeStartObject();
            g.writeStringProperty("type", "connection");
            if (withId)
            {
                g.writeStringProperty("id", EventId.format(bus.epoch(), startsAfter)); // an SSE frame has its id line
            }
            g.writeStringProperty("timestamp", new String(new IsoTimestamp().format(bus.context().clock().nanoTime())));
            g.writeName("payload");
            g.writeStartObject();
            g.writeStringProperty("status", status);
            g.writeStringProperty("epoch", bus.epoch());
            Responses.filterProperties(g, filter);
            g.writeNumberProperty("head_seq", head);
            g.writeNumberProperty("starts_after", startsAfter);
            if (null != resume)
            {
                g.writeStringProperty("resume_from", null == resumeFrom.epoch() ?
                    String.valueOf(resumeFrom.seq()) : EventId.format(resumeFrom.epoch(), resumeFrom.seq()));
                g.writeNumberProperty("resume_after", resumeFrom.seq());
                g.writeBooleanProperty("server_restarted", resume.reset());
            }
            if (null != ignored)
            {
                g.writeStringProperty("resume_ignored", ignored);
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) throws Exception
    {
        if (null != subscriber && ctx.channel().isWritable())
        {
            fanOut.resume(subscriber);
        }
        super.channelWritabilityChanged(ctx);
    }
}
