package io.tickertape.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A static web server on a loopback port of its own (so an origin of its own), serving the test pages under
 * {@code src/test/resources/pages}: the pages a browser loads to call the telemetry server from another origin.
 */
final class PageServer implements AutoCloseable
{
    private final HttpServer server;

    PageServer() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", PageServer::serve);
        server.start();
    }

    /** The origin of its pages, as a browser states it in {@code Origin}. */
    String origin()
    {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The URL of a page. */
    String url(final String page)
    {
        return origin() + "/" + page;
    }

    private static void serve(final HttpExchange exchange) throws IOException
    {
        try (exchange; InputStream page = PageServer.class.getResourceAsStream("/pages" + exchange.getRequestURI().getPath()))
        {
            if (null == page || exchange.getRequestURI().getPath().contains(".."))
            {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            final byte[] body = page.readAllBytes();
            exchange.getResponseHeaders().set("content-type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("cache-control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
    }

    @Override
    public void close()
    {
        server.stop(0);
    }
}
