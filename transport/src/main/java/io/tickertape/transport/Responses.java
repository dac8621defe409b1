package io.tickertape.transport;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.tickertape.bus.EventFilter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Builds complete responses: JSON bodies (always with {@code content-type} and {@code content-length}), and the
 * {@code {"ok":false,"error":"..."}} answer to a request that cannot be served; and sends them the one way every
 * handler of the pipeline does (keep-alive, {@code HEAD}, close).
 */
final class Responses
{
    static final String JSON = "application/json; charset=utf-8";
    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    static final String CSS = "text/css; charset=utf-8";
    static final JsonFactory JSON_FACTORY = new JsonFactory();

    private Responses()
    {
    }

    /** A JSON generator writing into the buffer (for small bodies built off the hot path). */
    static JsonGenerator generator(final ByteBuf out)
    {
        return JSON_FACTORY.createGenerator(ObjectWriteContext.empty(), (OutputStream)new ByteBufOutputStream(out));
    }

    /**
     * A filter as five members: {@code event_type_filter}, {@code symbol_filter}, {@code strategy_filter},
     * {@code source_filter} and {@code host_filter}, each its values comma-separated, or null when it passes every value.
     */
    static void filterProperties(final JsonGenerator g, final EventFilter filter)
    {
        filterProperty(g, "event_type_filter", filter.types().names());
        filterProperty(g, "symbol_filter", filter.symbols());
        filterProperty(g, "strategy_filter", filter.strategies());
        filterProperty(g, "source_filter", filter.sources());
        filterProperty(g, "host_filter", filter.hosts());
    }

    private static void filterProperty(final JsonGenerator g, final String name, final Set<String> values)
    {
        if (values.isEmpty())
        {
            g.writeNullProperty(name);
        }
        else
        {
            g.writeStringProperty(name, String.join(",", values));
        }
    }

    static FullHttpResponse of(final HttpResponseStatus status, final String contentType, final ByteBuf body)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, contentType)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
            .set("x-content-type-options", "nosniff");
        return response;
    }

    static FullHttpResponse error(final ByteBufAllocator alloc, final HttpResponseStatus status, final String message)
    {
        final ByteBuf body = alloc.buffer(64 + message.length());
        try (JsonGenerator g = generator(body))
        {
            g.writeStartObject();
            g.writeBooleanProperty("ok", false);
            g.writeStringProperty("error", message);
            g.writeEndObject();
        }
        return of(status, JSON, body);
    }

    /**
     * The answer to a request whose handling threw: 400 with the message for a {@link BadRequestException}, else
     * 500 without detail.
     */
    static FullHttpResponse failure(final ByteBufAllocator alloc, final RuntimeException ex)
    {
        return ex instanceof BadRequestException ? error(alloc, HttpResponseStatus.BAD_REQUEST, ex.getMessage()) :
            error(alloc, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    /**
     * Send the answer to a request: the connection stays open when the client asked for it, the request was well
     * formed and the status is below 500; an answer to {@code HEAD} keeps its headers ({@code content-length}
     * included) and loses its body.
     */
    static void send(final ChannelHandlerContext ctx, final HttpRequest request, final HttpResponse response)
    {
        final boolean keepAlive = HttpUtil.isKeepAlive(request) && response.status().code() < 500 &&
            !request.decoderResult().isFailure();
        HttpUtil.setKeepAlive(response, keepAlive);
        if (HttpMethod.HEAD.equals(request.method()) && response instanceof FullHttpResponse)
        {
            ((FullHttpResponse)response).content().clear();
        }
        if (keepAlive)
        {
            ctx.writeAndFlush(response, ctx.voidPromise());
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    static FullHttpResponse text(final ByteBufAllocator alloc, final HttpResponseStatus status, final String contentType, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return of(status, contentType, alloc.buffer(bytes.length).writeBytes(bytes));
    }
}
