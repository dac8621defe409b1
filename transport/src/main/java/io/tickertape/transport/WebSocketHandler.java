package io.tickertape.transport;

import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.tickertape.bus.EventFilter;
import io.tickertape.bus.IsoTimestamp;
import io.tickertape.bus.TelemetryBus;
import tools.jackson.core.JsonGenerator;

/**
 * {@code GET /api/telemetry/ws}: the stream over a WebSocket. After the upgrade (Netty's handshake, ping and close
 * handling, UTF-8 checks; messages from the client at most {@value #MAX_MESSAGE_BYTES} bytes) the connection is a
 * subscriber like an SSE stream's ({@link SseSubscriber} with {@link WsFraming}): the same events, heartbeats, gaps,
 * resets, flow control and cut-off of a client that does not read. The client may change what it follows without
 * reconnecting: {@code {"op":"subscribe", "event_type":[...], "symbol":..., ...}} (from where it is, with the new
 * filter), {@code {"op":"unsubscribe"}}, {@code {"op":"resume","id":"<epoch>-<seq>"}} (the SSE resume rule). A
 * message it cannot act on is answered with an {@code error} message and changes nothing. The server pings every
 * ping interval, and closes a connection from which nothing (not even a pong) came for two.
 */
final class WebSocketHandler extends ChannelInboundHandlerAdapter
{
    /** Most bytes of one message from a client; a longer one closes the connection with 1009. */
    static final int MAX_MESSAGE_BYTES = 4096;
    /** The only WebSocket version served: RFC 6455's, which every current client speaks. */
    static final String WEBSOCKET_VERSION = "13";
    /**
     * Level of the compressor Netty's permessage-deflate encoder would use for frame objects (the default); events
     * are compressed by the subscriber's own compressor, at {@link Deflater#BEST_SPEED}.
     */
    private static final int DEFLATE_LEVEL = 6;
    /** Set on a channel while its upgrade is under way: it holds the subscriber place its request reserved. */
    static final AttributeKey<Boolean> UPGRADING = AttributeKey.valueOf(WebSocketHandler.class, "upgrading");

    private final TelemetryBus bus;
    private final FanOut fanOut;
    private final TransportCounters counters;
    private final long pingNanos;
    private WsFraming framing;
    private boolean deflatePlace;
    private Deflater deflater;
    private final IsoTimestamp timestamp = new IsoTimestamp();
    /** What the connection follows: first its request's filter, checked before the upgrade; then each subscribe's. */
    private EventFilter filter;
    /** The id its request resumes from (checked before the upgrade), or null. */
    private final EventId resumeFrom;
    private SseSubscriber subscriber;
    private boolean added;
    private long lastHeardNanos;
    private ScheduledFuture<?> pings;

    private WebSocketHandler(
        final TelemetryBus bus, final FanOut fanOut, final TransportCounters counters, final long pingNanos, final boolean deflatePlace,
        final EventFilter filter, final EventId resumeFrom)
    {
        this.deflatePlace = deflatePlace;
        this.filter = filter;
        this.resumeFrom = resumeFrom;
        this.bus = bus;
        this.fanOut = fanOut;
        this.counters = counters;
        this.pingNanos = pingNanos;
    }

