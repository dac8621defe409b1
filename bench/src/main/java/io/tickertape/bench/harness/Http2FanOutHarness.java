package io.tickertape.bench.harness;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;

/**
 * The same number of SSE streams over HTTP/1.1 (one TLS connection each) and over HTTP/2 (multiplexed on a few TLS
 * connections), one after the other in one run against one server (its throwaway self-signed certificate): frames
 * per second delivered to all streams together, and what the server holds for them (the direct memory in its pooled
 * buffers at the end of the window; the clients allocate from an allocator of their own), beside the heap in use after a collection (server and clients
 * together: they share this process) and the process's resident memory.
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.tickertape.bench.harness.Http2FanOutHarness [streams=1000] [h2Connections=4] [rate/s=100] [seconds=10]
 * </pre>
 * The clients trust any certificate: they talk only to the server this process started.
 */
public final class Http2FanOutHarness
{
    private Http2FanOutHarness()
    {
    }

    /** Counts SSE frames (a blank line ends each) in what a stream receives, across buffer boundaries. */
    static class FrameCounter extends ChannelInboundHandlerAdapter
    {
        private final LongAdder frames;
        private boolean newline;

        FrameCounter(final LongAdder frames)
        {
            this.frames = frames;
        }

        void count(final ByteBuf bytes)
        {
            for (int i = bytes.readerIndex(), end = bytes.writerIndex(); i < end; i++)
            {
                final byte b = bytes.getByte(i);
                if ('\n' == b)
                {
                    if (newline)
                    {
                        frames.increment();
                        newline = false;
                    }
                    else
                    {
                        newline = true;
                    }
                }
                else if ('\r' != b)
                {
                    newline = false;
                }
            }
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            if (msg instanceof ByteBuf bytes)
            {
                count(bytes);
            }
            else if (msg instanceof Http2DataFrame data)
            {
                count(data.content());
            }
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Run it.
     *
     * @param args streams, HTTP/2 connections, events per second, seconds per window.
     * @throws Exception if the server cannot start or a client cannot connect.
     */
    public static void main(final String[] args) throws Exception
    {
        final int streams = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        final int h2Connections = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        final long rate = args.length > 2 ? Long.parseLong(args[2]) : 100;
        final double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 10;
        if (streams < 1 || h2Connections < 1 || h2Connections > streams || rate < 1 || seconds <= 0)
        {
            throw new IllegalArgumentException("usage: Http2FanOutHarness [streams] [h2Connections <= streams] [rate/s] [seconds]");
        }
        final MultiThreadIoEventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        FanOutHarness.Publisher publisher = null;
        Thread publisherThread = null;
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1 << 17));
             TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0).tlsSelfSigned(true)
                 .maxSubscribers(Math.max(streams, 10_000)).http2MaxConcurrentStreams(Math.max(1000, streams))))
        {
            publisher = new FanOutHarness.Publisher(bus.producer("fanout", 1 << 16), rate);
            publisherThread = new Thread(publisher, "publisher");
            publisherThread.setDaemon(true);
            publisherThread.start();
            System.out.printf("Http2FanOutHarness: %d streams, %d events/s, %.1f s windows, server %s, %d cores%n",
                streams, rate, seconds, server.isEpoll() ? "epoll" : "nio", Runtime.getRuntime().availableProcessors());

            final LongAdder h1Frames = new LongAdder();
            final List<Channel> h1 = new ArrayList<>();
            final SslContext h1Tls = clientTls(ApplicationProtocolNames.HTTP_1_1);
            for (int i = 0; i < streams; i++)
            {
                h1.add(http1Stream(clients, h1Tls, server.port(), h1Frames));
            }
            awaitSubscribers(server, streams);
            System.out.println("http/1.1: " + measure(h1Frames, seconds, streams, streams, server));
            for (final Channel channel : h1)
            {
                channel.close().sync();
            }
            awaitSubscribers(server, 0);

            final LongAdder h2Frames = new LongAdder();
            final List<Channel> h2 = new ArrayList<>();
            final SslContext h2Tls = clientTls(ApplicationProtocolNames.HTTP_2);
            for (int c = 0; c < h2Connections; c++)
            {
                final Channel connection = http2Connection(clients, h2Tls, server.port());
                h2.add(connection);
                final int here = streams / h2Connections + (c < streams % h2Connections ? 1 : 0);
                for (int i = 0; i < here; i++)
                {
                    new Http2StreamChannelBootstrap(connection).handler(new FrameCounter(h2Frames)).open().sync().getNow()
                        .writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET").scheme("https")
                            .authority("127.0.0.1:" + server.port()).path("/api/telemetry/stream"), true));
                }
            }
            awaitSubscribers(server, streams);
            System.out.println("h2:       " + measure(h2Frames, seconds, streams, h2Connections, server));
            for (final Channel channel : h2)
            {
                channel.close().sync();
            }
        }
        finally
        {
            if (null != publisher)
            {
                publisher.running = false;
                publisherThread.join(5_000);
            }
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static SslContext clientTls(final String protocol) throws Exception
    {
        return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
            .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocol))
            .build();
    }

    /** One TLS connection asking for the stream over HTTP/1.1. */
    private static Channel http1Stream(final MultiThreadIoEventLoopGroup group, final SslContext tls, final int port, final LongAdder frames)
        throws InterruptedException
    {
        final byte[] request = ("GET /api/telemetry/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        return new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), "127.0.0.1", port));
                    ch.pipeline().addLast(new FrameCounter(frames)
                    {
                        @Override
                        public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
                        {
                            if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess())
                            {
                                ctx.writeAndFlush(Unpooled.wrappedBuffer(request));
                            }
                            ctx.fireUserEventTriggered(evt);
                        }
                    });
                }
            }).connect("127.0.0.1", port).sync().channel();
    }

    /** One TLS connection speaking HTTP/2, with windows large enough that flow control does not pace the streams. */
    private static Channel http2Connection(final MultiThreadIoEventLoopGroup group, final SslContext tls, final int port) throws Exception
    {
        final Channel connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), "127.0.0.1", port));
                    ch.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                        .initialSettings(Http2Settings.defaultSettings().initialWindowSize(1 << 20)).build());
                    ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                }
            }).connect("127.0.0.1", port).sync().channel();
        final SslHandler handshake = connection.pipeline().get(SslHandler.class);
        if (!handshake.handshakeFuture().await(10, TimeUnit.SECONDS) || !ApplicationProtocolNames.HTTP_2.equals(handshake.applicationProtocol()))
        {
            throw new IllegalStateException("no h2 connection: " + handshake.applicationProtocol());
        }
        connection.writeAndFlush(new DefaultHttp2WindowUpdateFrame(64 << 20)).sync();
        return connection;
    }

    private static void awaitSubscribers(final TelemetryServer server, final int expected) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (server.subscriberCount() != expected)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException(server.subscriberCount() + " subscribers, waiting for " + expected);
            }
            Thread.sleep(10);
        }
    }

    private static String measure(final LongAdder frames, final double seconds, final int streams, final int connections, final TelemetryServer server)
        throws Exception
    {
        Thread.sleep(2_000); // every stream past its connection frame and first heartbeats
        final long before = frames.sum();
        final long start = System.nanoTime();
        Thread.sleep((long)(seconds * 1000));
        final double perSecond = (frames.sum() - before) * 1e9 / (System.nanoTime() - start);
        System.gc();
        final long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        final long direct = PooledByteBufAllocator.DEFAULT.pinnedDirectMemory(); // in buffers now, not the arenas' chunks
        return String.format("%d streams on %d connections: %,.0f frames/s, server direct buffers in use %,d KiB (%,d B a stream), " +
            "heap after GC %,d KiB (server and clients), RSS %,d KiB, %d subscribers", streams, connections, perSecond, direct / 1024,
            direct / streams, heap / 1024, FanOutHarness.rssKib(), server.subscriberCount());
    }
}
