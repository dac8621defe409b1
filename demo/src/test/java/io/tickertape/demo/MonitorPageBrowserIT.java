package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.tickertape.testkit.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor page in a real headless Chromium against the real demo: it loads without console errors or content
 * security policy violations, shows
 * every event type and live producer figures, keeps its feed bounded, and reconnects by itself (resuming) when the
 * server restarts on the same port.
 */
class MonitorPageBrowserIT
{
    @TempDir
    Path dir;

    private static final List<String> EIGHT_TYPES = List.of("signal_event", "indicator_event", "order_event", "position_event",
        "engine_health", "decision_trace", "universe_scan", "performance_update");

    @Test
    @SuppressWarnings("unchecked")
    void shouldShowTheLiveSystemAndRecoverFromARestart() throws Exception
    {
        Browser.requireOrSkip();
        final int port;
        try (ServerSocket probe = new ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        try (Browser browser = new Browser(1400, 1200))
        {
            final Path rules = dir.resolve("alerts.json");
            Files.writeString(rules, "{\"rules\":[{\"name\":\"order-rejects\",\"type\":\"order_event\",\"where\":{\"status\":\"rejected\"}," +
                "\"count\":1,\"cooldown_s\":1,\"severity\":\"critical\"}]}");
            try (RunningDemo demo = new RunningDemo("--port", String.valueOf(port), "--rate", "20000", "--alerts", rules.toString()))
            {
                final long loaded = System.nanoTime();
                browser.navigate("http://127.0.0.1:" + port + "/");

                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() ->
                    ((List<Object>)browser.eval("[...document.querySelectorAll('#types tr[data-type]')].map(r => r.dataset.type)"))
                        .containsAll(EIGHT_TYPES));
                System.out.printf("monitor: all eight types shown %.1f s after loading%n", (System.nanoTime() - loaded) / 1e9);
                assertThat(browser.eval("document.getElementById('conn-state').textContent")).isEqualTo("connected");

                await().atMost(Duration.ofSeconds(10)).until(() -> (Boolean)browser.eval(
                    "[...document.querySelectorAll('#producers td.published')].length === 5 && " + // the four engines and the alerts
                    "[...document.querySelectorAll('#producers td.published')].every(td => parseInt(td.textContent.replace(/,/g, '')) > 0)"));
                await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(2).equals(browser.eval("document.querySelectorAll('#health .card').length")));
                assertThat((Long)browser.eval("document.querySelectorAll('#orders tr[data-order]').length")).isPositive();

                // Rates from the server's aggregates: by type, then by strategy with orders by status.
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() ->
                    ((List<Object>)browser.eval("[...document.querySelectorAll('#rates tr[data-key]')].map(r => r.dataset.key)")).contains("order_event"));
                browser.eval("document.querySelector('#rates-by [data-by=strategy]').click(), 0");
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() ->
                    ((List<Object>)browser.eval("[...document.querySelectorAll('#rates tr[data-key]')].map(r => r.dataset.key)"))
                        .containsAll(List.of("momentum", "mean_reversion", "breakout")));
                assertThat((String)browser.eval("document.getElementById('rates-note').textContent")).startsWith("by strategy");

