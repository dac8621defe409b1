package io.tickertape.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.tickertape.bus.ErrorLog;

/**
 * A step of the request pipeline: it answers a whole request or passes it to the next step. A step that throws
 * answers the request itself, 400 for a {@link BadRequestException} and 500 for anything else, so a failure
 * closes at most this connection and never reaches the event loop. A failure answered 500 is logged once per
 * distinct cause ({@link ErrorLog}); the {@link ExchangeHandler} counts every 500 on its way out. The request is released once a step has answered
 * it; a step passing it on hands its reference to the next.
 */
abstract class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private final ErrorLog errors;

    RequestHandler(final ErrorLog errors)
    {
        this.errors = errors;
    }

    @Override
    protected final void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        try
        {
            handle(ctx, request);
        }
        catch (final RuntimeException ex)
        {
            if (!(ex instanceof BadRequestException))
            {
                errors.record(ex);
            }
            Responses.send(ctx, request, Responses.failure(ctx.alloc(), ex));
        }
    }

    /**
     * Answer the request with {@link Responses#send}, or give it to the next step with {@link #pass}.
     *
     * @throws BadRequestException when the request cannot be served as asked.
     */
    abstract void handle(ChannelHandlerContext ctx, FullHttpRequest request);

    /** Give the request to the next step of the pipeline. */
    static void pass(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        ctx.fireChannelRead(request.retain());
    }
}
