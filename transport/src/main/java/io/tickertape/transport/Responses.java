package io.tickertape.transport;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Builds complete responses: JSON bodies (always with {@code content-type} and {@code content-length}), and the
 * {@code {"ok":false,"error":"..."}} answer to a request that cannot be served.
 */
final class Responses
{
    static final String JSON = "application/json; charset=utf-8";
    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final JsonFactory JSON_FACTORY = new JsonFactory();

    private Responses()
    {
    }

    /** A JSON generator writing into the buffer (for small bodies built off the hot path). */
    static JsonGenerator generator(final ByteBuf out)
    {
        return JSON_FACTORY.createGenerator(ObjectWriteContext.empty(), (OutputStream)new ByteBufOutputStream(out));
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

    static FullHttpResponse text(final ByteBufAllocator alloc, final HttpResponseStatus status, final String contentType, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return of(status, contentType, alloc.buffer(bytes.length).writeBytes(bytes));
    }
}
