package io.tickertape.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpContentException;

/**
 * Netty's aggregator, except that the requests it refuses are answered like every other refused request: by the
 * {@link RequestValidator}, with the JSON error body, counted and with the CORS headers. Netty's own answers to them
 * (413 for a body over the limit, 417 for an {@code Expect} other than {@code 100-continue}) have no body. Here such a
 * request goes on as a request whose decoding failed, with a {@link TooLongHttpContentException} or an
 * {@link UnsupportedExpectation} as the cause, and without its body; the rest of its body is discarded, and the
 * connection is closed after the answer, as for any request that could not be decoded.
 */
final class RequestAggregator extends HttpObjectAggregator
{
    RequestAggregator(final int maxContentLength)
    {
        super(maxContentLength);
    }

    @Override
    protected Object newContinueResponse(final HttpMessage start, final int maxContentLength, final ChannelPipeline pipeline)
    {
        if (isUnsupportedExpectation(start))
        {
            start.setDecoderResult(DecoderResult.failure(new UnsupportedExpectation(
                "unsupported expectation: Expect: " + QueryParams.clip(start.headers().get(HttpHeaderNames.EXPECT)))));
            return null;
        }
        if (HttpUtil.is100ContinueExpected(start) && isContentLengthInvalid(start, maxContentLength))
        {
            return null; // no 100 Continue for a body over the limit: it is refused at once, below
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized) throws Exception
    {
        if (!(oversized instanceof HttpRequest))
        {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        final HttpRequest request = (HttpRequest)oversized;
        final FullHttpRequest refused = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
            Unpooled.EMPTY_BUFFER, request.headers().copy(), EmptyHttpHeaders.INSTANCE);
        refused.setDecoderResult(DecoderResult.failure(
            new TooLongHttpContentException("body larger than " + maxContentLength() + " bytes")));
        ctx.fireChannelRead(refused);
    }

    /** What Netty's {@code HttpUtil.isUnsupportedExpectation} says (not public): an HTTP/1.1 request expecting other than 100-continue. */
    private static boolean isUnsupportedExpectation(final HttpMessage message)
    {
        final String expect = message.headers().get(HttpHeaderNames.EXPECT);
        return null != expect && message instanceof HttpRequest && message.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0 &&
            !"100-continue".equalsIgnoreCase(expect);
    }

    /** The cause of a request refused for its {@code Expect} header: answered 417. */
    static final class UnsupportedExpectation extends DecoderException
    {
        private static final long serialVersionUID = 1L;

        UnsupportedExpectation(final String message)
        {
            super(message);
        }
    }
}
