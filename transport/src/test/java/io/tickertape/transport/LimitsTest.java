package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tickertape.bus.Json;
import io.tickertape.bus.BusContext;
import org.junit.jupiter.api.Test;

class LimitsTest
{
    @Test
    void shouldRefuseConnectionsOverTheLimitWith503() throws Exception
    {
        try (ServerFixture f = new ServerFixture(new BusContext(), new ServerContext().maxConnections(3)))
        {
            final List<Socket> held = new ArrayList<>();
            try
            {
                for (int i = 0; i < 3; i++)
                {
                    held.add(new Socket("127.0.0.1", f.port()));
                }
                await().until(() -> f.server.connectionCount() == 3);
                try (Socket extra = new Socket("127.0.0.1", f.port()))
                {
                    extra.setSoTimeout(10_000);
                    final String answer = new String(extra.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 5");
                }
            }
            finally
            {
                for (final Socket socket : held)
                {
                    socket.close();
                }
            }
            await().until(() -> f.server.connectionCount() == 0);
            assertThat(f.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldCutOffAClientThatDribblesItsRequest() throws Exception
    {
        try (ServerFixture f = new ServerFixture(new BusContext(), new ServerContext().requestTimeout(Duration.ofSeconds(1)));
             Socket slow = new Socket("127.0.0.1", f.port()))
        {
            final OutputStream out = slow.getOutputStream();
            final InputStream in = slow.getInputStream();
            slow.setSoTimeout(100);
            final byte[] request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            final long start = System.nanoTime();
            boolean closed = false;
            // One byte every 100 ms: an idle timeout never fires, the request deadline does.
            for (int i = 0; i < 100 && !closed; i++)
            {
                try
                {
                    out.write(request[i % request.length]);
                    out.flush();
                    closed = in.read() < 0;
                }
                catch (final java.net.SocketTimeoutException ex)
                {
                    // nothing to read yet: keep dribbling
                }
                catch (final java.io.IOException ex)
                {
                    closed = true;
                }
            }
            final long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(closed).as("connection closed by the server").isTrue();
            assertThat(millis).as("closed about the request timeout after the first byte").isBetween(800L, 5_000L);
            assertThat(f.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldRateLimitJsonRoutesPerClientButNotStreams() throws Exception
    {
        try (ServerFixture f = new ServerFixture(new BusContext(), new ServerContext().rateLimit(5, 5)))
        {
            int ok = 0;
            HttpResponse<String> limited = null;
            for (int i = 0; i < 20 && null == limited; i++)
            {
                final HttpResponse<String> r = f.get("/api/telemetry/stats");
                if (r.statusCode() == 429)
                {
                    limited = r;
                }
                else
                {
                    ok++;
                }
            }
            assertThat(ok).isBetween(5, 7);
            assertThat(limited).isNotNull();
            assertThat(limited.headers().firstValue("retry-after")).isPresent();
            assertThat(Json.object(limited.body())).containsEntry("ok", false);

            try (SseTestClient stream = SseTestClient.open(f.port(), "/api/telemetry/stream"))
            {
                await().until(() -> !stream.events("connection").isEmpty());
                assertThat(stream.status()).as("streams are not rate limited").isEqualTo(200);
            }
        }
    }
}
