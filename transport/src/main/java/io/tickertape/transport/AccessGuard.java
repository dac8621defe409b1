package io.tickertape.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.tickertape.transport.JwtVerifier.Grant;
import io.tickertape.transport.JwtVerifier.Refused;

/**
 * Checks the credential of a request when the server has any: the static access token, a JWT (see
 * {@link JwtVerifier}), or both side by side. A credential may come as {@code Authorization: Bearer <token>}, as a
 * {@code token} query parameter, or as the {@value #COOKIE} cookie (which the monitor page's URL
 * {@code /?token=...} sets, so the browser's EventSource carries it); the first one accepted wins. The static token
 * is compared in constant time; no credential is ever logged or echoed.
 */
final class AccessGuard
{
    static final String COOKIE = "tickertape_token";

    private final byte[] token;
    private final JwtVerifier jwt;

    AccessGuard(final String token, final JwtVerifier jwt)
    {
        this.token = null == token ? null : token.getBytes(StandardCharsets.UTF_8);
        this.jwt = jwt;
    }

    boolean enabled()
    {
        return null != token || null != jwt;
    }

    /**
     * Judge a request's credentials.
     *
     * @param request the request.
     * @param params  its parameters.
     * @return what the request may see ({@link Grant#EVERYTHING} when no credential is configured).
     * @throws Refused when none is accepted: with a null reason when none was presented, else the first one's.
     */
    Grant check(final FullHttpRequest request, final QueryParams params) throws Refused
    {
        if (!enabled())
        {
            return Grant.EVERYTHING;
        }
        final String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        final String bearer = null != authorization && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ?
            authorization.substring(7).trim() : null;
        final long now = System.currentTimeMillis();
        Refused first = null;
        for (final String presented : new String[] {bearer, params.has(Routes.TOKEN) ? params.first(Routes.TOKEN) : null, cookie(request)})
        {
            if (null != presented)
            {
                try
                {
                    return judge(presented, now);
                }
                catch (final Refused ex)
                {
                    first = null == first ? ex : first;
                }
            }
        }
        throw null == first ? new Refused(null) : first;
    }

    private Grant judge(final String presented, final long now) throws Refused
    {
        if (null != token && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8)))
        {
            return Grant.EVERYTHING;
        }
        if (null != jwt && JwtVerifier.looksLikeJwt(presented))
        {
            return jwt.verify(presented, now);
        }
        throw new Refused(null == jwt ? "wrong token" : "malformed token");
    }

    /**
     * @return the credential presented in the request's query string, if it is accepted (the page uses this to set
     *         its cookie), else null.
     */
    String acceptedQueryToken(final QueryParams params)
    {
        if (!enabled() || !params.has(Routes.TOKEN))
        {
            return null;
        }
        final String presented = params.first(Routes.TOKEN);
        try
        {
            judge(presented, System.currentTimeMillis());
            return presented;
        }
        catch (final Refused ex)
        {
            return null;
        }
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

    /** The cookie that carries a credential on the page's own requests: for this browser session only. */
    static String cookieHeader(final String credential, final boolean secure)
    {
        return COOKIE + "=" + credential + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
