package io.tickertape.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Closes a connection whose request does not arrive whole within the timeout of its first byte. Netty's idle
 * handlers reset on every byte read, so a client sending a byte a second (slowloris) would never trip them; this
 * counts from the first byte of each request instead. (A connection that sends nothing at all is closed by the idle
 * timeout; timing it from its start would also cut off clients that an overloaded server is slow to read.) It sits
 * before the HTTP decoder; the {@link ExchangeHandler}, just after the aggregator, tells it when a whole request has
 * arrived, and the {@link StreamHandler} when the connection has become a stream.
 */
final class RequestTimeoutHandler extends ChannelInboundHandlerAdapter
{
    private final long timeoutNanos;
    private final TransportCounters counters;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    private boolean waitingForRequest;

    RequestTimeoutHandler(final long timeoutNanos, final TransportCounters counters)
    {
        this.timeoutNanos = timeoutNanos;
        this.counters = counters;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
    {
        if (!waitingForRequest)
        {
            waitingForRequest = true;
            arm();
        }
        super.channelRead(ctx, msg);
    }

    /** A whole request arrived: stop its clock; the next byte read starts the next one's. */
    void requestComplete()
    {
        waitingForRequest = false;
        if (null != deadline)
        {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** The connection became a stream: it takes no more requests, so it is timed no more. */
    void streaming()
    {
        requestComplete();
        ctx.pipeline().remove(this);
    }

    private void arm()
    {
        if (null == deadline)
        {
            deadline = ctx.executor().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void expire()
    {
        deadline = null;
        counters.increment(TransportCounter.REQUEST_TIMEOUTS);
        ctx.close();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        if (null != deadline)
        {
            deadline.cancel(false);
            deadline = null;
        }
        super.channelInactive(ctx);
    }
}
