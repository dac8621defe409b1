package io.tickertape.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.netty.handler.ssl.SslContext;
import org.agrona.ErrorHandler;

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
    /** Default cap on the bytes of event JSON in one {@code /events} reply: 4 MiB. */
    public static final int MAX_EVENTS_REPLY_BYTES_DEFAULT = 4 * 1024 * 1024;
    /** Largest cap that may be set on the bytes of event JSON in one {@code /events} reply: 1 GiB. */
    public static final int MAX_EVENTS_REPLY_BYTES_LIMIT = 1 << 30;
    /** Default limit on concurrent streams of one HTTP/2 connection. */
    public static final int HTTP2_MAX_CONCURRENT_STREAMS_DEFAULT = 1000;
    /** Default size from which an answer is gzip-compressed for a client that accepts it: 1 KiB. */
    public static final int COMPRESSION_MIN_BYTES_DEFAULT = 1024;
    /** Default gzip level: 1, the fastest (see {@link #compression(int, int)}). */
    public static final int COMPRESSION_LEVEL_DEFAULT = 1;

    private String bindAddress = BIND_DEFAULT;
    private int port = PORT_DEFAULT;
    private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private Duration heartbeatInterval = Duration.ofMillis(500);
    private int retryMillis = 1000;
    private Duration webSocketPingInterval = Duration.ofSeconds(15);
    private int webSocketDeflateConnections = 64;
    private int writeBufferLowWaterMark = 128 * 1024;
    private int writeBufferHighWaterMark = 256 * 1024;
    private Duration stalledClientTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxInitialLineLength = 4096;
    private int maxHeaderSize = 8192;
    private int maxContentLength = 8192;
    private int maxSubscribers = 10_000;
    private int maxConnections = 20_000;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int rateLimitPerSecond = 200;
    private int rateLimitBurst = 400;
    private String accessToken;
    private byte[] jwtHs256Secret;
    private Path jwtPublicKey;
    private String jwtAudience;
    private Duration jwtClockSkew = Duration.ofSeconds(30);
    private JwtVerifier jwtVerifier; // built from the keys by conclude()
    private Set<String> corsOrigins = Set.of();
    private Path tlsKeyStore;
    private char[] tlsKeyStorePassword;
    private boolean tlsSelfSigned;
    private boolean http2 = true;
    private int http2MaxConcurrentStreams = HTTP2_MAX_CONCURRENT_STREAMS_DEFAULT;
    private SslContext sslContext; // built from the key store by conclude()
    private boolean preferEpoll = true;
    private int maxEventsReplyBytes = MAX_EVENTS_REPLY_BYTES_DEFAULT;
    private int compressionMinBytes = COMPRESSION_MIN_BYTES_DEFAULT;
    private int compressionLevel = COMPRESSION_LEVEL_DEFAULT;
    /** The default error handler: a warning on the {@code io.tickertape.transport} system logger. */
    private static final ErrorHandler LOG_WARNING = error -> System.getLogger("io.tickertape.transport")
        .log(System.Logger.Level.WARNING, "transport error (each distinct cause is logged once, every one counted)", error);

    private ErrorHandler errorHandler = LOG_WARNING;
    private final List<StatsSection> statsSections = new ArrayList<>();

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
     * A WebSocket client is pinged this often, and its connection closed when nothing (not even a pong) came from it
     * for two intervals: a peer gone without a word does not hold a subscriber place.
     *
     * @param interval default 15 s; at least 10 ms.
     * @return this.
     */
    public ServerContext webSocketPingInterval(final Duration interval)
    {
        this.webSocketPingInterval = interval;
        return this;
    }

    /**
     * How many WebSocket connections at once may have permessage-deflate (for clients that offer it; the others are
     * served uncompressed). Each costs a compressor of its own, about 256 KiB of native memory, and under 5 us of
     * its event loop's CPU per event; the JSON events shrink about 5.8 times (measured on order events, the window
     * kept from one message to the next).
     *
     * @param max default 64; 0 turns compression off.
     * @return this.
     */
    public ServerContext webSocketDeflateConnections(final int max)
    {
        this.webSocketDeflateConnections = max;
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
     * Most open connections; a connection over it is answered 503 with {@code Retry-After} and closed.
     *
     * @param max default 20,000.
     * @return this.
     */
    public ServerContext maxConnections(final int max)
    {
        this.maxConnections = max;
        return this;
    }

    /**
     * A request must arrive whole within this time of its first byte, or the connection is closed: a client
     * dribbling its request (slowloris) cannot hold a connection open.
     *
     * @param timeout default 10 s.
     * @return this.
     */
    public ServerContext requestTimeout(final Duration timeout)
    {
        this.requestTimeout = timeout;
        return this;
    }

    /**
     * Requests per second one client address may make (a token bucket); over it: 429 with {@code Retry-After}. Each
     * address has two such budgets, independent of each other: one for the JSON API ({@code /api/telemetry/events},
     * {@code /api/telemetry/stats}), one for {@code /metrics}, {@code /healthz} and the monitor page's files, so a
     * page polling the API never starves a metrics scraper or a health probe on the same address. Streams do not
     * count. 0 turns both off.
     *
     * @param perSecond default 200.
     * @param burst     default 400: requests allowed at once after a quiet spell.
     * @return this.
     */
    public ServerContext rateLimit(final int perSecond, final int burst)
    {
        this.rateLimitPerSecond = perSecond;
        this.rateLimitBurst = burst;
        return this;
    }

    /**
     * When set, every {@code /api/...} route and {@code /metrics} answer 401 unless the request carries this
     * token: {@code Authorization: Bearer <token>}, a {@code token} query parameter, or the {@code tickertape_token}
     * cookie that the monitor page sets when opened as {@code /?token=<token>}.
     *
     * @param token default none (no authentication); at least 16 characters when set.
     * @return this.
     */
    public ServerContext accessToken(final String token)
    {
        this.accessToken = null == token || token.isEmpty() ? null : token;
        return this;
    }

    /**
     * Accept bearer JWTs signed with HS256 and this shared secret, beside the access token if one is set. A token must
     * carry {@code exp}; its {@code nbf}, if any, and {@code aud} (see {@link #jwtAudience}) are checked too, and its
     * {@code tickertape_types} claim, a list of type names, if any, limits the event types its bearer may see.
     *
     * @param secret at least 32 bytes (256 bits, as HS256 requires); null for none (the default).
     * @return this.
     */
    public ServerContext jwtHs256Secret(final byte[] secret)
    {
        this.jwtHs256Secret = null == secret ? null : secret.clone();
        this.jwtVerifier = null;
        return this;
    }

    /**
     * Accept bearer JWTs signed with the private half of this public key: RS256 for an RSA key (at least 2048 bits),
     * ES256 for an EC key on P-256. Checked as for {@link #jwtHs256Secret}.
     *
     * @param pemFile a PEM file holding a {@code PUBLIC KEY} or a {@code CERTIFICATE}; null for none (the default).
     * @return this.
     */
    public ServerContext jwtPublicKey(final Path pemFile)
    {
        this.jwtPublicKey = pemFile;
        this.jwtVerifier = null;
        return this;
    }

    /**
     * The audience a JWT must name in its {@code aud} claim.
     *
     * @param audience default none: {@code aud} is not checked.
     * @return this.
     */
    public ServerContext jwtAudience(final String audience)
    {
        this.jwtAudience = null == audience || audience.isBlank() ? null : audience;
        this.jwtVerifier = null;
        return this;
    }

    /**
     * How far a JWT's {@code exp} and {@code nbf} may be off the server's clock and still be accepted.
     *
     * @param skew default 30 s; 0 to 5 minutes.
     * @return this.
     */
    public ServerContext jwtClockSkew(final Duration skew)
    {
        this.jwtClockSkew = skew;
        this.jwtVerifier = null;
        return this;
    }

    /**
     * Origins allowed to call the API from a browser page of another origin (CORS). Empty: no cross-origin
     * access (the default). Each must be written as a browser sends it in {@code Origin}, or {@link #conclude()}
     * refuses it (see {@link CorsOrigins#check}): {@code scheme://host[:port]}, lower case, no default port, path or
     * trailing slash; never {@code *}.
     *
     * @param origins exact origins, e.g. {@code https://ops.example.com}.
     * @return this.
     */
    public ServerContext corsOrigins(final Set<String> origins)
    {
        this.corsOrigins = Set.copyOf(origins);
        return this;
    }

    /**
     * Serve HTTPS with the key and certificate chain of a PKCS12 key store. {@link #conclude()} reads it, so a key
     * store that cannot serve (missing, unreadable, damaged, a wrong password, no private key) stops a server
     * before it starts anything.
     *
     * @param keyStore a PKCS12 file holding one private key entry; null for plain HTTP (the default).
     * @param password the key store's (and key's) password.
     * @return this.
     */
    public ServerContext tls(final Path keyStore, final char[] password)
    {
        this.tlsKeyStore = keyStore;
        this.tlsKeyStorePassword = null == password ? null : password.clone();
        this.sslContext = null;
        return this;
    }

    /**
     * Serve HTTPS with a throwaway self-signed certificate made at start (an EC P-256 key, for {@code localhost},
     * {@code 127.0.0.1} and {@code ::1}, valid 7 days), for trying HTTPS and HTTP/2 on one machine: browsers and
     * clients will not trust it unless told to. Not for production: use {@link #tls(Path, char[])} there. It is made
     * with the JDK's {@code keytool}, so the server must run on a JDK.
     *
     * @param selfSigned default false.
     * @return this.
     */
    public ServerContext tlsSelfSigned(final boolean selfSigned)
    {
        this.tlsSelfSigned = selfSigned;
        this.sslContext = null;
        return this;
    }

    /**
     * Offer HTTP/2 beside HTTP/1.1 on a TLS port, chosen by ALPN. (Without TLS the server speaks HTTP/1.1 only:
     * browsers use HTTP/2 only over TLS.)
     *
     * @param enabled default true.
     * @return this.
     */
    public ServerContext http2(final boolean enabled)
    {
        this.http2 = enabled;
        this.sslContext = null;
        return this;
    }

    /**
     * Most streams (requests, SSE streams) open at once on one HTTP/2 connection, announced to the client in the
     * connection's settings; the subscriber limit still holds across connections.
     *
     * @param max default {@value #HTTP2_MAX_CONCURRENT_STREAMS_DEFAULT}; 1 or more.
     * @return this.
     */
    public ServerContext http2MaxConcurrentStreams(final int max)
    {
        this.http2MaxConcurrentStreams = max;
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
     * Most bytes of event JSON in one {@code /api/telemetry/events} reply, besides its {@code limit} on events: a
     * reply stops before the event that would take it over, says {@code "truncated":true}, and paging goes on from
     * its last event. A reply holds at least one event whatever its length.
     *
     * @param max default {@value #MAX_EVENTS_REPLY_BYTES_DEFAULT} (4 MiB); 1 to {@value #MAX_EVENTS_REPLY_BYTES_LIMIT}.
     * @return this.
     */
    public ServerContext maxEventsReplyBytes(final int max)
    {
        this.maxEventsReplyBytes = max;
        return this;
    }

    /**
     * Gzip compression of answers (JSON, metrics, the page) for clients that send {@code Accept-Encoding: gzip}.
     * The stream is never compressed: a compressor holds bytes back until it has enough to compress, which would
     * delay every frame. Compression runs on the event loop that answers: at level 1 a 4 MiB events reply takes
     * about 22 ms of it and shrinks 5.5 times, at level 6 about 80 ms for 6.6 times (measured on JSON events).
     *
     * @param minBytes answers shorter than this go uncompressed; -1 turns compression off. Default
     *                 {@value #COMPRESSION_MIN_BYTES_DEFAULT}.
     * @param level    gzip level, 1 (fastest) to 9 (smallest). Default {@value #COMPRESSION_LEVEL_DEFAULT}.
     * @return this.
     */
    public ServerContext compression(final int minBytes, final int level)
    {
        this.compressionMinBytes = minBytes;
        this.compressionLevel = level;
        return this;
    }

    /**
     * Show a section of figures beside the server's own, in the stats and the metrics (an exporter's, a hub's).
     *
     * @param section the section; its name must be unused.
     * @return this.
     * @throws IllegalArgumentException if its name is invalid or taken.
     */
    public ServerContext statsSection(final StatsSection section)
    {
        Objects.requireNonNull(section, "section");
        SectionFigures.checkedName(section.name());
        for (final StatsSection other : statsSections)
        {
            require(!other.name().equals(section.name()), "a stats section named " + section.name() + " exists already");
        }
        statsSections.add(section);
        return this;
    }

    /**
     * Where each distinct error the server meets goes, once: a request that failed inside the server (answered 500),
     * a fault caught on a connection (a reset by the peer, a TLS failure), a throw in an event loop's stream work.
     * Errors are distinct by class, message and stack trace (the bus's {@link io.tickertape.bus.ErrorLog}); every one is counted in the stats and metrics.
     *
     * @param handler default: a warning on the {@code io.tickertape.transport} system logger. Called on event loops:
     *                it must not block.
     * @return this.
     */
    public ServerContext errorHandler(final ErrorHandler handler)
    {
        this.errorHandler = handler;
        return this;
    }

    /**
     * Check the options, and read the TLS key store if one is set.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first option out of range, or saying in one line why the TLS key
     *                                  store cannot serve.
     */
    public ServerContext conclude()
    {
        require(null != bindAddress && !bindAddress.isBlank(), "bindAddress must be set");
        require(port >= 0 && port <= 65_535, "port must be 0..65535: " + port);
        require(ioThreads >= 1, "ioThreads must be >= 1: " + ioThreads);
        require(null != heartbeatInterval && heartbeatInterval.toMillis() >= 10, "heartbeatInterval must be >= 10 ms");
        require(retryMillis >= 0, "retryMillis must be >= 0");
        require(null != webSocketPingInterval && webSocketPingInterval.toMillis() >= 10, "webSocketPingInterval must be >= 10 ms");
        require(webSocketDeflateConnections >= 0, "webSocketDeflateConnections must be >= 0");
        require(writeBufferLowWaterMark > 0 && writeBufferHighWaterMark > writeBufferLowWaterMark,
            "write buffer water marks must satisfy 0 < low < high");
        require(null != stalledClientTimeout && !stalledClientTimeout.isNegative() && !stalledClientTimeout.isZero(),
            "stalledClientTimeout must be positive");
        require(null != idleTimeout && !idleTimeout.isNegative() && !idleTimeout.isZero(), "idleTimeout must be positive");
        require(maxInitialLineLength >= 256 && maxHeaderSize >= 256 && maxContentLength >= 0, "request limits too small");
        require(maxSubscribers >= 1, "maxSubscribers must be >= 1");
        require(maxConnections >= 1, "maxConnections must be >= 1");
        require(null != requestTimeout && !requestTimeout.isNegative() && !requestTimeout.isZero(), "requestTimeout must be positive");
        require(rateLimitPerSecond >= 0 && (rateLimitPerSecond == 0 || rateLimitBurst >= 1), "rate limit must be >= 0 with burst >= 1");
        require(null == accessToken || accessToken.length() >= 16, "accessToken must be at least 16 characters");
        require(maxEventsReplyBytes >= 1 && maxEventsReplyBytes <= MAX_EVENTS_REPLY_BYTES_LIMIT,
            "maxEventsReplyBytes must be 1.." + MAX_EVENTS_REPLY_BYTES_LIMIT + ": " + maxEventsReplyBytes);
        require(compressionMinBytes >= -1, "compression minBytes must be -1 (off) or >= 0: " + compressionMinBytes);
        require(compressionLevel >= 1 && compressionLevel <= 9, "compression level must be 1..9: " + compressionLevel);
        for (final String origin : corsOrigins)
        {
            try
            {
                CorsOrigins.check(origin);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("corsOrigins: " + ex.getMessage(), ex);
            }
        }
        require(null != errorHandler, "errorHandler must be set");
        require(null == jwtHs256Secret || jwtHs256Secret.length >= 32,
            "jwtHs256Secret must be at least 32 bytes (256 bits, as HS256 requires)");
        require(null != jwtClockSkew && !jwtClockSkew.isNegative() && jwtClockSkew.compareTo(Duration.ofMinutes(5)) <= 0,
            "jwtClockSkew must be 0 to 5 minutes");
        require(null == jwtAudience || null != jwtHs256Secret || null != jwtPublicKey, "jwtAudience needs a JWT key (jwtHs256Secret or jwtPublicKey)");
        if ((null != jwtHs256Secret || null != jwtPublicKey) && null == jwtVerifier)
        {
            jwtVerifier = JwtVerifier.of(jwtHs256Secret, jwtPublicKey, jwtAudience, jwtClockSkew);
        }
        require(null == tlsKeyStore || null != tlsKeyStorePassword, "TLS key store " + tlsKeyStore + " needs its password");
        require(null == tlsKeyStore || !tlsSelfSigned, "tls(keyStore) and tlsSelfSigned are exclusive: choose one");
        require(http2MaxConcurrentStreams >= 1, "http2MaxConcurrentStreams must be >= 1: " + http2MaxConcurrentStreams);
        if (null != tlsKeyStore && null == sslContext)
        {
            sslContext = TlsContexts.server(tlsKeyStore, tlsKeyStorePassword, http2);
        }
        if (tlsSelfSigned && null == sslContext)
        {
            sslContext = TlsContexts.selfSigned(http2);
        }
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

    /** @return the most open connections. */
    public int maxConnections()
    {
        return maxConnections;
    }

    /** @return how long a request may take to arrive whole. */
    public Duration requestTimeout()
    {
        return requestTimeout;
    }

    /** @return JSON requests per second per client address; 0 when unlimited. */
    public int rateLimitPerSecond()
    {
        return rateLimitPerSecond;
    }

    /** @return the rate limit's burst. */
    public int rateLimitBurst()
    {
        return rateLimitBurst;
    }

    /** @return the access token, or null when none is required. */
    public String accessToken()
    {
        return accessToken;
    }

    /** @return origins allowed cross-origin access. */
    public Set<String> corsOrigins()
    {
        return corsOrigins;
    }

    /** @return the PKCS12 key store for TLS, or null for plain HTTP. */
    public Path tlsKeyStore()
    {
        return tlsKeyStore;
    }

    /** @return the TLS context {@link #conclude()} built from the key store, or null for plain HTTP. */
    SslContext sslContext()
    {
        return sslContext;
    }

    /** @return whether epoll is used when available. */
    public boolean preferEpoll()
    {
        return preferEpoll;
    }

    /** @return the most bytes of event JSON in one {@code /events} reply. */
    public int maxEventsReplyBytes()
    {
        return maxEventsReplyBytes;
    }

    /** @return how many WebSocket connections at once may have permessage-deflate. */
    public int webSocketDeflateConnections()
    {
        return webSocketDeflateConnections;
    }

    /** @return how often a WebSocket client is pinged. */
    public Duration webSocketPingInterval()
    {
        return webSocketPingInterval;
    }

    /** @return whether HTTP/2 is offered on a TLS port. */
    public boolean http2()
    {
        return http2;
    }

    /** @return the most concurrent streams of one HTTP/2 connection. */
    public int http2MaxConcurrentStreams()
    {
        return http2MaxConcurrentStreams;
    }

    /** @return whether the server makes a throwaway self-signed certificate. */
    public boolean tlsSelfSigned()
    {
        return tlsSelfSigned;
    }

    /** @return the JWT verifier built by {@link #conclude()}, or null when no JWT key is set. */
    JwtVerifier jwtVerifier()
    {
        return jwtVerifier;
    }

    /** @return the size from which answers are compressed, or -1 when compression is off. */
    public int compressionMinBytes()
    {
        return compressionMinBytes;
    }

    /** @return the gzip level. */
    public int compressionLevel()
    {
        return compressionLevel;
    }

    /** @return the sections of figures shown beside the server's own, in the order they were added. */
    public List<StatsSection> statsSections()
    {
        return List.copyOf(statsSections);
    }

    /** @return where each distinct error goes, once. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }
}
