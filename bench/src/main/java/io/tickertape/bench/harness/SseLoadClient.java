package io.tickertape.bench.harness;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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
 * One SSE subscriber over a Netty {@link HttpClientCodec}, the harnesses' only SSE reader: splits the stream into
 * lines, counts event frames (the {@code id:} lines, keeping the last id and checking that ids rise), counts
 * {@code event: gap} frames and, from each {@code data:} line, reads the send time the publisher put into the payload
 * to record publish-to-client latency. Hand-written rather than an SSE library so that it allocates nothing per
 * frame (once its buffer for lines cut across reads has grown): a thousand of them share the machine with the server
 * they measure. The first thing that goes wrong (a status other than 200, ids out of order, an exception, a stream
 * the server ended) is kept as {@link #failure()}.
 */
final class SseLoadClient extends SimpleChannelInboundHandler<HttpObject>
{
    private static final JsonLongField SENT = new JsonLongField("t_ns");
    private static final long HIGHEST_NANOS = 60_000_000_000L;
    private static final int ID_PREFIX = ('i' << 24) | ('d' << 16) | (':' << 8) | ' ';
    private static final int DATA_PREFIX = ('d' << 24) | ('a' << 16) | ('t' << 8) | 'a';
    private static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final byte[] GAP_EVENT = "event: gap".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAMED = "event: ".getBytes(StandardCharsets.US_ASCII);

    private final LongAdder frames;
    private final Recorder latency;
    private final ByteBuf partial = Unpooled.buffer(512);
    private final CountDownLatch failed = new CountDownLatch(1);
    private volatile long lastId;
    private volatile long gaps;
    private volatile int status;
    private volatile String failure;
    private volatile boolean closing;
    private boolean idSeen;
    // The frame being read: its id's sequence, and whether it is named (a control frame, not an event).
    private long frameSeq;
    private boolean frameNamed;
    private Channel channel;

    private SseLoadClient(final LongAdder frames, final Recorder latency)
    {
        this.frames = frames;
        this.latency = latency;
    }

    /**
     * Connect and ask for the stream.
     *
     * @param template    a bootstrap with group, channel type and options set; cloned, not changed.
     * @param port        the server's port on 127.0.0.1.
     * @param lastEventId sent as {@code Last-Event-ID} when positive.
     * @param frames      where every client adds its frames.
     * @param latency     where every client records its latencies (nanoseconds); null to record none.
     * @return the client, connected (the stream may not have started yet).
     * @throws InterruptedException if interrupted while connecting.
     */
    static SseLoadClient connect(
        final Bootstrap template, final int port, final long lastEventId, final LongAdder frames, final Recorder latency)
        throws InterruptedException
    {
        final SseLoadClient client = new SseLoadClient(frames, latency);
        final Bootstrap bootstrap = template.clone().handler(new ChannelInitializer<SocketChannel>()
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
        if (lastEventId > 0)
        {
            request.headers().set(LAST_EVENT_ID, lastEventId);
        }
        client.channel.writeAndFlush(request).sync();
        return client;
    }

    /** @return whether something went wrong; see {@link #failure()}. */
    boolean hasFailed()
    {
        return null != failure;
    }

    /**
     * Wait until something goes wrong, or the time is up.
     *
     * @param nanos the longest to wait.
     * @return whether something went wrong.
     * @throws InterruptedException if interrupted while waiting.
     */
    boolean awaitFailure(final long nanos) throws InterruptedException
    {
        return failed.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** @return the first thing that went wrong, or null. */
    String failure()
    {
        return failure;
    }

    /** @return the response's status code, 0 before it arrives. */
    int status()
    {
        return status;
    }

    /** @return the {@code id} (sequence) of the last event frame received, 0 before the first. */
    long lastId()
    {
        return lastId;
    }

    /** @return the {@code gap} frames received. */
    long gaps()
    {
        return gaps;
    }

    /** Close the connection, with the usual FIN. */
    void close()
    {
        close(false);
    }

    /**
     * Close the connection.
     *
     * @param reset whether to leave abruptly, with a reset (no lingering) rather than a FIN.
     */
    void close(final boolean reset)
    {
        closing = true;
        if (reset && channel.isActive())
        {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        channel.close().syncUninterruptibly();
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final HttpObject msg)
    {
        if (msg instanceof HttpResponse)
        {
            status = ((HttpResponse)msg).status().code();
            if (status != 200)
            {
                fail("status: " + ((HttpResponse)msg).status());
                ctx.close();
                return;
            }
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
        if (0 == length)
        {
            frameNamed = false; // a blank line ends the frame
        }
        else if (length > 4 && buffer.getInt(from) == ID_PREFIX)
        {
            frameSeq = seqOf(buffer, from + 4, to);
        }
        else if (length > 6 && buffer.getInt(from) == DATA_PREFIX)
        {
            if (!frameNamed)
            {
                onEvent(frameSeq);
            }
            if (null != latency)
            {
                // The publisher puts the send time last in its payload: read it from the end of the line.
                final long sent = SENT.findLast(buffer, from + 5, to);
                if (JsonLongField.ABSENT != sent)
                {
                    latency.recordValue(Math.max(0, Math.min(HIGHEST_NANOS, System.nanoTime() - sent)));
                }
            }
        }
        else if (startsWith(buffer, from, to, NAMED))
        {
            frameNamed = true;
            if (startsWith(buffer, from, to, GAP_EVENT))
            {
                gaps++;
            }
        }
    }

    /** The sequence of an id {@code <epoch>-<seq>}: the digits after its last dash (or all of a bare number). */
    private static long seqOf(final ByteBuf buffer, final int from, final int to)
    {
        long seq = 0;
        for (int i = from; i < to; i++)
        {
            final byte b = buffer.getByte(i);
            if (b == '-')
            {
                seq = 0;
            }
            else if (b >= '0' && b <= '9')
            {
                seq = seq * 10 + (b - '0');
            }
            else if (b == '\r')
            {
                break;
            }
            else
            {
                seq = 0; // a letter of the epoch
            }
        }
        return seq;
    }

    private void onEvent(final long id)
    {
        if (idSeen && id <= lastId)
        {
            fail("ids out of order on one connection: " + id + " after " + lastId);
        }
        idSeen = true;
        lastId = id;
        frames.increment();
    }

    private static boolean startsWith(final ByteBuf buffer, final int from, final int to, final byte[] prefix)
    {
        if (to - from < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (buffer.getByte(from + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    private void fail(final String what)
    {
        if (null == failure)
        {
            failure = what;
            failed.countDown();
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        fail("io: " + cause);
        ctx.close();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        if (!closing)
        {
            fail("stream ended by the server");
        }
    }
}
