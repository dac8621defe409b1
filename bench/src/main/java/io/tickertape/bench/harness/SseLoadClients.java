package io.tickertape.bench.harness;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.HdrHistogram.Recorder;

/**
 * The event loops, transport and buffer allocator that {@link SseLoadClient}s share: epoll where it is available, as
 * the server uses it, and an allocator of the clients' own, so that the server's pooled memory can be told apart.
 */
final class SseLoadClients implements AutoCloseable
{
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    /**
     * Start the event loops.
     *
     * @param threads event loop threads.
     */
    SseLoadClients(final int threads)
    {
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("sse-client", true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        bootstrap = new Bootstrap()
            .group(group)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
            .option(ChannelOption.ALLOCATOR, new PooledByteBufAllocator(true));
    }

    /** @return whether the clients use epoll (else NIO). */
    boolean isEpoll()
    {
        return epoll;
    }

    /**
     * Connect a client and ask for the stream.
     *
     * @param port        the server's port on 127.0.0.1.
     * @param lastEventId sent as {@code Last-Event-ID} to resume after it when positive; 0 or less to start at the head.
     * @param frames      where the client adds its event frames.
     * @param latency     where the client records publish-to-client latency (nanoseconds); null to record none.
     * @return the client, connected (its response may not have arrived yet).
     * @throws InterruptedException if interrupted while connecting.
     */
    SseLoadClient connect(final int port, final long lastEventId, final LongAdder frames, final Recorder latency)
        throws InterruptedException
    {
        return SseLoadClient.connect(bootstrap, port, lastEventId, frames, latency);
    }

    /** Close the event loops, and with them any client still open. */
    @Override
    public void close()
    {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
