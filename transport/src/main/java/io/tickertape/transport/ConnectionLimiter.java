package io.tickertape.transport;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Caps open connections. One over the cap is told 503 with {@code Retry-After} (written raw, before any request
 * is read) and closed, so a flood of connections cannot exhaust the process. Written here because Netty has no
 * handler that caps connections by count (its IP filters refuse by address).
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter
{
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
            // Answered before any request is read, so written as bytes: the HTTP codec has no request to pair with.
            ctx.writeAndFlush(Unpooled.wrappedBuffer(busy)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        super.channelActive(ctx);
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
}
