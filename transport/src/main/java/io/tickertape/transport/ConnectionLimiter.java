package io.tickertape.transport;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Caps open connections. One over the cap is told 503 with {@code Retry-After} (written raw, before any request
 * is read) and nothing else, so a flood of connections cannot exhaust the process. Written here because Netty has no
 * handler that caps connections by count (its IP filters refuse by address).
 * <p>
 * A refused connection never reaches the HTTP codec: what its client sends is read and discarded, so a request it
 * sent at once gets no second answer. The answer ends the connection as a {@link RawRefusal} does.
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
        this.busy = RawRefusal.answer(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many connections (max " + max + ")",
            "retry-after: 5");
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) throws Exception
    {
        if (open.incrementAndGet() > max)
        {
            counters.increment(TransportCounter.REJECTED_CONNECTIONS);
            ctx.pipeline().addAfter(ctx.name(), "refused", new Refused());
            // Answered before any request is read, so written as bytes: the HTTP codec has no request to pair with.
            RawRefusal.send(ctx, busy);
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
