package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gzip for answers a client accepts it for and that are large enough; never for the stream. */
class CompressionTest
{
    private final HttpClient http = HttpClient.newHttpClient();
    private TelemetryFixture fixture;

    @AfterEach
    void close()
    {
        if (null != fixture)
        {
            fixture.close();
        }
    }

    private TelemetryFixture start(final ServerContext context) throws InterruptedException
    {
        fixture = new TelemetryFixture(new BusContext().historyCapacity(10_000), context);
        return fixture;
    }

    private HttpResponse<byte[]> get(final String pathAndQuery, final String acceptEncoding) throws IOException, InterruptedException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(fixture.uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (null != acceptEncoding)
        {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(final byte[] body) throws IOException
    {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body)))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldGzipLargeJsonAnswersForClientsThatAcceptIt() throws Exception
    {
        start(new ServerContext());
        fixture.publishAndAwait(EventType.ORDER, 500);

        final HttpResponse<byte[]> plain = get("/api/telemetry/events?limit=500", null);
        final HttpResponse<byte[]> gzip = get("/api/telemetry/events?limit=500", "br;q=1.0, gzip;q=0.8");

        assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
        assertThat(plain.headers().firstValue("vary")).hasValue("accept-encoding");
        assertThat(gzip.statusCode()).isEqualTo(200);
        assertThat(gzip.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(gzip.headers().firstValue("vary")).hasValue("accept-encoding");
        assertThat(gzip.headers().firstValueAsLong("content-length")).hasValue(gzip.body().length);
        assertThat(gzip.body().length).isLessThan(plain.body().length / 3);
        final String inflated = gunzip(gzip.body());
        assertThat(inflated).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8));
        assertThat(Json.object(inflated)).containsEntry("count", 500L);

        final HttpResponse<byte[]> metrics = get("/metrics", "gzip");
        assertThat(metrics.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(gunzip(metrics.body())).contains("tickertape_producer_published_total");
    }

    @Test
    void shouldLeaveSmallAnswersAndOtherEncodingsAlone() throws Exception
    {
        start(new ServerContext());
        fixture.publishAndAwait(EventType.ORDER, 1);

        final HttpResponse<byte[]> health = get("/healthz", "gzip");
        assertThat(health.headers().firstValue("content-encoding")).isEmpty();
        assertThat(Json.object(new String(health.body(), StandardCharsets.UTF_8))).containsEntry("status", "UP");
        final HttpResponse<byte[]> small = get("/api/telemetry/events?limit=1", "gzip");
        assertThat(small.headers().firstValue("content-encoding")).isEmpty();
        final HttpResponse<byte[]> brotliOnly = get("/metrics", "br");
        assertThat(brotliOnly.headers().firstValue("content-encoding")).isEmpty();
        assertThat(new String(brotliOnly.body(), StandardCharsets.UTF_8)).contains("tickertape_producer_published_total");
        final HttpResponse<byte[]> refused = get("/metrics", "gzip;q=0");
        assertThat(refused.headers().firstValue("content-encoding")).isEmpty();
    }

    @Test
    void shouldNotCompressWhenTurnedOff() throws Exception
    {
        start(new ServerContext().compression(-1, 1));
        fixture.publishAndAwait(EventType.ORDER, 500);

        final HttpResponse<byte[]> events = get("/api/telemetry/events?limit=500", "gzip");
        assertThat(events.headers().firstValue("content-encoding")).isEmpty();
        assertThat(events.headers().firstValue("vary")).isEmpty();
        assertThat(Json.object(new String(events.body(), StandardCharsets.UTF_8))).containsEntry("count", 500L);
    }

    @Test
    void shouldNeverCompressTheStreamAndKeepServingTheConnection() throws Exception
    {
        start(new ServerContext().compression(0, 1));
        fixture.publishAndAwait(EventType.ORDER, 1);
        try (RawClient client = RawClient.connect(fixture.port()))
        {
            client.timeout(Duration.ofSeconds(10));
            // A compressed answer first, then a stream on the same keep-alive connection.
            client.send("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
            final String metrics = client.readResponse();
            assertThat(metrics).containsIgnoringCase("content-encoding: gzip");
            client.send("GET /api/telemetry/stats HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
            assertThat(client.readResponse()).containsIgnoringCase("content-encoding: gzip"); // from 0 bytes on
            client.send("GET /api/telemetry/stream HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
            final StringBuilder seen = new StringBuilder();
            readUntil(client, seen, "event: connection");
            assertThat(seen.toString()).contains("text/event-stream").doesNotContainIgnoringCase("content-encoding");
            fixture.publishAndAwait(EventType.SIGNAL, 1);
            readUntil(client, seen, "\"type\":\"signal_event\"");
            assertThat(seen.toString()).contains("\"payload\":{\"n\":2}");
        }
    }

    /** Read from the stream until the text has come, or fail after 10 s saying what came instead. */
    private static void readUntil(final RawClient client, final StringBuilder seen, final String text) throws IOException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        final byte[] buffer = new byte[8192];
        while (!seen.toString().contains(text))
        {
            assertThat(System.nanoTime()).as("'%s' within 10 s; came: %s", text, seen).isLessThan(deadline);
            final int n = client.read(buffer);
            assertThat(n).as("the stream is open; came: %s", seen).isPositive();
            seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
    }
}
