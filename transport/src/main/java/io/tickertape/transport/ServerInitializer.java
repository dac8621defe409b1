package io.tickertape.transport;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.cors.CorsConfig;
import io.netty.handler.codec.http.cors.CorsConfigBuilder;
import io.netty.handler.codec.http.cors.CorsHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.tickertape.bus.ErrorLog;

/**
 * The pipeline of a connection, one handler per concern in the order a request meets them:
 * <pre>
 *   tls              SslHandler               only with a key store
 *   connections      {@link ConnectionLimiter}        503 and close over the connection cap
 *   alpn             ApplicationProtocolNegotiationHandler   with TLS and HTTP/2 on: after the handshake, puts in
 *                                                    what follows for HTTP/1.1, or {@link Http2Pipelines}' for h2
 *   request-timeout  {@link RequestTimeoutHandler}    a request must arrive whole in time (slowloris), else 408
 *   idle             IdleStateHandler         a keep-alive connection quiet too long is closed
 *   codec            HttpServerCodec          with the request line and header limits
 *   compressor       {@link ResponseCompressor}       gzip for answers a client accepts it for; not for streams
 *   aggregator       {@link RequestAggregator}        whole requests, with the body limit
 *   exchange         {@link ExchangeHandler}          stops the request clock; counts requests and answers
 *   preflight        {@link PreflightReplyHandler}    the form of CorsHandler's preflight answers
 *   cors             CorsHandler              preflights; CORS headers on every answer; only with origins
 *   validator        {@link RequestValidator}         malformed 4xx, unknown path 404, method 405
 *   auth             {@link AccessTokenHandler}       401 without an accepted token, 403 for a type a JWT
 *                                                    does not allow; only with a token or JWT keys
 *   limits           {@link LimitsHandler}            429 over a rate budget, 503 over the subscriber cap
 *   router           {@link RouteHandler}             events, stats, metrics, health, the page
 *   stream           {@link StreamHandler}            SSE: the connection becomes a subscriber; a WebSocket
 *                                                    upgrade puts in the {@link WebSocketHandler} and its helpers
 *   faults           {@link FaultHandler}             a fault no handler took: counted, logged once, closes
 * </pre>
 * Over HTTP/2 the connection has the frame codec and a multiplexer, and each stream is a child channel whose
 * pipeline is the one above from {@code compressor} on, behind a codec from HTTP/2 frames to HTTP objects.
 * Handlers without per-connection state are made once and shared by every connection. Answers written by any
 * handler pass back out through the CorsHandler (which adds its headers to errors too) and the exchange handler.
 */
final class ServerInitializer extends ChannelInitializer<SocketChannel>
{
    static final String AGGREGATOR = "aggregator";
    static final String IDLE = "idle";
    static final String COMPRESSOR = "compressor";
    /** Handlers a stream takes out of its pipeline once it is answered: they serve requests, and it takes no more. */
    static final String[] REQUEST_HANDLERS =
        {IDLE, COMPRESSOR, AGGREGATOR, "exchange", "preflight", "cors", "validator", "auth", "limits", "router"};

    private final TelemetryServer server;
    private final ServerContext context;
    private final SslContext sslContext;
    private final ConnectionLimiter connectionLimiter;
    private final ExchangeHandler exchange;
    private final CorsConfig cors;
    private final PreflightReplyHandler preflight = new PreflightReplyHandler();
    private final RequestValidator validator;
    private final AccessTokenHandler auth;
    private final LimitsHandler limits;
    private final RouteHandler router;
    private final FaultHandler faults;
    private final byte[] requestTimeoutAnswer;

