package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;

/** The demo with --jwt-hs256-secret, and tokens made by its jwt tool, as docs/OPERATIONS.md shows them. */
class DemoJwtIT
{
    private static final String SECRET = "a-demo-secret-of-at-least-32-bytes-long";
    private final HttpClient http = HttpClient.newHttpClient();

    private static String jwt(final String... flags)
    {
        final String[] args = new String[flags.length + 1];
        args[0] = "jwt";
        System.arraycopy(flags, 0, args, 1, flags.length);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = JwtTool.run(args, Map.of(DemoConfig.JWT_SECRET_ENV, SECRET), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    private HttpResponse<String> get(final String url, final String bearer) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (null != bearer)
        {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeBearersOfTokensFromTheJwtTool() throws Exception
    {
        try (RunningDemo demo = new RunningDemo("--port", "0", "--jwt-hs256-secret", SECRET, "--jwt-audience", "monitors"))
        {
            final String events = demo.baseUrl() + "/api/telemetry/events?limit=5";
            assertThat(get(events, null).statusCode()).isEqualTo(401);
            assertThat(get(events, jwt("--audience", "monitors")).statusCode()).isEqualTo(200);
            assertThat(get(events, jwt()).headers().firstValue("www-authenticate")).hasValueSatisfying(
                h -> assertThat(h).contains("audience not accepted"));
            final String ordersOnly = jwt("--audience", "monitors", "--types", "order_event", "--ttl", "10m");
            assertThat(get(events + "&event_type=signal_event", ordersOnly).statusCode()).isEqualTo(403);
            final HttpResponse<String> orders = get(events, ordersOnly);
            assertThat(orders.statusCode()).isEqualTo(200);
            assertThat(Json.object(orders.body()).get("events")).asList()
                .allSatisfy(e -> assertThat(((Map<?, ?>)e).get("type")).isEqualTo("order_event"));
        }
    }

    @Test
    void shouldRefuseAShortSecret() throws Exception
    {
        assertThat(Main.launch(new String[] {"--jwt-hs256-secret", "short"}, Map.of(), System.out, new PrintStream(new ByteArrayOutputStream()),
            null)).isEqualTo(Main.EXIT_BAD_FLAGS);
    }
}
