package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tickertape.kafka.hub.HubMain;
import io.tickertape.testkit.Browser;
import io.tickertape.testkit.Json;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's scale-out walkthrough, in one JVM: the hub program with its embedded broker, two demos exporting to
 * it as hosts alpha and beta; the hub's events carry both hosts' origins and its stats list both hosts.
 */
class ScaleOutIT
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void shouldShowTwoExportingDemosInOneHub() throws Exception
    {
        final int kafkaPort;
        try (ServerSocket probe = new ServerSocket(0))
        {
            kafkaPort = probe.getLocalPort();
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final AtomicReference<ShutdownSignalBarrier> barrier = new AtomicReference<>();
        final AtomicInteger status = new AtomicInteger(-1);
        final Thread hubThread = new Thread(() ->
        {
            try
            {
                status.set(HubMain.launch(new String[] {"--embedded-kafka", "--embedded-kafka-port", Integer.toString(kafkaPort),
                    "--embedded-kafka-dir", dir.resolve("kafka").toString(), "--port", "0"}, Map.of(),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), () ->
                    {
                        barrier.set(new ShutdownSignalBarrier());
                        return barrier.get();
                    }));
            }
            catch (final Exception ex)
            {
                status.set(-2);
            }
        }, "hub");
        hubThread.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> out.toString(StandardCharsets.UTF_8).contains("Press Ctrl-C") ||
            !hubThread.isAlive());
        final String banner = out.toString(StandardCharsets.UTF_8);
        assertThat(banner).as(err.toString(StandardCharsets.UTF_8)).contains("Press Ctrl-C")
            .contains("kafka:   127.0.0.1:" + kafkaPort + " (embedded), topic tickertape.events");
        final Matcher m = Pattern.compile("stream:\\s+(http://\\S+)/api/").matcher(banner);
        assertThat(m.find()).isTrue();
        final String hub = m.group(1);
        final String kafka = "127.0.0.1:" + kafkaPort;

        try (RunningDemo alpha = new RunningDemo("--port", "0", "--rate", "500", "--kafka", kafka, "--host", "alpha");
             RunningDemo beta = new RunningDemo("--port", "0", "--rate", "500", "--kafka", kafka, "--host", "beta"))
        {
            assertThat(alpha.output()).contains("kafka:   " + kafka + ", topic tickertape.events, as host alpha");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            {
                final Map<String, Object> section = (Map<String, Object>)get(hub + "/api/telemetry/stats").get("kafka_hub");
                final List<Map<String, Object>> hosts = (List<Map<String, Object>>)section.get("hosts");
                assertThat(hosts).extracting(h -> h.get("host")).containsExactlyInAnyOrder("alpha", "beta");
                assertThat(hosts).allSatisfy(h -> assertThat((Long)h.get("events")).isGreaterThan(200L));
                assertThat(section.get("rejected")).isEqualTo(0L);
            });
            // Each host's events in the hub's history, with their origin (the newest 1,000 of all may be one host's
            // burst: the hub relays each partition's records in fetched batches).
            for (final String host : List.of("alpha", "beta"))
            {
                final Map<String, Object> page = get(hub + "/api/telemetry/events?limit=1000&host=" + host);
                final List<Map<String, Object>> events = (List<Map<String, Object>>)page.get("events");
                assertThat(events).as(host).isNotEmpty();
                final Set<String> hosts = new HashSet<>();
                for (final Map<String, Object> event : events)
                {
                    final Map<String, Object> origin = (Map<String, Object>)event.get("origin");
                    hosts.add((String)origin.get("host"));
                    assertThat(origin.get("seq")).isInstanceOf(Long.class);
                }
                assertThat(hosts).containsExactly(host);
            }
            // The exporters' own figures, on each demo's stats.
            final Map<String, Object> exported = (Map<String, Object>)get(alpha.baseUrl() + "/api/telemetry/stats").get("kafka_exporter");
            assertThat(exported.get("connected")).isEqualTo(1L);
            assertThat((Long)exported.get("exported")).isPositive();
            if (Browser.available())
            {
                showsBothHostsOnTheMonitorPage(hub);
            }
        }
        barrier.get().signal();
        hubThread.join(60_000);
        assertThat(hubThread.isAlive()).isFalse();
        assertThat(status.get()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Stopped.");
        barrier.get().close();
    }

    /** The monitor page at the hub: a row per host, each event's host in the feed, and the host filter. */
    @SuppressWarnings("unchecked")
    private static void showsBothHostsOnTheMonitorPage(final String hub) throws Exception
    {
        try (Browser browser = new Browser(1400, 1200))
        {
            browser.navigate(hub + "/");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() ->
                ((List<Object>)browser.eval("[...document.querySelectorAll('#hosts tr[data-host]')].map(r => r.dataset.host)"))
                    .containsAll(List.of("alpha", "beta")));
            assertThat(browser.eval("document.getElementById('hosts-panel').hidden")).isEqualTo(false);
            await().atMost(Duration.ofSeconds(20)).until(() -> (Boolean)browser.eval(
                "window.tickertape.feed.some(f => / alpha\\//.test(f.body)) && window.tickertape.feed.some(f => / beta\\//.test(f.body))"));
            browser.screenshot(Path.of("target", "monitor-hub.png"));

            browser.eval("document.getElementById('f-host').value = 'beta', document.getElementById('f-apply').click(), 0");
            await().atMost(Duration.ofSeconds(10)).until(() -> "resumed".equals(browser.eval("document.getElementById('conn-state').textContent")));
            final long receivedAtFilter = ((Number)browser.eval("window.tickertape.received")).longValue();
            await().atMost(Duration.ofSeconds(20)).until(() -> ((Number)browser.eval("window.tickertape.received")).longValue() >= receivedAtFilter + 20);
            assertThat((List<Object>)browser.eval("window.tickertape.feed.filter(f => f.cls !== 'gap').map(f => f.body)"))
                .as("every event shown since the filter: beta's").isNotEmpty().allMatch(b -> ((String)b).matches("\\d+ beta/.*"));
            assertThat(browser.errors()).as("console errors").isEmpty();
            assertThat(browser.cspViolations()).isEmpty();
        }
    }

    private static Map<String, Object> get(final String url) throws Exception
    {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.object(response.body());
    }
}
