package io.tickertape.transport;

import java.time.Duration;

/**
 * Configuration of a {@link TelemetryServer}: fluent setters with safe defaults, checked once by
 * {@link #conclude()}. Every option is listed in {@code docs/CONFIGURATION.md}.
 */
public final class ServerContext
{
    /** Default bind address: loopback only. */
    public static final String BIND_DEFAULT = "127.0.0.1";
    /** Default port. */
    public static final int PORT_DEFAULT = 9000;

    private String bindAddress = BIND_DEFAULT;
    private int port = PORT_DEFAULT;
    private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private Duration heartbeatInterval = Duration.ofMillis(500);
    private int retryMillis = 1000;
    private int writeBufferLowWaterMark = 128 * 1024;
    private int writeBufferHighWaterMark = 256 * 1024;
    private Duration stalledClientTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxInitialLineLength = 4096;
    private int maxHeaderSize = 8192;
    private int maxContentLength = 8192;
    private int maxSubscribers = 10_000;
    private boolean preferEpoll = true;

    /**
     * Address to listen on; {@code 0.0.0.0} for all interfaces.
     *
     * @param address default {@value #BIND_DEFAULT}.
     * @return this.
     */
    public ServerContext bindAddress(final String address)
    {
        this.bindAddress = address;
        return this;
    }

    /**
     * Port to listen on; 0 picks a free one (see {@link TelemetryServer#port()}).
     *
     * @param port default {@value #PORT_DEFAULT}.
     * @return this.
     */
    public ServerContext port(final int port)
    {
        this.port = port;
        return this;
    }

    /**
     * Event loop threads serving connections.
     *
     * @param threads default: the number of processors.
     * @return this.
     */
    public ServerContext ioThreads(final int threads)
    {
        this.ioThreads = threads;
        return this;
    }

    /**
     * A heartbeat goes to a stream subscriber after this long without any frame.
     *
     * @param interval default 500 ms.
     * @return this.
     */
    public ServerContext heartbeatInterval(final Duration interval)
    {
        this.heartbeatInterval = interval;
        return this;
    }

    /**
     * The {@code retry:} a stream tells browsers to wait before reconnecting.
     *
     * @param millis default 1000.
     * @return this.
     */
    public ServerContext retryMillis(final int millis)
    {
        this.retryMillis = millis;
        return this;
    }

    /**
     * Bytes queued to a connection above which it stops being written to, and below which it is written again:
     * the most memory one slow client can hold.
     *
     * @param low  default 128 KiB.
     * @param high default 256 KiB.
     * @return this.
     */
    public ServerContext writeBufferWaterMark(final int low, final int high)
    {
        this.writeBufferLowWaterMark = low;
        this.writeBufferHighWaterMark = high;
        return this;
    }

    /**
     * A stream subscriber that has not read for this long (its buffer stays full) is disconnected.
     *
     * @param timeout default 30 s.
     * @return this.
     */
    public ServerContext stalledClientTimeout(final Duration timeout)
    {
        this.stalledClientTimeout = timeout;
        return this;
    }

    /**
     * A keep-alive connection that sends no request for this long is closed (streams are exempt).
     *
     * @param timeout default 60 s.
     * @return this.
     */
    public ServerContext idleTimeout(final Duration timeout)
    {
        this.idleTimeout = timeout;
        return this;
    }

    /**
     * Limits on a request: its first line (414 over it), its headers (431) and its body (413).
     *
     * @param initialLine default 4096 bytes.
     * @param headers     default 8192 bytes.
     * @param content     default 8192 bytes.
     * @return this.
     */
    public ServerContext requestLimits(final int initialLine, final int headers, final int content)
    {
        this.maxInitialLineLength = initialLine;
        this.maxHeaderSize = headers;
        this.maxContentLength = content;
        return this;
    }

    /**
     * Most concurrent stream subscribers; over it a stream request gets 503 with {@code Retry-After}.
     *
     * @param max default 10,000.
     * @return this.
     */
    public ServerContext maxSubscribers(final int max)
    {
        this.maxSubscribers = max;
        return this;
    }

    /**
     * Use the native epoll transport when it is available (otherwise NIO is used).
     *
     * @param prefer default true.
     * @return this.
     */
    public ServerContext preferEpoll(final boolean prefer)
    {
        this.preferEpoll = prefer;
        return this;
    }

    /**
     * Check the options.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first option out of range.
     */
    public ServerContext conclude()
    {
        require(null != bindAddress && !bindAddress.isBlank(), "bindAddress must be set");
        require(port >= 0 && port <= 65_535, "port must be 0..65535: " + port);
        require(ioThreads >= 1, "ioThreads must be >= 1: " + ioThreads);
        require(null != heartbeatInterval && heartbeatInterval.toMillis() >= 10, "heartbeatInterval must be >= 10 ms");
        require(retryMillis >= 0, "retryMillis must be >= 0");
        require(writeBufferLowWaterMark > 0 && writeBufferHighWaterMark > writeBufferLowWaterMark,
            "write buffer water marks must satisfy 0 < low < high");
        require(null != stalledClientTimeout && !stalledClientTimeout.isNegative() && !stalledClientTimeout.isZero(),
            "stalledClientTimeout must be positive");
        require(null != idleTimeout && !idleTimeout.isNegative() && !idleTimeout.isZero(), "idleTimeout must be positive");
        require(maxInitialLineLength >= 256 && maxHeaderSize >= 256 && maxContentLength >= 0, "request limits too small");
        require(maxSubscribers >= 1, "maxSubscribers must be >= 1");
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return the bind address. */
    public String bindAddress()
    {
        return bindAddress;
    }

    /** @return the port asked for (0: any). */
    public int port()
    {
        return port;
    }

    /** @return event loop threads. */
    public int ioThreads()
    {
        return ioThreads;
    }

    /** @return the heartbeat interval. */
    public Duration heartbeatInterval()
    {
        return heartbeatInterval;
    }

    /** @return the SSE retry hint in milliseconds. */
    public int retryMillis()
    {
        return retryMillis;
    }

    /** @return the low write-buffer water mark in bytes. */
    public int writeBufferLowWaterMark()
    {
        return writeBufferLowWaterMark;
    }

    /** @return the high write-buffer water mark in bytes. */
    public int writeBufferHighWaterMark()
    {
        return writeBufferHighWaterMark;
    }

    /** @return how long a subscriber may stay unwritable before it is disconnected. */
    public Duration stalledClientTimeout()
    {
        return stalledClientTimeout;
    }

    /** @return the keep-alive idle timeout. */
    public Duration idleTimeout()
    {
        return idleTimeout;
    }

    /** @return the longest request line accepted. */
    public int maxInitialLineLength()
    {
        return maxInitialLineLength;
    }

    /** @return the largest request headers accepted. */
    public int maxHeaderSize()
    {
        return maxHeaderSize;
    }

    /** @return the largest request body accepted. */
    public int maxContentLength()
    {
        return maxContentLength;
    }

    /** @return the most concurrent stream subscribers. */
    public int maxSubscribers()
    {
        return maxSubscribers;
    }

    /** @return whether epoll is used when available. */
    public boolean preferEpoll()
    {
        return preferEpoll;
    }
}
