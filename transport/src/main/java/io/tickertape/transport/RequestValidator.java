package io.tickertape.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.tickertape.bus.ErrorLog;

/**
 * Answers what no client may have, whoever asks: a request the codec or the {@link RequestAggregator} could not
 * decode (414, 431, 413, 417 or 400, and the connection closed), a URI whose query does not decode (400), an
 * unknown path (404), a method other than {@code GET} or {@code HEAD} (405), a parameter the route does not take
 * (400: a misspelt one must not be silently ignored). Every other request goes on with its {@link QueryParams}
 * decoded once.
 * <p>
 * A request target in absolute form ({@code http://host:port/path?query}, which HTTP/1.1 servers must accept,
 * RFC 9112 section 3.2.2) is served as its origin form ({@code /path?query}): the handlers after this one see only
 * the latter. The authority in it is not checked, as the {@code Host} header is not.
 */
@ChannelHandler.Sharable
final class RequestValidator extends RequestHandler
{
    RequestValidator(final ErrorLog errors)
    {
        super(errors);
    }

    @Override
    void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        if (request.decoderResult().isFailure())
        {
            final Throwable cause = request.decoderResult().cause();
            final HttpResponseStatus status = malformedStatus(cause);
            Responses.send(ctx, request, Responses.error(ctx.alloc(), status, refusal(status, cause)));
            return;
        }
        final String target = originForm(request.uri());
        if (!target.equals(request.uri()))
        {
            request.setUri(target);
        }
        final QueryParams params = QueryParams.parse(target);
        final String path = params.path();
        if (!Routes.isKnown(path))
        {
            Responses.send(ctx, request, Responses.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND, "no such path: " +
                QueryParams.clip(path)));
            return;
        }
        final HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method))
        {
            final FullHttpResponse response = Responses.error(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                "method " + QueryParams.clip(method.name()) + " not allowed; use GET or HEAD");
            response.headers().set(HttpHeaderNames.ALLOW, Routes.ALLOWED_METHODS);
            Responses.send(ctx, request, response);
            return;
        }
        params.requireKnown(Routes.parameters(path));
        params.attach(ctx.channel());
        pass(ctx, request);
    }

    /**
     * The origin form of a request target: an {@code http} or {@code https} absolute form loses its scheme and
     * authority ({@code /} when it has no path); any other target is returned as it is.
     */
    static String originForm(final String target)
    {
        final int schemeEnd = target.indexOf("://");
        if (schemeEnd < 0 || !isHttpScheme(target, schemeEnd))
        {
            return target;
        }
        int pathStart = schemeEnd + 3;
        while (pathStart < target.length() && "/?#".indexOf(target.charAt(pathStart)) < 0)
        {
            pathStart++;
        }
        final String rest = target.substring(pathStart);
        return rest.startsWith("/") ? rest : "/" + rest;
    }

    private static boolean isHttpScheme(final String target, final int schemeEnd)
    {
        return (4 == schemeEnd || (5 == schemeEnd && (target.charAt(4) == 's' || target.charAt(4) == 'S'))) &&
            target.regionMatches(true, 0, "http", 0, 4);
    }

    /**
     * Why a request that could not be decoded is refused: the cause's message, clipped (the codec's may quote the
     * request); the aggregator's own says it whole, clipping what it quotes.
     */
    private static String refusal(final HttpResponseStatus status, final Throwable cause)
    {
        if (cause instanceof RequestAggregator.UnsupportedExpectation)
        {
            return cause.getMessage();
        }
        final String why = QueryParams.clip(String.valueOf(cause.getMessage()));
        return (HttpResponseStatus.BAD_REQUEST.equals(status) ? "malformed request: " : "request too large: ") + why;
    }

    private static HttpResponseStatus malformedStatus(final Throwable cause)
    {
        if (cause instanceof RequestAggregator.UnsupportedExpectation)
        {
            return HttpResponseStatus.EXPECTATION_FAILED;
        }
        if (cause instanceof TooLongHttpLineException)
        {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException)
        {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        return cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE : HttpResponseStatus.BAD_REQUEST;
    }
}
