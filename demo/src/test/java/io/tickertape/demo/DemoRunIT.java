package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.tickertape.testkit.Json;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.junit.jupiter.api.Test;

/**
 * The whole demo, as a user runs it, for a few seconds at a high rate, watched through its HTTP API: every
 * order that fills was first new, positions match fills, no engine dies, and drops (if any) are reported.
 */
class DemoRunIT
{
    private static final int RATE = 200_000;

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunTheDemoAtAHighRateWithConsistentOrdersAndPositions() throws Exception
    {
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        final DemoConfig config = DemoConfig.parse(
            new String[] {"--port", "0", "--rate", String.valueOf(RATE), "--history", "2000000"}, Map.of());
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            final Thread demo = new Thread(() ->
            {
                try
                {
                    Main.run(config, out, barrier);
                }
                catch (final Throwable t)
                {
                    failure.set(t);
                }
            }, "demo");
            demo.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> output.toString(StandardCharsets.UTF_8).contains("stream:"));
            final Matcher m = Pattern.compile("stream:\\s+(http://\\S+)").matcher(output.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).isTrue();
            final String streamUrl = m.group(1);
            final String base = streamUrl.substring(0, streamUrl.indexOf("/api/"));

            try (SseClient stream = SseClient.open(streamUrl + "?event_type=order_event,position_event&last_event_id=0"))
            {
                await().atMost(Duration.ofSeconds(60)).until(() -> stream.events("message").size() > 3000);
                final HttpResponse<String> statsResponse = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/api/telemetry/stats")).build(), HttpResponse.BodyHandlers.ofString());
                final Map<String, Object> stats = Json.object(statsResponse.body());
                final List<Map<String, Object>> producers = (List<Map<String, Object>>)stats.get("producers");
                assertThat(producers).extracting(p -> p.get("name")).containsExactlyInAnyOrder("universe", "market_data", "strategy", "execution");
                assertThat((Long)stats.get("dropped")).isEqualTo(producers.stream().mapToLong(p -> (Long)p.get("dropped")).sum());
                assertThat((Long)stats.get("published")).isPositive();

                barrier.signal();
                demo.join(30_000);
                assertThat(demo.isAlive()).isFalse();
                assertThat(failure.get()).isNull();
                await().atMost(Duration.ofSeconds(10)).until(stream::ended);

                assertThat(stream.events("gap")).as("the order stream was never lapped").isEmpty();
                checkOrdersAndPositions(stream.events("message"));
            }
        }
        final String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("Stopped.").doesNotContain("DIED");
        assertThat(printed).containsPattern("engine execution: stopped, 0 errors");
    }

    @SuppressWarnings("unchecked")
    private static void checkOrdersAndPositions(final List<SseEvent> frames)
    {
        final Set<String> opened = new HashSet<>();
        final Map<String, Long> filledBySymbol = new HashMap<>();
        final Map<String, Long> positionBySymbol = new HashMap<>();
        int fills = 0;
        for (final SseEvent frame : frames)
        {
            final Map<String, Object> event = frame.json();
            final Map<String, Object> p = (Map<String, Object>)event.get("payload");
            if ("order_event".equals(event.get("type")))
            {
                final String id = (String)p.get("order_id");
                final String status = (String)p.get("status");
                if ("new".equals(status))
                {
                    assertThat(opened.add(id)).as("order %s is new once", id).isTrue();
                }
                else
                {
                    assertThat(opened).as("order %s was new before it was %s", id, status).contains(id);
                }
                if ("filled".equals(status) || "partially_filled".equals(status))
                {
                    fills++;
                    final long qty = (Long)p.get("fill_qty");
                    filledBySymbol.merge((String)p.get("symbol"), "BUY".equals(p.get("side")) ? qty : -qty, Long::sum);
                }
            }
            else
            {
                positionBySymbol.put((String)p.get("symbol"), (Long)p.get("quantity"));
            }
        }
        assertThat(fills).as("orders filled during the run").isPositive();
        assertThat(positionBySymbol).as("each symbol's last position is the sum of its fills").isEqualTo(
            filledBySymbol.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
}
