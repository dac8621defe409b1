package io.tickertape.transport;

import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Gzip for answers, when the request accepts it and the body is at least the configured size: Netty's compressor,
 * told to leave the SSE stream alone (a compressor holds bytes back until it has a block, which would delay every
 * frame; the stream takes it out of the pipeline once its headers are written). Every answer it could compress says
 * {@code Vary: Accept-Encoding}, so a cache does not serve gzip to a client that did not ask for it. One per
 * connection: it pairs each answer with its request's {@code Accept-Encoding}.
 */
final class ResponseCompressor extends HttpContentCompressor
{
    private static final int WINDOW_BITS = 15;
    private static final int MEMORY_LEVEL = 8;

    ResponseCompressor(final int minBytes, final int level)
    {
        super(minBytes, StandardCompressionOptions.gzip(level, WINDOW_BITS, MEMORY_LEVEL));
    }

    @Override
    protected Result beginEncode(final HttpResponse response, final String acceptEncoding) throws Exception
    {
        final String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (null == type || type.startsWith("text/event-stream"))
        {
            return null;
        }
        response.headers().add(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        return super.beginEncode(response, acceptEncoding);
    }
}
