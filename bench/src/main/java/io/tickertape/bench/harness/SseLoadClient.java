package io.tickertape.bench.harness;

import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import org.HdrHistogram.Recorder;

/**
 * One SSE subscriber over a Netty {@link HttpClientCodec}: splits the stream into lines, counts event frames (the
 * {@code id:} lines, keeping the last id) and, from each {@code data:} line, reads the send time the publisher put into the payload to
 * record publish-to-client latency. Allocates nothing per frame once its buffer for lines cut across reads has grown.
 */
final class SseLoadClient extends SimpleChannelInboundHandler<HttpObject>
{
    private static final JsonLongField SENT = new JsonLongField("t_ns");
    private static final long HIGHEST_NANOS = 60_000_000_000L;
    private static final int ID_PREFIX = ('i' << 24) | ('d' << 16) | (':' << 8) | ' ';
    private static final int DATA_PREFIX = ('d' << 24) | ('a' << 16) | ('t' << 8) | 'a';

    private final LongAdder frames;
    private final Recorder latency;
    private final ByteBuf partial = Unpooled.buffer(512);
    private volatile long lastId;
    private volatile boolean streaming;
    private volatile boolean failed;
    private Channel channel;

    private SseLoadClient(final LongAdder frames, final Recorder latency)
    {
        this.frames = frames;
        this.latency = latency;
    }

    /**
     * Connect and ask for the stream.
     *
     * @param group     the client's event loops.
     * @param channelType the socket channel class matching the group's transport.
     * @param allocator the clients' buffer allocator (not the server's, so that the server's memory can be told apart).
     * @param port      the server's port on 127.0.0.1.
     * @param frames    where every client adds its frames.
     * @param latency   where every client records its latencies (nanoseconds).
     * @return the client, connected (the stream may not have started yet).
     * @throws InterruptedException if interrupted while connecting.
     */
    static SseLoadClient connect(
        final EventLoopGroup group, final Class<? extends SocketChannel> channelType, final ByteBufAllocator allocator,
        final int port, final LongAdder frames, final Recorder latency) throws InterruptedException
    {
        final SseLoadClient client = new SseLoadClient(frames, latency);
        final Bootstrap bootstrap = new Bootstrap()
            .group(group)
            .channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.ALLOCATOR, allocator)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(new HttpClientCodec()).addLast(client);
                }
            });
        client.channel = bootstrap.connect("127.0.0.1", port).sync().channel();
        final FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/telemetry/stream");
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + port).set(HttpHeaderNames.ACCEPT, "text/event-stream");
        client.channel.writeAndFlush(request).sync();
        return client;
    }

    boolean isStreaming()
    {
        return streaming && !failed;
    }

    boolean hasFailed()
    {
        return failed;
    }

    /** @return the {@code id} (sequence) of the last event frame received, 0 before the first. */
    long lastId()
    {
        return lastId;
    }

    void close()
    {
        channel.close().syncUninterruptibly();
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final HttpObject msg)
    {
        if (msg instanceof HttpResponse)
        {
            if (((HttpResponse)msg).status().code() != 200)
            {
                failed = true;
                ctx.close();
                return;
            }
            streaming = true;
        }
        if (msg instanceof HttpContent)
        {
            onContent(((HttpContent)msg).content());
        }
    }

    /**
     * Split into lines where they lie, in the received buffer (the end of line is found eight bytes at a time by
     * {@link ByteBuf#indexOf}); only a line cut by the end of a buffer is copied, into {@link #partial}.
     */
    private void onContent(final ByteBuf content)
    {
        int from = content.readerIndex();
        final int end = content.writerIndex();
        while (from < end)
        {
            final int lf = content.indexOf(from, end, (byte)'\n');
            if (lf < 0)
            {
                partial.writeBytes(content, from, end - from);
                return;
            }
            if (partial.isReadable())
            {
                partial.writeBytes(content, from, lf - from);
                onLine(partial, partial.readerIndex(), partial.writerIndex());
                partial.clear();
            }
            else
            {
                onLine(content, from, lf);
            }
            from = lf + 1;
        }
    }

    private void onLine(final ByteBuf buffer, final int from, final int to)
    {
        final int length = to - from;
        if (length > 4 && buffer.getInt(from) == ID_PREFIX)
        {
            long id = 0;
            for (int i = from + 4; i < to; i++)
            {
                final byte b = buffer.getByte(i);
                if (b < '0' || b > '9')
                {
                    break;
                }
                id = id * 10 + (b - '0');
            }
            lastId = id;
            frames.increment();
        }
        else if (length > 6 && buffer.getInt(from) == DATA_PREFIX)
        {
            // The publisher puts the send time last in its payload: read it from the end of the line.
            final long sent = SENT.findLast(buffer, from + 5, to);
            if (JsonLongField.ABSENT != sent)
            {
                latency.recordValue(Math.max(0, Math.min(HIGHEST_NANOS, System.nanoTime() - sent)));
            }
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        failed = true;
        ctx.close();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        streaming = false;
    }
}
