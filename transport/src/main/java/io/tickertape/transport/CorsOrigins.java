package io.tickertape.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks the origins given to {@link ServerContext#corsOrigins}. A browser sends its page's origin in the
 * {@code Origin} header as {@code scheme://host[:port]}: lower case, without a default port, a path or a trailing
 * slash; the server compares it with each allowed origin exactly. An allowed origin written any other way would match
 * no page and turn CORS silently off, so it is refused, with the form to write instead where there is one. {@code *}
 * and {@code null} (the origin of files and sandboxed pages) are refused too: the answers may be behind a token, and
 * CORS is allowed with credentials.
 */
public final class CorsOrigins
{
    private CorsOrigins()
    {
    }

    /**
     * Check an origin.
     *
     * @param origin an origin, e.g. {@code https://ops.example.com} or {@code http://127.0.0.1:8080}.
     * @return the origin.
     * @throws IllegalArgumentException saying what is wrong with it, in one line.
     */
    public static String check(final String origin)
    {
        if (null == origin || origin.isBlank())
        {
            throw new IllegalArgumentException("an empty origin; give origins as scheme://host[:port], e.g. https://ops.example");
        }
        final String shown = "origin '" + QueryParams.clip(origin) + "'";
        if ("*".equals(origin))
        {
            throw new IllegalArgumentException(shown + " is not allowed: list the exact origins whose pages may call the " +
                "API (its answers may be behind a token, and CORS is allowed with credentials)");
        }
        if ("null".equalsIgnoreCase(origin))
        {
            throw new IllegalArgumentException(shown + " (the origin of files and sandboxed pages) is not allowed");
        }
        final URI uri;
        try
        {
            uri = new URI(origin);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException(shown + " is not scheme://host[:port]: " + ex.getReason());
        }
        final String scheme = null == uri.getScheme() ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme))
        {
            throw new IllegalArgumentException(shown + " must start with http:// or https://");
        }
        if (null == uri.getHost() || null != uri.getRawUserInfo())
        {
            throw new IllegalArgumentException(shown + " has no host name, or more than a host, after " + scheme + "://");
        }
        final String canonical = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port(scheme, uri.getPort());
        if (null != uri.getRawQuery() || null != uri.getRawFragment() || !(null == uri.getRawPath() || uri.getRawPath().isEmpty()))
        {
            final String what = "/".equals(uri.getRawPath()) && null == uri.getRawQuery() && null == uri.getRawFragment() ?
                "a trailing slash" : "a path, query or fragment";
            throw new IllegalArgumentException(shown + " has " + what + ": an origin is scheme://host[:port], here '" + canonical + "'");
        }
        if (0 == uri.getPort() || uri.getPort() > 65_535)
        {
            throw new IllegalArgumentException(shown + " has a port out of 1..65535");
        }
        if (!canonical.equals(origin))
        {
            throw new IllegalArgumentException(shown + " would match no page: a browser sends it as '" + canonical + "'");
        }
        return origin;
    }

    private static String port(final String scheme, final int port)
    {
        final boolean defaultPort = -1 == port || ("http".equals(scheme) && 80 == port) || ("https".equals(scheme) && 443 == port);
        return defaultPort ? "" : ":" + port;
    }
}