    /**
     * A request for the WebSocket route reached the end of the request handlers: check it is an upgrade, put the
     * WebSocket handlers in after the calling one, and hand them the request.
     *
     * @throws BadRequestException when it is not a WebSocket upgrade, or its filter is bad.
     */
    static void upgrade(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final TelemetryBus bus, final FanOut fanOut,
        final TransportCounters counters, final long pingNanos)
    {
        if (!HttpMethod.GET.equals(request.method()) || !request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true) ||
            !request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true))
        {
            throw new BadRequestException(Routes.WS + " is a WebSocket: GET it with Connection: Upgrade and Upgrade: websocket " +
                "(HTTP/1.1), or follow " + Routes.STREAM + " instead");
        }
        // A bad filter or resume id is a 400 before the upgrade, as on the SSE route, and changes nothing.
        final QueryParams params = QueryParams.of(ctx.channel());
        final EventFilter filter = params.eventFilter(bus.history());
        final String resumeParameter = params.string("last_event_id");
        final EventId resumeFrom = null == resumeParameter ? null : EventId.parse("last_event_id", resumeParameter.trim());
        if (!WEBSOCKET_VERSION.equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION)))
        {
            // Answered here rather than by Netty's handshaker, which would leave its handlers in this connection.
            final FullHttpResponse upgradeRequired = Responses.error(ctx.alloc(), HttpResponseStatus.UPGRADE_REQUIRED,
                Routes.WS + " speaks WebSocket version " + WEBSOCKET_VERSION + " (RFC 6455) only");
            upgradeRequired.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, WEBSOCKET_VERSION);
            Responses.send(ctx, request, upgradeRequired);
            return;
        }
        final String key = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (null == key || key.isBlank())
        {
            throw new BadRequestException("a WebSocket upgrade needs a Sec-WebSocket-Key header");
        }
        // Routing went by the decoded path; the handshaker compares the raw one, which may be spelt differently.
        request.setUri(Routes.WS);
        final ChannelPipeline p = ctx.pipeline();
        final boolean deflatePlace = fanOut.takeDeflatePlace();
        String before = ctx.name();
        if (deflatePlace)
        {
            // Agrees to permessage-deflate when the client offers it, and inflates what the client compresses. Not to
            // a smaller window than deflate's 32 KiB for the server's messages (server_max_window_bits), nor to
            // dropping the context between them (server_no_context_takeover): the subscriber's own compressor keeps
            // both, so a client asking for either gets no compression. Nor to the older deflate-frame extension (which
            // Netty's WebSocketServerCompressionHandler also offers): the subscriber writes permessage-deflate's frames.
            p.addAfter(before, "ws-deflate", new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker(
                DEFLATE_LEVEL, false, PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, false, false, MAX_MESSAGE_BYTES)));
            before = "ws-deflate";
        }
        p.addAfter(before, "ws-protocol", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(Routes.WS).checkStartsWith(true).allowExtensions(true).maxFramePayloadLength(MAX_MESSAGE_BYTES)
            .handshakeTimeoutMillis(10_000).dropPongFrames(false).withUTF8Validator(true).build()));
        p.addAfter("ws-protocol", "ws-messages", new WebSocketFrameAggregator(MAX_MESSAGE_BYTES));
        p.addAfter("ws-messages", "ws", new WebSocketHandler(bus, fanOut, counters, pingNanos, deflatePlace, filter, resumeFrom));
        ctx.channel().attr(UPGRADING).set(Boolean.TRUE);
        RequestHandler.pass(ctx, request);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete)
        {
            // permessage-deflate agreed: the extension's encoder is in the pipeline (it compresses frame objects only;
            // the subscriber compresses what it writes as bytes itself, with the connection's compressor).
            if (null != ctx.pipeline().get(WebSocketExtensionEncoder.class))
            {
                deflater = new Deflater(Deflater.BEST_SPEED, true);
            }
            else if (deflatePlace)
            {
                deflatePlace = false;
                fanOut.releaseDeflatePlace(); // not offered: the place goes to another connection
            }
            framing = new WsFraming(bus.epoch(), deflater);
            StreamHandler.leaveRequestHandling(ctx.pipeline());
            ctx.pipeline().remove(StreamHandler.class); // it passed the upgrade on, and takes no more requests
            counters.increment(TransportCounter.STREAMS_OPENED);
            lastHeardNanos = System.nanoTime();
            pings = ctx.executor().scheduleAtFixedRate(() -> ping(ctx), pingNanos, pingNanos, TimeUnit.NANOSECONDS);
            follow(ctx, filter, resumeFrom, "connected", -1);
            ctx.channel().attr(UPGRADING).set(null);
            StreamHandler.endWhenTheTokenExpires(ctx);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * Follow the history with a filter: from after {@code afterSeq} (or the head when negative), or by the resume
     * rule from an id. Says so with a {@code connection} message, then events flow.
     */
    private void follow(final ChannelHandlerContext ctx, final EventFilter with, final EventId resumeFrom, final String status, final long afterSeq)
    {
        final StreamStart start = StreamStart.of(bus.history(), bus.epoch(), fanOut.journal(), with, resumeFrom, afterSeq);
        final ByteBuf json = ctx.alloc().buffer(320);
        try
        {
            StreamHandler.connectionJson(json, bus, true, status, with, start.head(), start.startsAfter(), resumeFrom, start.resume(), null);
            send(ctx, json);
            if (start.reset())
            {
                counters.increment(TransportCounter.RESETS);
                json.clear();
                SseFrames.resetJson(json, timestamp, bus.context().clock().nanoTime(), start.resume().fromEpoch(), bus.epoch());
                send(ctx, json);
            }
        }
        finally
        {
            json.release();
        }
        final SseSubscriber next = start.subscriber(ctx, bus.context().clock(), counters, framing);
        ctx.flush();
        filter = with;
        subscriber = next;
        if (added)
        {
            fanOut.replace(ctx.channel(), next);
        }
        else
        {
            added = true;
            fanOut.add(next);
        }
    }

    /** A whole text message of JSON bytes. */
    private static void send(final ChannelHandlerContext ctx, final ByteBuf json)
    {
        final ByteBuf frame = ctx.alloc().buffer(json.readableBytes() + 4);
        WsFraming.header(frame, json.readableBytes());
        frame.writeBytes(json, json.readerIndex(), json.readableBytes());
        ctx.write(frame, ctx.voidPromise());
    }

    private void error(final ChannelHandlerContext ctx, final String message)
    {
        final ByteBuf json = ctx.alloc().buffer(128 + message.length());
        try (JsonGenerator g = Responses.generator(json))
        {
            g.writeStartObject();
            g.writeStringProperty("type", "error");
            g.writeStringProperty("timestamp", new String(timestamp.format(bus.context().clock().nanoTime())));
            g.writeName("payload");
            g.writeStartObject();
            g.writeStringProperty("message", message);
            g.writeEndObject();
            g.writeEndObject();
        }
        send(ctx, json);
        json.release();
        ctx.flush();
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        lastHeardNanos = System.nanoTime();
        try
        {
            if (msg instanceof TextWebSocketFrame text)
            {
                if (text.content().readableBytes() > MAX_MESSAGE_BYTES) // a single frame, inflated past the limit
                {
                    close(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "a message may have at most " + MAX_MESSAGE_BYTES + " bytes");
                    return;
                }
                onMessage(ctx, text.text());
            }
            else if (msg instanceof BinaryWebSocketFrame)
            {
                close(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "binary messages are not taken: send JSON text");
            }
            // pongs only prove the client alive; pings are answered and closes handled by the protocol handler
        }
        finally
        {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onMessage(final ChannelHandlerContext ctx, final String text)
    {
        try
        {
            final WsRequest request = WsRequest.parse(text);
            switch (request.op())
            {
                case "subscribe" -> follow(ctx, subscription(ctx, request), null, "subscribed", null == subscriber ? -1 : subscriber.position());
                case "unsubscribe" ->
                {
                    only(request, List.of());
                    final long position = null == subscriber ? bus.history().head() : subscriber.position();
                    fanOut.replace(ctx.channel(), null);
                    subscriber = null;
                    final ByteBuf json = ctx.alloc().buffer(320);
                    StreamHandler.connectionJson(json, bus, true, "unsubscribed", filter, bus.history().head(), position, null, null, null);
                    send(ctx, json);
                    json.release();
                    ctx.flush();
                }
                case "resume" ->
                {
                    only(request, List.of("id"));
                    final List<String> id = request.members().get("id");
                    if (null == id)
                    {
                        throw new BadRequestException("resume needs an id: {\"op\":\"resume\",\"id\":\"<epoch>-<seq>\"}");
                    }
                    follow(ctx, filter, EventId.parse("id", id.get(0).trim()), "resumed", -1);
                }
                default -> throw new BadRequestException("unknown op '" + clip(request.op()) + "' (subscribe, unsubscribe, resume)");
            }
        }
        catch (final BadRequestException ex)
        {
            error(ctx, ex.getMessage());
        }
    }

    /** The filter a subscribe message asks for, checked as a query's, within what the connection's credential allows. */
    private EventFilter subscription(final ChannelHandlerContext ctx, final WsRequest request)
    {
        QueryParams params = QueryParams.of(Routes.WS, request.members());
        params.requireKnown(List.of("event_type", QueryParams.SYMBOL, QueryParams.STRATEGY, QueryParams.SOURCE, QueryParams.HOST));
        final Set<String> allowed = ctx.channel().attr(AccessTokenHandler.ALLOWED_TYPES).get();
        if (null != allowed)
        {
            final String forbidden = AccessTokenHandler.forbiddenType(params, allowed);
            if (null != forbidden)
            {
                counters.increment(TransportCounter.FORBIDDEN);
                throw new BadRequestException(forbidden);
            }
            params = params.limitTypes(allowed);
        }
        return params.eventFilter(bus.history());
    }

    private static void only(final WsRequest request, final List<String> members)
    {
        QueryParams.of(Routes.WS, request.members()).requireKnown(members.isEmpty() ? List.of("(none)") : members);
    }

    private static String clip(final String text)
    {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private void ping(final ChannelHandlerContext ctx)
    {
        if (!ctx.channel().isActive())
        {
            return;
        }
        if (System.nanoTime() - lastHeardNanos > 2 * pingNanos)
        {
            close(ctx, WebSocketCloseStatus.POLICY_VIOLATION, "no pong");
            return;
        }
        ctx.writeAndFlush(new PingWebSocketFrame(ctx.alloc().buffer(8).writeLong(System.nanoTime())), ctx.voidPromise());
    }

    private void close(final ChannelHandlerContext ctx, final WebSocketCloseStatus status, final String reason)
    {
        if (null != subscriber)
        {
            fanOut.replace(ctx.channel(), null);
            subscriber = null;
        }
        ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(f -> ctx.close());
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) throws Exception
    {
        if (cause instanceof ClosedChannelException && !ctx.channel().isActive())
        {
            return; // a write (a heartbeat, a ping) that met the connection closing: nothing more to do
        }
        if (cause instanceof TooLongFrameException || cause instanceof DecompressionException)
        {
            close(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "a message may have at most " + MAX_MESSAGE_BYTES + " bytes");
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        if (null != pings)
        {
            pings.cancel(false);
        }
        if (!added)
        {
            fanOut.release(ctx.channel()); // the upgrade failed: its place goes back
        }
        if (deflatePlace)
        {
            deflatePlace = false;
            fanOut.releaseDeflatePlace();
        }
        if (null != deflater)
        {
            deflater.end(); // its native memory, now rather than when collected
        }
        super.channelInactive(ctx);
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
