package io.tickertape.transport;

import java.util.Set;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;
import io.tickertape.bus.ErrorLog;
import io.tickertape.transport.JwtVerifier.Grant;
import io.tickertape.transport.JwtVerifier.Refused;

/**
 * Refuses a request to a protected route ({@link Routes#isProtected}) without an accepted credential: 401 with
 * {@code WWW-Authenticate} (and, when a credential was presented, RFC 6750's {@code invalid_token} with the reason).
 * A JWT that limits its bearer to some event types gets 403 for a query or stream naming another, and otherwise has
 * its query and stream filtered to its types. In the pipeline only when a credential is configured; the credentials
 * themselves are judged by the {@link AccessGuard}.
 */
@ChannelHandler.Sharable
final class AccessTokenHandler extends RequestHandler
{
    /** When the credential of the request being served stops being accepted (ms since the epoch): a stream ends then. */
    static final AttributeKey<Long> EXPIRES_AT = AttributeKey.valueOf(AccessTokenHandler.class, "expiresAt");
    /**
     * The event types the credential of the request being served allows, or null for all (a WebSocket checks its
     * later subscriptions against them).
     */
    static final AttributeKey<Set<String>> ALLOWED_TYPES = AttributeKey.valueOf(AccessTokenHandler.class, "allowedTypes");

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
        if (!Routes.isProtected(params.path()))
        {
            pass(ctx, request);
            return;
        }
        final Grant grant;
        try
        {
            grant = guard.check(request, params);
        }
        catch (final Refused refused)
        {
            counters.increment(TransportCounter.UNAUTHORIZED);
            final String reason = refused.getMessage();
            final FullHttpResponse denied = Responses.error(ctx.alloc(), HttpResponseStatus.UNAUTHORIZED,
                null == reason ? "access token required" : "access token refused: " + reason);
            denied.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, null == reason ? "Bearer realm=\"tickertape\"" :
                "Bearer realm=\"tickertape\", error=\"invalid_token\", error_description=\"" + reason + "\"");
            Responses.send(ctx, request, denied);
            return;
        }
        ctx.channel().attr(EXPIRES_AT).set(grant.expiresAtMs());
        ctx.channel().attr(ALLOWED_TYPES).set(grant.types());
        if (null != grant.types() && (Routes.EVENTS.equals(params.path()) || Routes.STREAM.equals(params.path()) || Routes.WS.equals(params.path())))
        {
            final String forbidden = forbiddenType(params, grant.types());
            if (null != forbidden)
            {
                counters.increment(TransportCounter.FORBIDDEN);
                Responses.send(ctx, request, Responses.error(ctx.alloc(), HttpResponseStatus.FORBIDDEN, forbidden));
                return;
            }
            params.limitTypes(grant.types()).attach(ctx.channel());
        }
        pass(ctx, request);
    }

    /** @return why the request asks for more than the grant allows, or null when it does not. */
    static String forbiddenType(final QueryParams params, final Set<String> allowed)
    {
        if (allowed.isEmpty())
        {
            return "this token may see no event type";
        }
        for (final String type : params.typeFilter().names())
        {
            if (!allowed.contains(type))
            {
                return "this token may not see event type '" + type + "'";
            }
        }
        return null;
    }
}
