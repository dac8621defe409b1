package io.tickertape.transport;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The last answer on a connection the server refuses below the HTTP codec (too many connections, a request that did
 * not arrive in time), where there is no decoded request to answer: the same JSON error body as every other refusal,
 * written as bytes. After it the server shuts its side down (the client reads the answer, then the end of input) and
 * closes when the client does, or after {@value #LINGER_MILLIS} ms: closing at once with what the client sent still
 * unread would make the close a reset, which may destroy the answer before the client reads it. The handler that
 * sends it discards whatever the connection reads afterwards.
 */
final class RawRefusal
{
    /** Most time a refused connection stays open after its answer, for its client to read it and close. */
    static final long LINGER_MILLIS = 2_000;

    private static final ChannelFutureListener LINGER = RawRefusal::linger;

    private RawRefusal()
    {
    }

    /**
     * The bytes of a refusal, {@code Connection: close} included.
     *
     * @param status  the status.
     * @param error   what the body's {@code error} says; JSON-safe (no quote, backslash or control character).
     * @param headers further header lines, each without its line end.
     * @return the whole answer.
     */
    static byte[] answer(final HttpResponseStatus status, final String error, final String... headers)
    {
        final String body = "{\"ok\":false,\"error\":\"" + error + "\"}";
        final StringBuilder answer = new StringBuilder(256).append("HTTP/1.1 ").append(status).append("\r\n")
            .append("content-type: ").append(Responses.JSON).append("\r\n");
        for (final String header : headers)
        {
            answer.append(header).append("\r\n");
        }
        answer.append("connection: close\r\ncontent-length: ").append(body.length()).append("\r\n\r\n").append(body);
        return answer.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Write the answer from a handler below the codec, then end the connection as described above.
     *
     * @param ctx    the writing handler's context.
     * @param answer from {@link #answer}.
     */
    static void send(final ChannelHandlerContext ctx, final byte[] answer)
    {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(LINGER);
    }

    private static void linger(final ChannelFuture written)
    {
        final Channel channel = written.channel();
        if (!written.isSuccess() || !(channel instanceof DuplexChannel))
        {
            channel.close();
            return;
        }
        ((DuplexChannel)channel).shutdownOutput();
        channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }
}
