package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.bootstrap.Bootstrap;
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
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One HTTP/2 connection, four streams, one of which its client stops reading: the server pauses that stream at its
 * water mark and cuts it off after the stall timeout, while the other three receive every event at once and the
 * connection goes on. The client is Netty's, so that it can leave one stream unread: each stream's window is 64 KiB
 * and the connection's 16 MiB, as a browser's are, so the unread stream cannot take the connection's window.
 */
class Http2StalledStreamTest
{
    private static final Pattern EVENT = Pattern.compile("\"seq\":(\\d+),\"type\"");
    private static final int EVENTS = 5_000;

    @TempDir
    Path dir;

    /** A stream's body as its client read it. */
    private static final class Reader extends ChannelInboundHandlerAdapter
    {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            if (msg instanceof Http2DataFrame data)
            {
                synchronized (text)
                {
                    text.append(data.content().toString(StandardCharsets.UTF_8));
                }
            }
            ReferenceCountUtil.release(msg);
        }

        int events()
        {
            synchronized (text)
            {
                final Matcher m = EVENT.matcher(text);
                int n = 0;
                while (m.find())
                {
                    n++;
                }
                return n;
            }
        }
    }

    @Test
    void shouldPauseAndCutOffAStalledStreamWhileTheOthersOnItsConnectionGoOn() throws Exception
    {
        final TestTls tls = TestTls.in(dir);
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (TelemetryFixture f = new TelemetryFixture(new BusContext().historyCapacity(100_000),
            new ServerContext().tls(tls.keyStore, TestTls.PASSWORD).stalledClientTimeout(Duration.ofSeconds(5))))
        {
            final SslContext ssl = SslContextBuilder.forClient().trustManager(tls.trustManager)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
            final Channel connection = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(ssl.newHandler(ch.alloc(), "127.0.0.1", f.port()));
                    ch.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                        .initialSettings(Http2Settings.defaultSettings().initialWindowSize(64 * 1024)).build());
                    ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                }
            }).connect("127.0.0.1", f.port()).sync().channel();
            final SslHandler handshake = connection.pipeline().get(SslHandler.class);
            assertThat(handshake.handshakeFuture().await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(handshake.applicationProtocol()).isEqualTo(ApplicationProtocolNames.HTTP_2);
            connection.writeAndFlush(new DefaultHttp2WindowUpdateFrame(16 * 1024 * 1024)).sync();

            final List<Reader> readers = new ArrayList<>();
            final List<Http2StreamChannel> streams = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                final Reader reader = new Reader();
                final Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection).handler(reader)
                    .option(ChannelOption.AUTO_READ, i > 0).open().sync().getNow();
                stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET").scheme("https")
                    .authority("127.0.0.1:" + f.port()).path("/api/telemetry/stream"), true)).sync();
                readers.add(reader);
                streams.add(stream);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> 4 == f.server.fanOut().subscriberCount());

            f.publishAndAwait(EventType.ORDER, EVENTS);
            for (int i = 1; i < 4; i++)
            {
                final Reader reader = readers.get(i);
                await().atMost(Duration.ofSeconds(30)).until(() -> EVENTS == reader.events());
            }
            assertThat(f.server.counters().value(TransportCounter.STALLED_DISCONNECTS)).as("the others were served before the stalled one was cut off")
                .isZero();
            assertThat(readers.get(0).events()).as("the unread stream read nothing").isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> 1 == f.server.counters().value(TransportCounter.STALLED_DISCONNECTS));
            await().atMost(Duration.ofSeconds(10)).until(() -> 3 == f.server.fanOut().subscriberCount());
            streams.get(0).close().sync(); // what it never read is let go of
            assertThat(connection.isActive()).as("the connection outlives its stalled stream").isTrue();
            f.publishAndAwait(EventType.ORDER, 10);
            for (int i = 1; i < 4; i++)
            {
                final Reader reader = readers.get(i);
                await().atMost(Duration.ofSeconds(30)).until(() -> EVENTS + 10 == reader.events());
            }
            connection.close().sync();
        }
        finally
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
