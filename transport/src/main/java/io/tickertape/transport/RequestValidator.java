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

/**
 * Answers what no client may have, whoever asks: a request the codec could not decode (414, 431, 413 or 400, and
 * the connection closed), a URI whose query does not decode (400), an unknown path (404), a method other than
 * {@code GET} or {@code HEAD} (405). Every other request goes on with its {@link QueryParams} decoded once.
 */
@ChannelHandler.Sharable
final class RequestValidator extends RequestHandler
{
    @Override
    void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        if (request.decoderResult().isFailure())
        {
            final Throwable cause = request.decoderResult().cause();
            Responses.send(ctx, request, Responses.error(ctx.alloc(), malformedStatus(cause), "malformed request: " +
                QueryParams.clip(String.valueOf(cause.getMessage()))));
            return;
        }
        final QueryParams params = QueryParams.parse(request.uri());
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
        params.attach(ctx.channel());
        pass(ctx, request);
    }

    private static HttpResponseStatus malformedStatus(final Throwable cause)
    {
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
