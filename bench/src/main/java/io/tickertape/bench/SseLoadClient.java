package io.tickertape.bench;

import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ByteProcessor;
import org.HdrHistogram.Recorder;

/**
 * One SSE subscriber over a Netty {@link HttpClientCodec}: splits the stream into lines, counts event frames (the
 * {@code id:} lines, keeping the last id) and, from each {@code data:} line, reads the send time the publisher put into the payload to
 * record publish-to-client latency. Allocates nothing per frame once its line buffer has grown.
 */
final class SseLoadClient extends SimpleChannelInboundHandler<HttpObject> implements ByteProcessor
{
    private static final JsonLongField SENT = new JsonLongField("t_ns");
    private static final long HIGHEST_NANOS = 60_000_000_000L;

    private final LongAdder frames;
    private final Recorder latency;
    private byte[] line = new byte[512];
    private int length;
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
     * @param allocator the clients' buffer allocator (not the server's, so that the server's memory can be told apart).
     * @param port      the server's port on 127.0.0.1.
     * @param frames    where every client adds its frames.
     * @param latency   where every client records its latencies (nanoseconds).
     * @return the client, connected (the stream may not have started yet).
     * @throws InterruptedException if interrupted while connecting.
     */
    static SseLoadClient connect(
        final EventLoopGroup group, final ByteBufAllocator allocator, final int port, final LongAdder frames,
        final Recorder latency) throws InterruptedException
    {
        final SseLoadClient client = new SseLoadClient(frames, latency);
        final Bootstrap bootstrap = new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
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
            final ByteBuf content = ((HttpContent)msg).content();
            content.forEachByte(this);
        }
    }

    @Override
    public boolean process(final byte value)
    {
        if (value == '\n')
        {
            onLine();
            length = 0;
        }
        else
        {
            if (length == line.length)
            {
                line = java.util.Arrays.copyOf(line, line.length * 2);
            }
            line[length++] = value;
        }
        return true;
    }

    private void onLine()
    {
        if (length > 4 && line[0] == 'i' && line[1] == 'd' && line[2] == ':' && line[3] == ' ')
        {
            long id = 0;
            for (int i = 4; i < length && line[i] >= '0' && line[i] <= '9'; i++)
            {
                id = id * 10 + (line[i] - '0');
            }
            lastId = id;
            frames.increment();
        }
        else if (length > 6 && line[0] == 'd' && line[1] == 'a' && line[2] == 't' && line[3] == 'a' && line[4] == ':')
        {
            final long sent = SENT.find(line, 5, length);
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
