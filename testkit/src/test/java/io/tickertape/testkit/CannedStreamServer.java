package io.tickertape.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpServer;

/** A loopback HTTP server that answers every request with one event stream, chunked, then ends it (or holds it). */
final class CannedStreamServer implements AutoCloseable
{
    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    CannedStreamServer(final String stream, final boolean hold) throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange ->
        {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(stream.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (hold)
                {
                    release.await();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    String url()
    {
        return "http://127.0.0.1:" + port() + "/stream";
    }

    int port()
    {
        return server.getAddress().getPort();
    }

    @Override
    public void close()
    {
        release.countDown();
        server.stop(0);
    }
}
