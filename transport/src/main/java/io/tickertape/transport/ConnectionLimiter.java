package io.tickertape.transport;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Caps open connections. One over the cap is told 503 with {@code Retry-After} (written raw, before any request
 * is read) and nothing else, so a flood of connections cannot exhaust the process. Written here because Netty has no
 * handler that caps connections by count (its IP filters refuse by address).
 * <p>
 * A refused connection never reaches the HTTP codec: what its client sends is read and discarded, so a request it
 * sent at once gets no second answer. After the 503 the server shuts its side down (the client reads the answer,
 * then the end of input) and closes when the client does, or after {@value #LINGER_MILLIS} ms: closing at once with
 * the client's request unread would make the close a reset, which may destroy the 503 before the client reads it.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter
{
    /** Most time a refused connection stays open after its 503, for its client to read it and close. */
    static final long LINGER_MILLIS = 2_000;

    private static final ChannelFutureListener LINGER = ConnectionLimiter::linger;

    private final AtomicInteger open = new AtomicInteger();
    private final int max;
    private final TransportCounters counters;
    private final byte[] busy;

    ConnectionLimiter(final int max, final TransportCounters counters)
    {
        this.max = max;
        this.counters = counters;
        final String body = "{\"ok\":false,\"error\":\"too many connections (max " + max + ")\"}";
        this.busy = ("HTTP/1.1 503 Service Unavailable\r\n" +
            "content-type: " + Responses.JSON + "\r\n" +
            "retry-after: 5\r\n" +
            "connection: close\r\n" +
            "content-length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) throws Exception
    {
        if (open.incrementAndGet() > max)
        {
            counters.increment(TransportCounter.REJECTED_CONNECTIONS);
            ctx.pipeline().addAfter(ctx.name(), "refused", new Refused());
            // Answered before any request is read, so written as bytes: the HTTP codec has no request to pair with.
            ctx.writeAndFlush(Unpooled.wrappedBuffer(busy)).addListener(LINGER);
            return;
        }
        super.channelActive(ctx);
    }

    private static void linger(final ChannelFuture written)
    {
        final Channel channel = written.channel();
        if (!written.isSuccess() || !(channel instanceof DuplexChannel))
        {
            channel.close();
            return;
        }
        ((DuplexChannel)channel).shutdownOutput();
        channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }

    int open()
    {
        return open.get();
    }

    /** Just after the limiter on a refused connection: whatever its client sends goes no further. */
    private static final class Refused extends ChannelInboundHandlerAdapter
    {
        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            ReferenceCountUtil.release(msg);
        }
    }
}
