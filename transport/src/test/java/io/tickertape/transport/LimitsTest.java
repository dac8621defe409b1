package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tickertape.bus.BusContext;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.RawClient;
import io.tickertape.testkit.SseClient;
import org.junit.jupiter.api.Test;

class LimitsTest
{
    @Test
    void shouldRefuseConnectionsOverTheLimitWith503() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().maxConnections(3)))
        {
            final List<RawClient> held = new ArrayList<>();
            try
            {
                for (int i = 0; i < 3; i++)
                {
                    held.add(RawClient.connect(f.port()));
                }
                await().until(() -> f.server.connectionCount() == 3);
                try (RawClient extra = RawClient.connect(f.port()))
                {
                    final String answer = extra.timeout(Duration.ofSeconds(10)).readToEnd();
                    assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 5");
                }
            }
            finally
            {
                for (final RawClient client : held)
                {
                    client.close();
                }
            }
            await().until(() -> f.server.connectionCount() == 0);
            assertThat(f.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldCutOffAClientThatDribblesItsRequest() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().requestTimeout(Duration.ofSeconds(1)));
             RawClient slow = RawClient.connect(f.port()))
        {
            slow.timeout(Duration.ofMillis(100));
            final byte[] request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            final long start = System.nanoTime();
            boolean closed = false;
            // One byte every 100 ms: an idle timeout never fires, the request deadline does.
            for (int i = 0; i < 100 && !closed; i++)
            {
                try
                {
                    slow.send(new byte[] {request[i % request.length]});
                    closed = slow.read() < 0;
                }
                catch (final SocketTimeoutException ex)
                {
                    // nothing to read yet: keep dribbling
                }
                catch (final IOException ex)
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
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().rateLimit(5, 5)))
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

            try (SseClient stream = f.stream("/api/telemetry/stream"))
            {
                await().until(() -> !stream.events("connection").isEmpty());
                assertThat(stream.status()).as("streams are not rate limited").isEqualTo(200);
            }
        }
    }
}