                // Alerts: the rule, its firings, and the alert events in the feed.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> (Boolean)browser.eval(
                    "!!document.querySelector('#alert-rules tr[data-rule=\"order-rejects\"]') && document.querySelectorAll('#alert-firings li').length > 0"));
                assertThat((String)browser.eval("document.querySelector('#alert-firings li').className")).isEqualTo("sev-critical");
                await().atMost(Duration.ofSeconds(10)).until(() -> ((Number)browser.eval("window.tickertape.types.get('alert')?.total || 0")).longValue() > 0);

                // The page reads the payloads by the contract's names: positions, performance and health show values.
                await().atMost(Duration.ofSeconds(30)).until(() -> (Boolean)browser.eval(
                    "document.querySelectorAll('#positions tr[data-position]').length > 0 && !!document.getElementById('pnl')"));
                assertThat((List<Object>)browser.eval(
                    "[...document.querySelectorAll('#positions tr[data-position]')].map(r => r.cells[1].textContent + ' ' + r.cells[2].textContent)"))
                    .as("position and entry price of each position").allMatch(t -> ((String)t).matches("-?[\\d,]+(\\.\\d+)? [\\d,]+(\\.\\d+)?"));
                assertThat((List<Object>)browser.eval("[...document.querySelectorAll('#pnl dd')].map(d => d.textContent)"))
                    .as("every performance figure").hasSize(8).allMatch(t -> ((String)t).matches("-?[\\d,]+(\\.\\d+)?%?"));
                assertThat((List<Object>)browser.eval("[...document.querySelectorAll('#health .card h3 span')].map(s => s.className + ' ' + s.textContent)"))
                    .as("engines reporting active are shown as well").contains("ok active");

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ((Number)browser.eval("window.tickertape.received")).longValue() >= 50_000);
                assertThat((Long)browser.eval("document.querySelectorAll('#feed li').length")).isBetween(1L, 200L);
                assertThat((Long)browser.eval("window.tickertape.feed.length")).isLessThanOrEqualTo(200L);
                assertThat(browser.errors()).as("console errors while live").isEmpty();
                assertThat(browser.cspViolations()).as("what the page's content security policy refused").isEmpty();
                assertThat((List<Object>)browser.eval("[...document.querySelectorAll('#producers .bar > span')].map(s => s.style.width)"))
                    .as("each producer's depth bar drawn").hasSize(5).allMatch(w -> ((String)w).endsWith("%"));
                browser.screenshot(Path.of("target", "monitor.png"));

                // Filters: the stream re-opens with them, resuming after the last id seen, and shows only what passes.
                final String symbol = (String)browser.eval("document.querySelector('#orders tr[data-order]').cells[1].textContent");
                browser.eval("document.getElementById('f-symbol').value = ' " + symbol + " ,', " +
                    "document.getElementById('f-source').value = 'execution,strategy', document.getElementById('f-apply').click(), 0");
                await().atMost(Duration.ofSeconds(10)).until(() -> "resumed".equals(browser.eval("document.getElementById('conn-state').textContent")));
                assertThat((String)browser.eval("location.hash")).isEqualTo("#symbol=" + symbol + "&source=execution%2Cstrategy");
                assertThat((String)browser.eval("document.getElementById('f-active').textContent"))
                    .isEqualTo("symbol=" + symbol + " & source=execution,strategy");
                final long receivedAtFilter = ((Number)browser.eval("window.tickertape.received")).longValue();
                await().atMost(Duration.ofSeconds(30)).until(() -> ((Number)browser.eval("window.tickertape.received")).longValue() >= receivedAtFilter + 3);
                assertThat((List<Object>)browser.eval("window.tickertape.feed.filter(f => f.cls !== 'gap').map(f => f.body)"))
                    .as("every event shown since: that symbol, from execution or strategy").isNotEmpty()
                    .allMatch(b -> ((String)b).contains("\"symbol\":\"" + symbol + "\"") && ((String)b).matches("\\d+ (execution|strategy) .*"));
                browser.screenshot(Path.of("target", "monitor-filtered.png"));
                browser.eval("document.getElementById('f-symbol').value = Array.from({length: 70}, (_, i) => 's' + i).join(','), " +
                    "document.getElementById('f-apply').click(), 0");
                assertThat((String)browser.eval("document.getElementById('f-active').textContent")).isEqualTo("symbol lists more than 64 values");
                browser.eval("document.getElementById('f-clear').click(), 0");
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() ->
                    ((List<Object>)browser.eval("[...document.querySelectorAll('#types tr[data-type]')].map(r => r.dataset.type)")).size() >= 4);
                assertThat((String)browser.eval("location.hash")).isEmpty();
            }

            // The server goes away: the page says so, then reconnects by itself to the new server on the same port.
            await().atMost(Duration.ofSeconds(10)).until(() -> "unreachable".equals(browser.eval("document.getElementById('conn-state').textContent")));
            final long receivedBefore = ((Number)browser.eval("window.tickertape.received")).longValue();
            try (RunningDemo restarted = new RunningDemo("--port", String.valueOf(port), "--rate", "2000"))
            {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "resumed".equals(browser.eval("document.getElementById('conn-state').textContent")));
                assertThat((String)browser.eval("document.getElementById('conn-detail').textContent")).contains("server restarted");
                await().atMost(Duration.ofSeconds(10))
                    .until(() -> ((Number)browser.eval("window.tickertape.received")).longValue() > receivedBefore + 100);
                // The ended run's orders are gone with it: each one shown is of the new run (its seqs start again at 1,
                // far below the ended run's at 20,000 events/s).
                await().atMost(Duration.ofSeconds(30)).until(() -> (Boolean)browser.eval("window.tickertape.orders.size > 0"));
                assertThat((Boolean)browser.eval("[...window.tickertape.orders.values()].every(o => o.seq <= window.tickertape.headSeq)"))
                    .as("no order of the ended run kept").isTrue();
                browser.screenshot(Path.of("target", "monitor-resumed.png"));
            }
            assertThat(browser.errors()).as("script errors (connection refusals while the server was down aside)")
                .allMatch(e -> Browser.failedLoad(e) || e.contains("ERR_CONNECTION_REFUSED"));
            assertThat(browser.cspViolations()).as("what the page's content security policy refused, across the restart").isEmpty();
        }
    }
}
