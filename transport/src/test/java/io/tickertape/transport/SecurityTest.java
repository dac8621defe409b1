package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityTest
{
    private static final String TOKEN = "s3cret-token-0123456789";

    @Test
    void shouldRequireTheTokenOnApiAndMetricsWhenConfigured() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().accessToken(TOKEN)))
        {
            f.publishAndAwait(EventType.ORDER, 1);
            for (final String path : new String[] {"/api/telemetry/events", "/api/telemetry/stats", "/metrics", "/api/telemetry/stream"})
            {
                final HttpResponse<String> denied = f.get(path);
                assertThat(denied.statusCode()).as(path).isEqualTo(401);
                assertThat(Json.object(denied.body())).containsEntry("ok", false);
                assertThat(denied.body()).doesNotContain(TOKEN);
                assertThat(f.send(request(f, path).header("Authorization", "Bearer wrong-token-0123456789").build()).statusCode())
                    .isEqualTo(401);
            }
            assertThat(f.send(request(f, "/api/telemetry/events").header("Authorization", "Bearer " + TOKEN).build()).statusCode())
                .isEqualTo(200);
            assertThat(f.get("/api/telemetry/events?token=" + TOKEN).statusCode()).isEqualTo(200);
            assertThat(f.send(request(f, "/metrics").header("Cookie", "tickertape_token=" + TOKEN).build()).statusCode()).isEqualTo(200);
            assertThat(f.get("/healthz").statusCode()).as("health stays open for probes").isEqualTo(200);
            assertThat(f.get("/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldSetTheTokenCookieFromThePageUrlSoTheBrowserStreamCarriesIt() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().accessToken(TOKEN)))
        {
            final HttpResponse<String> page = f.get("/?token=" + TOKEN);
            final String cookie = page.headers().firstValue("set-cookie").orElseThrow();
            assertThat(cookie).startsWith("tickertape_token=" + TOKEN).contains("HttpOnly").contains("SameSite=Strict");
            assertThat(f.get("/?token=wrong").headers().firstValue("set-cookie")).isEmpty();

            try (SseClient stream = f.stream("/api/telemetry/stream", Map.of("Cookie", cookie.split(";")[0])))
            {
                await().until(() -> !stream.events("connection").isEmpty());
                assertThat(stream.status()).isEqualTo(200);
            }
        }
    }

    @Test
    void shouldAllowCrossOriginCallsOnlyFromConfiguredOrigins() throws Exception
    {
        try (TelemetryFixture closed = new TelemetryFixture())
        {
            final HttpResponse<String> r = closed.send(request(closed, "/api/telemetry/stats").header("Origin", "https://ops.example").build());
            assertThat(r.headers().firstValue("access-control-allow-origin")).isEmpty();
        }
        try (TelemetryFixture open = new TelemetryFixture(new BusContext(), new ServerContext().corsOrigins(Set.of("https://ops.example"))))
        {
            final HttpResponse<String> allowed = open.send(request(open, "/api/telemetry/stats").header("Origin", "https://ops.example").build());
            assertThat(allowed.headers().firstValue("access-control-allow-origin")).hasValue("https://ops.example");
            final HttpResponse<String> other = open.send(request(open, "/api/telemetry/stats").header("Origin", "https://evil.example").build());
            assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
            final HttpResponse<String> preflight = open.send(request(open, "/api/telemetry/stream")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://ops.example")
                .header("Access-Control-Request-Method", "GET").build());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValue("GET, HEAD");
        }
    }

    @Test
    void shouldServeHttpsFromAPkcs12KeyStore(@TempDir final Path dir) throws Exception
    {
        final TestTls tls = TestTls.in(dir);
        final Path keyStore = tls.keyStore;

        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().tls(keyStore, "changeit".toCharArray())))
        {
            f.publishAndAwait(EventType.ORDER, 2);
            assertThat(f.server.isTls()).isTrue();
            assertThat(f.server.baseUrl()).startsWith("https://");

            final SSLContext ssl = tls.clientContext;
            final HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
            final HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(f.server.baseUrl() + "/api/telemetry/events")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Json.object(response.body())).containsEntry("count", 2L);
        }
    }

    @Test
    void shouldRefuseAKeyStoreThatCannotServeWhenTheContextIsConcluded(@TempDir final Path dir) throws Exception
    {
        final Path keyStore = TestTls.in(dir).keyStore;
        Files.write(dir.resolve("text.p12"), "not a key store".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new ServerContext().tls(keyStore, "wrong".toCharArray()).conclude())
            .isInstanceOf(IllegalArgumentException.class).hasMessage("cannot use TLS key store " + keyStore + ": wrong password");
        assertThatThrownBy(() -> new ServerContext().tls(dir.resolve("nope.p12"), "changeit".toCharArray()).conclude())
            .isInstanceOf(IllegalArgumentException.class).hasMessage("cannot use TLS key store " + dir.resolve("nope.p12") + ": no such file");
        assertThatThrownBy(() -> new ServerContext().tls(dir.resolve("text.p12"), "changeit".toCharArray()).conclude())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("cannot use TLS key store " + dir.resolve("text.p12") + ": not a PKCS12 key store, or a damaged one");
        assertThatThrownBy(() -> new ServerContext().tls(keyStore, null).conclude())
            .isInstanceOf(IllegalArgumentException.class).hasMessage("TLS key store " + keyStore + " needs its password");
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext()))
        {
            assertThatThrownBy(() -> TelemetryServer.start(bus, new ServerContext().port(0).tls(keyStore, "wrong".toCharArray())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": wrong password");
        }
        assertThat(new ServerContext().tls(keyStore, "changeit".toCharArray()).conclude().tlsKeyStore()).isEqualTo(keyStore);
    }

    private static HttpRequest.Builder request(final TelemetryFixture f, final String path)
    {
        return HttpRequest.newBuilder(f.uri(path)).timeout(Duration.ofSeconds(10));
    }
}
