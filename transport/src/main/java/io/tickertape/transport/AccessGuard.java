package io.tickertape.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;

/**
 * Checks the access token of a request when one is configured. The token may come as
 * {@code Authorization: Bearer <token>}, as a {@code token} query parameter, or as the {@value #COOKIE} cookie
 * (which the monitor page's URL {@code /?token=...} sets, so the browser's EventSource carries it). Tokens are
 * compared in constant time and never logged or echoed.
 */
final class AccessGuard
{
    static final String COOKIE = "tickertape_token";

    private final byte[] token;

    AccessGuard(final String token)
    {
        this.token = null == token ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    boolean enabled()
    {
        return null != token;
    }

    boolean allows(final FullHttpRequest request, final QueryParams params)
    {
        if (null == token)
        {
            return true;
        }
        final String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (null != authorization && authorization.regionMatches(true, 0, "Bearer ", 0, 7) &&
            matches(authorization.substring(7).trim()))
        {
            return true;
        }
        if (params.has("token") && matches(params.first("token")))
        {
            return true;
        }
        return matches(cookie(request));
    }

    /** The token presented in the request's query string, if it is the right one (the page uses this). */
    boolean matchesQuery(final QueryParams params)
    {
        return null != token && params.has("token") && matches(params.first("token"));
    }

    static String cookie(final FullHttpRequest request)
    {
        final String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (null == header)
        {
            return null;
        }
        for (final Cookie cookie : ServerCookieDecoder.LAX.decode(header))
        {
            if (COOKIE.equals(cookie.name()))
            {
                return cookie.value();
            }
        }
        return null;
    }

    boolean matches(final String presented)
    {
        if (null == presented)
        {
            return false;
        }
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    String cookieHeader(final boolean secure)
    {
        return COOKIE + "=" + new String(token, StandardCharsets.UTF_8) + "; Path=/; HttpOnly; SameSite=Strict" +
            (secure ? "; Secure" : "");
    }
}
