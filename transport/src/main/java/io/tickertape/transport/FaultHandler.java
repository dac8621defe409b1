package io.tickertape.transport;

import java.nio.channels.ClosedChannelException;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tickertape.bus.ErrorLog;

/**
 * The end of every pipeline, where a fault of a connection arrives when no handler before took it: a reset by the
 * peer, a TLS failure, a handler that threw an {@code Error}. Each is counted ({@code http.exceptions}), logged once
 * per distinct cause ({@link ErrorLog}), and closes its connection, which is all it concerns.
 * <p>
 * Not a fault: a write failing because its connection has already closed (the frames still queued for a stream cut
 * off for not reading fail so, one by one, as writes without a listener report their failure here). The close was
 * the event, and is counted where it was decided.
 */
@ChannelHandler.Sharable
final class FaultHandler extends ChannelInboundHandlerAdapter
{
    private final TransportCounters counters;
    private final ErrorLog errors;

    FaultHandler(final TransportCounters counters, final ErrorLog errors)
    {
        this.counters = counters;
        this.errors = errors;
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (cause instanceof ClosedChannelException && !ctx.channel().isActive())
        {
            return;
        }
        counters.increment(TransportCounter.EXCEPTIONS);
        errors.record(cause);
        ctx.close();
    }
}
