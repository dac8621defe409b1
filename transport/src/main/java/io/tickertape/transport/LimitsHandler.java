package io.tickertape.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickertape.bus.ErrorLog;

/**
 * Holds requests to the server's limits, counting each refusal: every route but the stream to a per-client rate
 * limit ({@link RateLimiter}; over it, 429 with {@code Retry-After}), with a budget for the JSON API and another,
 * independent one for metrics, health and the monitor page's files (a page that polls the API must not starve a
 * scraper or a probe on the same address); stream requests to the most subscribers (over it,
 * 503 with {@code Retry-After}). A stream request takes its subscriber place here, atomically, before it is
 * answered ({@link FanOut#reserve}): counting subscribers instead would let requests racing on several event loops
 * all pass before any of them became a subscriber. Open connections are capped earlier, by the
 * {@link ConnectionLimiter}.
 */
@ChannelHandler.Sharable
final class LimitsHandler extends RequestHandler
{
    private final RateLimiter apiRate;
    private final RateLimiter serviceRate;
    private final FanOut fanOut;
    private final int maxSubscribers;
    private final TransportCounters counters;

    LimitsHandler(
        final RateLimiter apiRate, final RateLimiter serviceRate, final FanOut fanOut, final int maxSubscribers,
        final TransportCounters counters, final ErrorLog errors)
    {
        super(errors);
        this.apiRate = apiRate;
        this.serviceRate = serviceRate;
        this.fanOut = fanOut;
        this.maxSubscribers = maxSubscribers;
        this.counters = counters;
    }

    @Override
    void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final String path = QueryParams.of(ctx.channel()).path();
        if (Routes.STREAM.equals(path) || Routes.WS.equals(path))
        {
            if (null != ctx.channel().attr(WebSocketHandler.UPGRADING).get())
            {
                // A request pipelined behind an upgrade: the channel's one reservation belongs to the upgrade.
                throw new BadRequestException("a WebSocket upgrade is under way on this connection");
            }
            if (!fanOut.reserve(ctx.channel(), maxSubscribers))
            {
                counters.increment(TransportCounter.REJECTED_SUBSCRIBERS);
                final FullHttpResponse busy = Responses.error(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "too many stream subscribers (max " + maxSubscribers + ")");
                busy.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
                Responses.send(ctx, request, busy);
                return;
            }
            try
            {
                pass(ctx, request); // answered before this returns: the subscriber took the place over, or it is free
            }
            finally
            {
                if (null == ctx.channel().attr(WebSocketHandler.UPGRADING).get())
                {
                    fanOut.release(ctx.channel()); // an upgrade keeps it until its subscriber takes it, or it fails
                }
            }
            return;
        }
        else
        {
            final boolean api = Routes.isApi(path);
            final long wait = (api ? apiRate : serviceRate).acquire(remoteAddress(ctx), System.nanoTime());
            if (wait > 0)
            {
                counters.increment(TransportCounter.RATE_LIMITED);
                final FullHttpResponse slow = Responses.error(ctx.alloc(), HttpResponseStatus.TOO_MANY_REQUESTS, "too many requests " +
                    (api ? "to the API" : "for metrics, health and the page") + " from this address; retry in " + wait + " s");
                slow.headers().set(HttpHeaderNames.RETRY_AFTER, String.valueOf(wait));
                Responses.send(ctx, request, slow);
                return;
            }
        }
        pass(ctx, request);
    }

    private static InetAddress remoteAddress(final ChannelHandlerContext ctx)
    {
        final SocketAddress address = ctx.channel().remoteAddress();
        return address instanceof InetSocketAddress ? ((InetSocketAddress)address).getAddress() : null;
    }
}
