package io.tickertape.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The first handler to see each whole request and the last to see its answer, just after the aggregator: it stops
 * the request's clock ({@link RequestTimeoutHandler}), counts the request, and counts each answer by status (4xx,
 * 500), whichever handler wrote it (Netty's {@code CorsHandler} answers preflights itself). It also closes a
 * keep-alive connection that sent no request for the idle timeout.
 */
@ChannelHandler.Sharable
final class ExchangeHandler extends ChannelDuplexHandler
{
    private final TransportCounters counters;

    ExchangeHandler(final TransportCounters counters)
    {
        this.counters = counters;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (msg instanceof FullHttpRequest)
        {
            final RequestTimeoutHandler timeout = ctx.pipeline().get(RequestTimeoutHandler.class);
            if (null != timeout)
            {
                timeout.requestComplete();
            }
            counters.increment(TransportCounter.REQUESTS);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
    {
        if (msg instanceof HttpResponse)
        {
            final int code = ((HttpResponse)msg).status().code();
            if (code >= 400 && code < 500)
            {
                counters.increment(TransportCounter.CLIENT_ERRORS);
            }
            else if (500 == code)
            {
                counters.increment(TransportCounter.ERRORS);
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof IdleStateEvent)
        {
            ctx.close(); // a stream removes the idle handler, so this is a connection between requests
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
