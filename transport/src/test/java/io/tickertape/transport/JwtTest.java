package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.SseClient;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer JWTs: HS256, RS256 and ES256 accepted; every other token refused with 401 and a reason; types claims. */
class JwtTest
{
    private static final byte[] SECRET = "an-hs256-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8);
    private static final String STATIC_TOKEN = "static-token-0123456789";
    private static final String EVENTS = "/api/telemetry/events";

    @TempDir
    Path dir;

    private static String token(final JWSAlgorithm algorithm, final JWSSigner signer, final JWTClaimsSet claims) throws Exception
    {
        final SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder valid()
    {
        return new JWTClaimsSet.Builder().subject("monitor-1").expirationTime(new Date(System.currentTimeMillis() + 600_000));
    }

    private static String hs256(final JWTClaimsSet claims) throws Exception
    {
        return token(JWSAlgorithm.HS256, new MACSigner(SECRET), claims);
    }

    private static HttpResponse<String> get(final TelemetryFixture f, final String path, final String bearer) throws Exception
    {
        return f.send(HttpRequest.newBuilder(f.uri(path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + bearer).build());
    }

    private static void assertRefused(final HttpResponse<String> response, final String reason)
    {
        assertThat(response.statusCode()).as(reason).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).as(reason)
            .hasValue("Bearer realm=\"tickertape\", error=\"invalid_token\", error_description=\"" + reason + "\"");
        assertThat(Json.object(response.body())).containsEntry("ok", false).containsEntry("error", "access token refused: " + reason);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> httpFigures(final TelemetryFixture f, final String bearer) throws Exception
    {
        return (Map<String, Object>)Json.object(get(f, "/api/telemetry/stats", bearer).body()).get("http");
    }

    private static Path pem(final Path dir, final String name, final KeyPair pair) throws Exception
    {
        final String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded());
        return Files.writeString(dir.resolve(name), "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
    }

    @Test
    void shouldAcceptAValidHs256TokenFromHeaderParameterOrCookieBesideTheStaticToken() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().accessToken(STATIC_TOKEN).jwtHs256Secret(SECRET)))
        {
            f.publishAndAwait(EventType.ORDER, 3);
            final String jwt = hs256(valid().build());
            assertThat(get(f, EVENTS, jwt).statusCode()).isEqualTo(200);
            assertThat(f.get(EVENTS + "?token=" + jwt).statusCode()).isEqualTo(200);
            assertThat(f.send(HttpRequest.newBuilder(f.uri("/metrics")).header("Cookie", "tickertape_token=" + jwt).build()).statusCode())
                .isEqualTo(200);
            assertThat(get(f, EVENTS, STATIC_TOKEN).statusCode()).as("the static token still works").isEqualTo(200);
            final HttpResponse<String> page = f.get("/?token=" + jwt);
            assertThat(page.headers().firstValue("set-cookie")).hasValueSatisfying(c -> assertThat(c).startsWith("tickertape_token=" + jwt + ";"));

            final HttpResponse<String> none = f.get(EVENTS);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"tickertape\"");
            assertThat(Json.object(none.body())).containsEntry("error", "access token required");
        }
    }

    @Test
    void shouldRefuseEveryBadTokenWith401AndAReason() throws Exception
    {
        final KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        final KeyPair otherRsa = rsa.generateKeyPair();
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().jwtHs256Secret(SECRET).jwtAudience("tickertape")))
        {
            final long now = System.currentTimeMillis();
            final JWTClaimsSet good = valid().audience("tickertape").build();
            assertThat(get(f, EVENTS, hs256(good)).statusCode()).isEqualTo(200);

            final String claims = Base64.getUrlEncoder().withoutPadding().encodeToString(good.toString().getBytes(StandardCharsets.UTF_8));
            final String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
            assertRefused(get(f, EVENTS, none + "." + claims + "."), "algorithm not accepted");
            assertRefused(get(f, EVENTS, token(JWSAlgorithm.RS256, new RSASSASigner(otherRsa.getPrivate()), good)), "algorithm not accepted");
            assertRefused(get(f, EVENTS, token(JWSAlgorithm.HS256, new MACSigner("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8)), good)),
                "signature not valid");
            final String[] parts = hs256(good).split("\\.");
            final String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                valid().audience("tickertape").subject("root").build().toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
            assertRefused(get(f, EVENTS, tampered), "signature not valid");
            assertRefused(get(f, EVENTS, hs256(new JWTClaimsSet.Builder(good).expirationTime(new Date(now - 120_000)).build())), "token expired");
            assertRefused(get(f, EVENTS, hs256(new JWTClaimsSet.Builder(good).notBeforeTime(new Date(now + 120_000)).build())), "token not valid yet");
            assertRefused(get(f, EVENTS, hs256(new JWTClaimsSet.Builder(good).audience("someone-else").build())), "audience not accepted");
            assertRefused(get(f, EVENTS, hs256(new JWTClaimsSet.Builder(good).expirationTime(null).build())), "token has no exp");
            assertRefused(get(f, EVENTS, hs256(new JWTClaimsSet.Builder(good).claim("tickertape_types", "order_event").build())),
                "tickertape_types must be a list of type names");
            assertRefused(get(f, EVENTS, "a.b.c"), "malformed token");
            assertRefused(get(f, EVENTS, "not-a-jwt-at-all"), "malformed token");
            // Within the skew (30 s by default) an expired token still passes.
            assertThat(get(f, EVENTS, hs256(new JWTClaimsSet.Builder(good).expirationTime(new Date(now - 5_000)).build())).statusCode()).isEqualTo(200);

            assertThat(httpFigures(f, hs256(good))).containsEntry("unauthorized", 11L).containsEntry("errors", 0L);
        }
    }

    @Test
    void shouldVerifyRs256AndEs256WithAPublicKeyFile() throws Exception
    {
        final KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        final KeyPair rsaPair = rsa.generateKeyPair();
        final KeyPair rsaOther = rsa.generateKeyPair();
        final KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        final KeyPair ecPair = ec.generateKeyPair();
        final KeyPair ecOther = ec.generateKeyPair();

        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().jwtPublicKey(pem(dir, "rsa.pem", rsaPair))))
        {
            assertThat(get(f, EVENTS, token(JWSAlgorithm.RS256, new RSASSASigner((RSAPrivateKey)rsaPair.getPrivate()), valid().build())).statusCode())
                .isEqualTo(200);
            assertRefused(get(f, EVENTS, token(JWSAlgorithm.RS256, new RSASSASigner(rsaOther.getPrivate()), valid().build())), "signature not valid");
            assertRefused(get(f, EVENTS, hs256(valid().build())), "algorithm not accepted");
        }
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().jwtPublicKey(pem(dir, "ec.pem", ecPair))))
        {
            assertThat(get(f, EVENTS, token(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey)ecPair.getPrivate()), valid().build())).statusCode())
                .isEqualTo(200);
            assertRefused(get(f, EVENTS, token(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey)ecOther.getPrivate()), valid().build())),
                "signature not valid");
        }
    }

    @Test
    void shouldLimitABearerToTheTypesOfItsClaim() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().jwtHs256Secret(SECRET)))
        {
            final String ordersOnly = hs256(valid().claim("tickertape_types", List.of("order_event", "fill_event")).build());
            f.publishAndAwait(EventType.ORDER, 2);
            f.publishAndAwait(EventType.SIGNAL, 3);

            assertThat(Json.object(get(f, EVENTS, ordersOnly).body())).containsEntry("count", 2L);
            assertThat(Json.object(get(f, EVENTS + "?event_type=order_event", ordersOnly).body())).containsEntry("count", 2L);
            // A blank list names no type: it means every type the token allows, not every type.
            for (final String blank : List.of("?event_type=", "?event_type=,", "?event_type=%20", "?event_type=&event_type="))
            {
                assertThat(Json.object(get(f, EVENTS + blank, ordersOnly).body())).as(blank).containsEntry("count", 2L);
            }
            final HttpResponse<String> signals = get(f, EVENTS + "?event_type=order_event,signal_event", ordersOnly);
            assertThat(signals.statusCode()).isEqualTo(403);
            assertThat(Json.object(signals.body())).containsEntry("error", "this token may not see event type 'signal_event'");
            assertThat(get(f, "/api/telemetry/stream?event_type=signal_event", ordersOnly).statusCode()).isEqualTo(403);
            final String nothing = hs256(valid().claim("tickertape_types", List.of()).build());
            assertThat(get(f, EVENTS, nothing).statusCode()).isEqualTo(403);

            try (SseClient stream = f.stream("/api/telemetry/stream", Map.of("Authorization", "Bearer " + ordersOnly)))
            {
                stream.awaitConnected();
                f.publishAndAwait(EventType.SIGNAL, 5);
                f.publishAndAwait(EventType.ORDER, 1);
                stream.awaitEvents("message", 1, Duration.ofSeconds(10));
                assertThat(stream.events("message")).extracting(e -> e.json().get("type")).containsOnly("order_event");
            }
            assertThat(httpFigures(f, ordersOnly)).containsEntry("forbidden", 3L);
        }
    }

    @Test
    void shouldEndAStreamWhenItsTokenExpires() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().jwtHs256Secret(SECRET).jwtClockSkew(Duration.ZERO)))
        {
            final String shortLived = hs256(valid().expirationTime(new Date(System.currentTimeMillis() + 1_500)).build());
            final String longLived = hs256(valid().build());
            final OkHttpClient client = new OkHttpClient();
            final AtomicBoolean socketOpened = new AtomicBoolean();
            final AtomicBoolean socketEnded = new AtomicBoolean();
            client.newWebSocket(new Request.Builder().url(f.baseUrl().replace("http://", "ws://") + "/api/telemetry/ws?token=" + shortLived).build(),
                new WebSocketListener()
                {
                    @Override
                    public void onOpen(final WebSocket webSocket, final Response response)
                    {
                        socketOpened.set(true);
                    }

                    @Override
                    public void onClosing(final WebSocket webSocket, final int code, final String reason)
                    {
                        socketEnded.set(true);
                    }

                    @Override
                    public void onFailure(final WebSocket webSocket, final Throwable t, final Response response)
                    {
                        socketEnded.set(true);
                    }
                });
            try (SseClient expiring = f.stream("/api/telemetry/stream", Map.of("Authorization", "Bearer " + shortLived));
                SseClient lasting = f.stream("/api/telemetry/stream", Map.of("Authorization", "Bearer " + longLived)))
            {
                expiring.awaitConnected();
                lasting.awaitConnected();
                await().atMost(Duration.ofSeconds(10)).untilTrue(socketOpened);
                await().atMost(Duration.ofSeconds(10)).until(expiring::ended);
                await("a WebSocket opened with the token ends too").atMost(Duration.ofSeconds(10)).untilTrue(socketEnded);
                f.publishAndAwait(EventType.ORDER, 1);
                lasting.awaitEvents("message", 1, Duration.ofSeconds(10));
                assertThat(lasting.ended()).isFalse();
            }
            finally
            {
                client.dispatcher().executorService().shutdownNow();
                client.connectionPool().evictAll();
            }
        }
    }

    @Test
    void shouldRefuseKeysThatCannotServeAtConclude() throws Exception
    {
        assertThatThrownBy(() -> new ServerContext().jwtHs256Secret("short".getBytes(StandardCharsets.UTF_8)).conclude())
            .hasMessage("jwtHs256Secret must be at least 32 bytes (256 bits, as HS256 requires)");
        final Path notPem = Files.writeString(dir.resolve("key.txt"), "hello");
        assertThatThrownBy(() -> new ServerContext().jwtPublicKey(notPem).conclude())
            .hasMessageContaining(notPem.toString()).hasMessageContaining("no '-----BEGIN PUBLIC KEY-----'");
        assertThatThrownBy(() -> new ServerContext().jwtPublicKey(dir.resolve("missing.pem")).conclude())
            .hasMessageContaining("cannot read JWT public key " + dir.resolve("missing.pem"));
        final KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        final Path weak = pem(dir, "weak.pem", small.generateKeyPair());
        assertThatThrownBy(() -> new ServerContext().jwtPublicKey(weak).conclude()).hasMessageContaining("at least 2048 bits");
        final KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        final Path otherCurve = pem(dir, "p384.pem", p384.generateKeyPair());
        assertThatThrownBy(() -> new ServerContext().jwtPublicKey(otherCurve).conclude()).hasMessageContaining("P-256");
        assertThatThrownBy(() -> new ServerContext().jwtAudience("x").conclude()).hasMessageContaining("jwtAudience needs a JWT key");
    }
}
