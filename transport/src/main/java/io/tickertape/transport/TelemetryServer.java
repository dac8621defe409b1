package io.tickertape.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tickertape.bus.ErrorLog;
import io.tickertape.bus.TelemetryBus;

/**
 * The HTTP face of a {@link TelemetryBus}: the live SSE stream, the events query, stats, Prometheus metrics,
 * health and the monitor page, served by Netty (epoll where available, NIO otherwise).
 * <pre>{@code
 * try (TelemetryBus bus = TelemetryBus.launch();
 *      TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(9000)))
 * {
 *     System.out.println("monitor at " + server.baseUrl() + "/");
 *     ...
 * }
 * }</pre>
 * The routes and the wire format are in {@code docs/HTTP_API.md}. {@link #close()} ends every stream, closes
 * every connection and frees the port; it does not close the bus.
 */
public final class TelemetryServer implements AutoCloseable
{
    /** Longest a close waits for the streams to end (a client that does not read is closed at once anyway). */
    private static final long STREAMS_END_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final TelemetryBus bus;
    private final ServerContext context;
    private final TransportCounters counters = new TransportCounters();
    private final ErrorLog errors;
    private final FanOut fanOut;
    private final ConnectionLimiter connectionLimiter;
    private final SslContext sslContext;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Channel serverChannel;
    private final boolean epoll;
    private boolean closed; // guarded by this

    private TelemetryServer(final TelemetryBus bus, final ServerContext context) throws InterruptedException
    {
        this.bus = bus;
        this.context = context;
        this.errors = new ErrorLog(context.errorHandler());
        this.fanOut = new FanOut(bus.history(), JournalReaders.of(bus), context, counters, errors);
        this.connectionLimiter = new ConnectionLimiter(context.maxConnections(), counters);
        counters.gauge(TransportCounter.SUBSCRIBERS, fanOut::subscriberCount);
        counters.gauge(TransportCounter.CONNECTIONS, connectionLimiter::open);
        this.sslContext = context.sslContext();
        this.epoll = context.preferEpoll() && Epoll.isAvailable();
        final IoHandlerFactory ioFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        final Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tickertape-accept", true), ioFactory);
        workerGroup = new MultiThreadIoEventLoopGroup(
            context.ioThreads(), new DefaultThreadFactory("tickertape-io", true), ioFactory);
        try
        {
            final ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // The pooled allocator recycles its buffer objects as well as their memory, so a steady stream
                // allocates nothing on the event loops.
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                    new WriteBufferWaterMark(context.writeBufferLowWaterMark(), context.writeBufferHighWaterMark()))
                .childHandler(new ServerInitializer(this, sslContext, connectionLimiter, MonitorPage.load()));
            serverChannel = bootstrap.bind(context.bindAddress(), context.port()).sync().channel();
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw ex;
        }
        bus.addListener(fanOut);
    }

    /**
     * Bind and start serving the bus.
     *
     * @param bus     the bus to serve; it stays owned by the caller.
     * @param context the options; concluded here.
     * @return the running server.
     * @throws InterruptedException if interrupted while binding.
     * @throws RuntimeException     if the address cannot be bound (for example the port is taken).
     */
    public static TelemetryServer start(final TelemetryBus bus, final ServerContext context) throws InterruptedException
    {
        context.conclude();
        return new TelemetryServer(bus, context);
    }

    /**
     * The port the server listens on (the one picked when the context asked for 0).
     *
     * @return the bound port.
     */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    /**
     * Where the server can be reached, e.g. {@code http://127.0.0.1:9000}.
     *
     * @return the base URL, without a trailing slash.
     */
    public String baseUrl()
    {
        final InetSocketAddress address = (InetSocketAddress)serverChannel.localAddress();
        final String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        return (null == sslContext ? "http://" : "https://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /**
     * Whether the native epoll transport is in use.
     *
     * @return true for epoll, false for NIO.
     */
    public boolean isEpoll()
    {
        return epoll;
    }

    /**
     * Number of open stream subscribers.
     *
     * @return the count.
     */
    public int subscriberCount()
    {
        return fanOut.subscriberCount();
    }

    /**
     * Whether the server speaks HTTPS.
     *
     * @return true when a TLS key store was configured.
     */
    public boolean isTls()
    {
        return null != sslContext;
    }

    /**
     * Open connections, streams included.
     *
     * @return the count.
     */
    public int connectionCount()
    {
        return connectionLimiter.open();
    }

    TelemetryBus bus()
    {
        return bus;
    }

    ServerContext context()
    {
        return context;
    }

    TransportCounters counters()
    {
        return counters;
    }

    FanOut fanOut()
    {
        return fanOut;
    }

    ErrorLog errors()
    {
        return errors;
    }

    /**
     * End every stream (each with its terminating chunk; the close waits up to 2 s for them), close every connection,
     * free the port and stop the event loops. Idempotent, and safe from any
     * number of threads at once: the first caller closes, and every caller returns once the server is closed. Not
     * from one of the server's own event loops (it waits for them to stop).
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        bus.removeListener(fanOut);
        serverChannel.close().syncUninterruptibly();
        // Wait for the streams to end before the loops stop: a loop that stops closes its channels at once, before
        // the tasks still queued on it, which would cut a stream off before its terminating chunk.
        final long deadline = System.nanoTime() + STREAMS_END_NANOS;
        for (final ChannelFuture closing : fanOut.closeAll())
        {
            closing.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (null != fanOut.journal())
        {
            fanOut.journal().close(); // the loops have stopped: no reader is in use
        }
    }
}
