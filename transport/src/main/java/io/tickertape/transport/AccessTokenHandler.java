package io.tickertape.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickertape.bus.ErrorLog;

/**
 * Refuses a request to a protected route ({@link Routes#isProtected}) that does not carry the access token:
 * 401 with {@code WWW-Authenticate}, counted. In the pipeline only when a token is configured; the token itself is
 * checked by the {@link AccessGuard}.
 */
@ChannelHandler.Sharable
final class AccessTokenHandler extends RequestHandler
{
    private final AccessGuard guard;
    private final TransportCounters counters;

    AccessTokenHandler(final AccessGuard guard, final TransportCounters counters, final ErrorLog errors)
    {
        super(errors);
        this.guard = guard;
        this.counters = counters;
    }

    @Override
    void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final QueryParams params = QueryParams.of(ctx.channel());
        if (Routes.isProtected(params.path()) && !guard.allows(request, params))
        {
            counters.increment(TransportCounter.UNAUTHORIZED);
            final FullHttpResponse denied = Responses.error(ctx.alloc(), HttpResponseStatus.UNAUTHORIZED,
                "missing or wrong access token");
            denied.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"tickertape\"");
            Responses.send(ctx, request, denied);
            return;
        }
        pass(ctx, request);
    }
}