    ServerInitializer(
        final TelemetryServer server, final SslContext sslContext, final ConnectionLimiter connectionLimiter, final MonitorPage monitorPage)
    {
        this.server = server;
        this.context = server.context();
        this.sslContext = sslContext;
        this.connectionLimiter = connectionLimiter;
        final TransportCounters counters = server.counters();
        final ErrorLog errors = server.errors();
        final AccessGuard guard = new AccessGuard(context.accessToken(), context.jwtVerifier());
        this.exchange = new ExchangeHandler(counters);
        this.cors = context.corsOrigins().isEmpty() ? null : corsConfig(context.corsOrigins());
        this.validator = new RequestValidator(errors);
        this.auth = guard.enabled() ? new AccessTokenHandler(guard, counters, errors) : null;
        this.limits = new LimitsHandler(new RateLimiter(context.rateLimitPerSecond(), context.rateLimitBurst()),
            new RateLimiter(context.rateLimitPerSecond(), context.rateLimitBurst()), server.fanOut(), context.maxSubscribers(),
            counters, errors);
        this.router = new RouteHandler(server.bus(), server.fanOut(), counters, guard, null != sslContext, monitorPage,
            context.maxEventsReplyBytes(), context.statsSections(), errors);
        this.faults = new FaultHandler(counters, errors);
        this.requestTimeoutAnswer = RequestTimeoutHandler.answer(context.requestTimeout());
    }

    /**
     * Cross-origin access for exactly the configured origins (never {@code *}, since answers may be behind a token),
     * with credentials, for {@code GET} and {@code HEAD} and the two headers a page sends. A request from another
     * origin is served without CORS headers (not refused: the browser enforces CORS, and a refusal would only cut
     * off clients that send {@code Origin} to their own server).
     */
    static CorsConfig corsConfig(final Set<String> origins)
    {
        return CorsConfigBuilder.forOrigins(origins.toArray(new String[0]))
            .allowedRequestMethods(HttpMethod.GET, HttpMethod.HEAD)
            .allowedRequestHeaders("Authorization", "Last-Event-ID")
            .allowCredentials()
            .maxAge(600)
            .noPreflightResponseHeaders()
            .build();
    }

    @Override
    protected void initChannel(final SocketChannel ch)
    {
        final ChannelPipeline p = ch.pipeline();
        if (null != sslContext)
        {
            p.addLast("tls", sslContext.newHandler(ch.alloc()));
        }
        p.addLast("connections", connectionLimiter);
        if (null != sslContext && context.http2())
        {
            // HTTP/1.1 or HTTP/2, as the client chose in the TLS handshake (ALPN); HTTP/1.1 when it did not say.
            p.addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1)
            {
                @Override
                protected void configurePipeline(final ChannelHandlerContext ctx, final String protocol)
                {
                    if (ApplicationProtocolNames.HTTP_2.equals(protocol))
                    {
                        Http2Pipelines.connection(ctx.pipeline(), context, ServerInitializer.this::requestPipeline, faults);
                    }
                    else
                    {
                        http1(ctx.pipeline());
                    }
                }
            });
        }
        else
        {
            http1(p);
        }
    }

    /** An HTTP/1.1 connection: one request after another, or a stream. */
    private void http1(final ChannelPipeline p)
    {
        p.addLast("request-timeout", new RequestTimeoutHandler(context.requestTimeout().toNanos(), requestTimeoutAnswer, server.counters()));
        p.addLast(IDLE, new IdleStateHandler(context.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast("codec", new HttpServerCodec(context.maxInitialLineLength(), context.maxHeaderSize(), 8192));
        requestPipeline(p);
    }

    /**
     * What serves requests once they are HTTP objects: the same for an HTTP/1.1 connection and for each stream of an
     * HTTP/2 connection.
     */
    void requestPipeline(final ChannelPipeline p)
    {
        if (context.compressionMinBytes() >= 0)
        {
            p.addLast(COMPRESSOR, new ResponseCompressor(context.compressionMinBytes(), context.compressionLevel()));
        }
        p.addLast(AGGREGATOR, new RequestAggregator(context.maxContentLength()));
        p.addLast("exchange", exchange);
        if (null != cors)
        {
            p.addLast("preflight", preflight);
            p.addLast("cors", new CorsHandler(cors));
        }
        p.addLast("validator", validator);
        if (null != auth)
        {
            p.addLast("auth", auth);
        }
        p.addLast("limits", limits);
        p.addLast("router", router);
        p.addLast("stream", new StreamHandler(server.bus(), server.fanOut(), server.counters(), context.retryMillis(),
            context.webSocketPingInterval().toNanos(), server.errors()));
        p.addLast("faults", faults);
    }
}
