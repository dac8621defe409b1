package io.tickertape.transport;

import java.util.Set;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Cross-origin access for browser pages served from other origins: off unless origins are configured, and then
 * only for exactly those origins (never {@code *}, since responses may be behind a token).
 */
final class CorsPolicy
{
    private final Set<String> origins;

    CorsPolicy(final Set<String> origins)
    {
        this.origins = origins;
    }

    /** The request's origin if it is allowed, else null. */
    String allowedOrigin(final FullHttpRequest request)
    {
        if (origins.isEmpty())
        {
            return null;
        }
        final String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        return null != origin && origins.contains(origin) ? origin : null;
    }

    void allow(final HttpResponse response, final String origin)
    {
        if (null != origin)
        {
            response.headers()
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                .add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
    }

    FullHttpResponse preflight(final ByteBufAllocator alloc, final String origin)
    {
        final FullHttpResponse response = Responses.of(HttpResponseStatus.NO_CONTENT, Responses.JSON, Unpooled.EMPTY_BUFFER);
        response.headers()
            .remove(HttpHeaderNames.CONTENT_TYPE)
            .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD")
            .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Last-Event-ID")
            .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        return response;
    }
}
