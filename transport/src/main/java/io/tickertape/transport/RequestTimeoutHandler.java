package io.tickertape.transport;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Refuses a connection whose request does not arrive whole within the timeout of its first byte: 408 with the JSON
 * error body, written as bytes (the codec holds at most part of a request), then the connection is ended as a
 * {@link RawRefusal} does, and what it reads afterwards is discarded. Netty's idle handlers reset on every byte read,
 * so a client sending a byte a second (slowloris) would never trip them; this counts from the first byte of each
 * request instead. (A connection that sends nothing at all is closed by the idle timeout; timing it from its start
 * would also cut off clients that an overloaded server is slow to read.) It sits before the HTTP decoder; the
 * {@link ExchangeHandler}, just after the aggregator, tells it when a whole request has arrived, and the
 * {@link StreamHandler} when the connection has become a stream.
 */
final class RequestTimeoutHandler extends ChannelInboundHandlerAdapter
{
    private final long timeoutNanos;
    private final byte[] answer;
    private final TransportCounters counters;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    private boolean waitingForRequest;
    private boolean refused;

    /**
     * @param timeoutNanos the time a request has to arrive whole, from its first byte.
     * @param answer       the 408 to send when it does not, from {@link #answer(Duration)}: one for all connections.
     * @param counters     where the timeouts are counted.
     */
    RequestTimeoutHandler(final long timeoutNanos, final byte[] answer, final TransportCounters counters)
    {
        this.timeoutNanos = timeoutNanos;
        this.answer = answer;
        this.counters = counters;
    }

    /** The answer to a request that did not arrive in time. */
    static byte[] answer(final Duration timeout)
    {
        final String within = 0 == timeout.toMillis() % 1000 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        return RawRefusal.answer(HttpResponseStatus.REQUEST_TIMEOUT, "request not received in full within " + within);
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
    {
        if (refused)
        {
            ReferenceCountUtil.release(msg); // the connection is ending: nothing more is decoded or answered
            return;
        }
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
        refused = true;
        counters.increment(TransportCounter.REQUEST_TIMEOUTS);
        RawRefusal.send(ctx, answer);
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
