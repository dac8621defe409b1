package io.tickertape.transport;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Caps open connections. One over the cap is told 503 with {@code Retry-After} (written raw, before any request
 * is read) and closed, so a flood of connections cannot exhaust the process.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter
{
    private final AtomicInteger open = new AtomicInteger();
    private final int max;
    private final TransportCounters counters;

    ConnectionLimiter(final int max, final TransportCounters counters)
    {
        this.max = max;
        this.counters = counters;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) throws Exception
    {
        if (open.incrementAndGet() > max)
        {
            counters.rejectedConnections.increment();
            final FullHttpResponse busy = Responses.error(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                "too many connections (max " + max + ")");
            busy.headers().set(HttpHeaderNames.RETRY_AFTER, "5").set(HttpHeaderNames.CONNECTION, "close");
            // Written through the pipeline from here on: the codec after this handler encodes the response.
            ctx.pipeline().context("codec").writeAndFlush(busy).addListener(ChannelFutureListener.CLOSE);
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
