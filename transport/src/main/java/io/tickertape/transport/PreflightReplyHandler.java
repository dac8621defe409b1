package io.tickertape.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Gives the answer of Netty's {@code CorsHandler} to a preflight from an allowed origin the form this server has
 * always sent: {@code 204} with neither body nor {@code content-length} (CorsHandler answers {@code 200} with
 * {@code content-length: 0}), and the allowed methods as {@value Routes#ALLOWED_METHODS}, in the order of the
 * {@code Allow} header (CorsHandler joins them in set order). It sits just before the CorsHandler, so that handler's
 * answers pass through it on their way out; only an answer to a preflight carries
 * {@code access-control-allow-methods}. Every CORS decision stays CorsHandler's.
 */
@ChannelHandler.Sharable
final class PreflightReplyHandler extends ChannelOutboundHandlerAdapter
{
    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
    {
        if (msg instanceof FullHttpResponse && HttpResponseStatus.OK.equals(((HttpResponse)msg).status()) &&
            ((HttpResponse)msg).headers().contains(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS))
        {
            final FullHttpResponse preflight = (FullHttpResponse)msg;
            // A new response: CorsHandler's headers join values with commas and would quote a value holding one.
            final FullHttpResponse reply = new DefaultFullHttpResponse(
                preflight.protocolVersion(), HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
            reply.headers()
                .set(preflight.headers())
                .remove(HttpHeaderNames.CONTENT_LENGTH)
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, Routes.ALLOWED_METHODS);
            ReferenceCountUtil.release(preflight);
            ctx.write(reply, promise);
            return;
        }
        ctx.write(msg, promise);
    }
}
