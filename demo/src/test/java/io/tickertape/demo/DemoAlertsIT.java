package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.ServerFixture;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with {@code --alerts}: a rule its engines trigger (rejected orders) fires, the firing is POSTed to a
 * receiver started here, and the {@code alert} event is on the stream.
 */
class DemoAlertsIT
{
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void shouldPostTheFiringAndStreamTheAlertEvent() throws Exception
    {
        final List<Map<String, Object>> posts = new CopyOnWriteArrayList<>();
        final List<String> keys = new CopyOnWriteArrayList<>();
        final HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks/ops", exchange ->
        {
            posts.add(Json.object(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try
        {
            final Path rules = dir.resolve("alerts.json");
            Files.writeString(rules, "{\"rules\":[{\"name\":\"order-rejects\",\"type\":\"order_event\",\"where\":{\"status\":\"rejected\"}," +
                "\"count\":2,\"window_s\":60,\"cooldown_s\":1,\"severity\":\"critical\",\"webhook\":\"http://127.0.0.1:" +
                receiver.getAddress().getPort() + "/hooks/ops\"}]}");
            try (RunningDemo demo = new RunningDemo("--port", "0", "--rate", "20000", "--alerts", rules.toString()))
            {
                final ServerFixture http = new ServerFixture(demo.baseUrl());
                try (SseClient stream = http.stream("/api/telemetry/stream?event_type=alert"))
                {
                    final SseEvent alert = stream.awaitEvents(SseEvent.MESSAGE, 1, Duration.ofSeconds(60)).get(0);
                    assertThat((Map<String, Object>)alert.json().get("payload")).containsEntry("rule", "order-rejects").containsEntry("webhook", true);
                    await().atMost(Duration.ofSeconds(10)).until(() -> !posts.isEmpty());
                    final Map<String, Object> post = posts.get(0);
                    assertThat(post).containsEntry("rule", "order-rejects").containsEntry("severity", "critical").containsEntry("count", 2L);
                    assertThat((Map<String, Object>)((Map<String, Object>)post.get("last_event")).get("payload")).containsEntry("status", "rejected");
                    assertThat(keys.get(0)).isEqualTo(post.get("idempotency_key"));
                    // The stream's alert (the first since it connected) is one of the firings POSTed.
                    final Object streamed = ((Map<String, Object>)alert.json().get("payload")).get("idempotency_key");
                    await().atMost(Duration.ofSeconds(10)).until(() -> keys.contains(streamed));
                    System.out.printf("alerts: firing POSTed; alert event %s on the stream%n", alert.id());
                }
                final Map<String, Object> alerts = Json.object(http.get("/api/telemetry/alerts").body());
                assertThat((Map<String, Object>)alerts.get("delivery")).containsEntry("delivered", (long)posts.size());
            }
        }
        finally
        {
            receiver.stop(0);
        }
    }
}
