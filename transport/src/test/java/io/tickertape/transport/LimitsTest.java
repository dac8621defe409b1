package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tickertape.bus.BusContext;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.RawClient;
import io.tickertape.testkit.SseClient;
import org.junit.jupiter.api.Test;

class LimitsTest
{
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length: (\\d+)$");

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
    void shouldAnswerAConnectionOverTheLimitWithOne503AndCloseIt() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().maxConnections(1));
             RawClient held = RawClient.connect(f.port()))
        {
            await().until(() -> f.server.connectionCount() == 1);
            final int attempts = 5;
            for (int i = 0; i < attempts; i++)
            {
                try (RawClient extra = RawClient.connect(f.port()))
                {
                    // Requests sent at once, before the answer: none of them may be answered.
                    extra.timeout(Duration.ofSeconds(20)).send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" +
                        "GET /api/telemetry/stats HTTP/1.1\r\nHost: x\r\n\r\n");
                    final String answer = readUntilClosed(extra);
                    assertThat(answer).startsWith("HTTP/1.1 503 Service Unavailable\r\n").containsIgnoringCase("retry-after: 5\r\n");
                    assertThat(answer.split("HTTP/1\\.1 ", -1)).as("one answer only: " + answer).hasSize(2);
                    final String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                    final Matcher length = CONTENT_LENGTH.matcher(answer);
                    assertThat(length.find()).isTrue();
                    assertThat(body.length()).as("nothing after the body").isEqualTo(Integer.parseInt(length.group(1)));
                    assertThat(Json.object(body)).containsEntry("ok", false).containsEntry("error", "too many connections (max 1)");
                }
            }
            assertThat(f.server.counters().value(TransportCounter.REJECTED_CONNECTIONS)).isEqualTo(attempts);
            await().atMost(Duration.ofSeconds(10)).until(() -> f.server.connectionCount() == 1);
            held.timeout(Duration.ofSeconds(10)).send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(held.readResponse()).as("the connection within the limit is served").startsWith("HTTP/1.1 200");
        }
    }

    /** Read until the server closes in order; a reset or 20 s of silence fails. */
    private static String readUntilClosed(final RawClient client) throws IOException
    {
        final ByteArrayOutputStream answer = new ByteArrayOutputStream();
        final byte[] buffer = new byte[4096];
        for (int n; (n = client.read(buffer)) >= 0; )
        {
            answer.write(buffer, 0, n);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldHoldTheSubscriberLimitExactlyUnderConcurrentConnects() throws Exception
    {
        final int max = 10;
        final int clients = 50;
        final int rounds = 5;
        final ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().maxSubscribers(max)))
        {
            for (int round = 1; round <= rounds; round++)
            {
                final CountDownLatch go = new CountDownLatch(1);
                final List<Future<Answer>> answers = new ArrayList<>();
                for (int i = 0; i < clients; i++)
                {
                    answers.add(pool.submit(() -> Answer.of(f.port(), go)));
                }
                go.countDown();
                final List<Answer> accepted = new ArrayList<>();
                try
                {
                    for (final Future<Answer> future : answers)
                    {
                        final Answer answer = future.get(60, TimeUnit.SECONDS);
                        if (200 == answer.status)
                        {
                            accepted.add(answer);
                        }
                        else
                        {
                            assertThat(answer.status).as("round " + round).isEqualTo(503);
                            assertThat(Json.object(answer.body)).containsEntry("ok", false)
                                .containsEntry("error", "too many stream subscribers (max " + max + ")");
                        }
                    }
                    assertThat(accepted).as("streams accepted in round " + round).hasSize(max);
                    await().until(() -> f.server.subscriberCount() == max);
                }
                finally
                {
                    for (final Answer answer : accepted)
                    {
                        answer.client.close();
                    }
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> f.server.subscriberCount() == 0);
            }
            final Map<?, ?> sse = (Map<?, ?>)Json.object(f.get("/api/telemetry/stats").body()).get("sse");
            assertThat(sse.get("rejected")).isEqualTo((long)rounds * (clients - max));
            assertThat(sse.get("streams_opened")).isEqualTo((long)rounds * max);
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    /** A stream request's answer: its status, and its body (a refusal) or its open connection (a stream). */
    private static final class Answer
    {
        final int status;
        final String body;
        final RawClient client;

        private Answer(final int status, final String body, final RawClient client)
        {
            this.status = status;
            this.body = body;
            this.client = client;
        }

        /** Connect, wait for the start, ask for a stream, read the answer's head (and a refusal's body). */
        static Answer of(final int port, final CountDownLatch go) throws Exception
        {
            final RawClient client = RawClient.connect(port);
            try
            {
                client.timeout(Duration.ofSeconds(30));
                go.await();
                client.send("GET /api/telemetry/stream HTTP/1.1\r\nHost: x\r\n\r\n");
                final int status = Integer.parseInt(client.readLine().split(" ")[1]);
                int length = 0;
                for (String header = client.readLine(); !header.isEmpty(); header = client.readLine())
                {
                    final Matcher m = CONTENT_LENGTH.matcher(header);
                    length = m.find() ? Integer.parseInt(m.group(1)) : length;
                }
                if (200 == status)
                {
                    return new Answer(status, null, client);
                }
                final String body = new String(client.readBytes(length), StandardCharsets.UTF_8);
                client.close();
                return new Answer(status, body, null);
            }
            catch (final Exception ex)
            {
                client.close();
                throw ex;
            }
        }
    }

    @Test
    void shouldAnswer408AndCloseAClientThatDribblesItsRequest() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().requestTimeout(Duration.ofSeconds(1)));
             RawClient slow = RawClient.connect(f.port()))
        {
            slow.timeout(Duration.ofMillis(100));
            final byte[] request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            final long start = System.nanoTime();
            int first = -1;
            // One byte every 100 ms: an idle timeout never fires, the request deadline does.
            for (int i = 0; i < 100 && first < 0; i++)
            {
                try
                {
                    slow.send(new byte[] {request[i % request.length]});
                    first = slow.read();
                }
                catch (final SocketTimeoutException ex)
                {
                    // nothing to read yet: keep dribbling
                }
            }
            final long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(first).as("the server answered").isEqualTo('H');
            assertThat(millis).as("answered about the request timeout after the first byte").isBetween(800L, 5_000L);
            slow.timeout(Duration.ofSeconds(10));
            final String answer = "H" + readUntilClosed(slow);
            assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                .containsIgnoringCase("content-type: application/json; charset=utf-8\r\n").containsIgnoringCase("connection: close\r\n");
            assertThat(answer.split("HTTP/1\\.1 ", -1)).as("one answer only: " + answer).hasSize(2);
            assertThat(Json.object(answer.substring(answer.indexOf("\r\n\r\n") + 4))).containsEntry("ok", false)
                .containsEntry("error", "request not received in full within 1 s");
            assertThat(f.server.counters().value(TransportCounter.REQUEST_TIMEOUTS)).isEqualTo(1);
            assertThat(f.server.counters().value(TransportCounter.REQUESTS)).as("not a request: it never arrived").isZero();
            assertThat(f.server.counters().value(TransportCounter.CLIENT_ERRORS)).isZero();
            assertThat(f.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldRateLimitJsonRoutesPerClientButNotStreams() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().rateLimit(5, 5)))
        {
            // The first burst is accepted whatever the timing; a client asking faster than the rate is then refused
            // (how many more pass before that depends on how fast this machine sends them).
            int ok = 0;
            HttpResponse<String> limited = null;
            for (int i = 0; i < 1_000 && null == limited; i++)
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
            assertThat(ok).as("requests accepted before the first 429").isGreaterThanOrEqualTo(5);
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

    @Test
    void shouldKeepMetricsHealthAndThePageOutOfTheApiBudgetAndTheApiOutOfTheirs() throws Exception
    {
        // A slow refill (1 a second): a budget spent stays spent for the few milliseconds the checks after it take.
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().rateLimit(1, 20)))
        {
            assertThat(spend(f, "/api/telemetry/stats")).as("API requests accepted from a full budget").isGreaterThanOrEqualTo(20);
            for (final String path : new String[] {"/healthz", "/metrics", "/", "/monitor.js", "/monitor.css"})
            {
                assertThat(f.get(path).statusCode()).as(path + " with the API budget spent").isEqualTo(200);
            }
        }
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().rateLimit(1, 20)))
        {
            assertThat(spend(f, "/healthz")).as("health requests accepted from a full budget").isGreaterThanOrEqualTo(20);
            final HttpResponse<String> metrics = f.get("/metrics");
            assertThat(metrics.statusCode()).as("metrics share the budget of health and the page").isEqualTo(429);
            assertThat(Json.object(metrics.body())).containsEntry("ok", false).containsEntry("error",
                "too many requests for metrics, health and the page from this address; retry in 1 s");
            assertThat(f.get("/api/telemetry/stats").statusCode()).as("the API with that budget spent").isEqualTo(200);
            assertThat(f.get("/api/telemetry/events").statusCode()).isEqualTo(200);
        }
    }

    /** Ask for a path until the rate limit refuses it; fails if it never does. @return the requests accepted before. */
    private static int spend(final TelemetryFixture f, final String path) throws Exception
    {
        for (int accepted = 0; accepted < 1_000; accepted++)
        {
            final HttpResponse<String> r = f.get(path);
            if (429 == r.statusCode())
            {
                assertThat(r.headers().firstValue("retry-after")).hasValue("1");
                return accepted;
            }
            assertThat(r.statusCode()).as(path).isEqualTo(200);
        }
        throw new AssertionError(path + " never refused");
    }
}
