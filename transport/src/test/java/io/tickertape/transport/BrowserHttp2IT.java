package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.netty.handler.codec.http2.Http2StreamChannel;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten EventSources from one page in Chromium. Over HTTP/2 all ten share one connection and all receive events; over
 * HTTP/1.1 the browser opens at most six connections to a host, so the seventh to tenth wait, receiving nothing, for
 * as long as the first six stay open: the reason a monitor with several streams wants HTTP/2.
 */
class BrowserHttp2IT
{
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String OPEN_TEN = "(() => { window.counts = new Array(10).fill(0); window.opened = new Array(10).fill(false);" +
        "for (let i = 0; i < 10; i++) { const es = new EventSource('/api/telemetry/stream');" +
        "es.addEventListener('connection', () => { window.opened[i] = true; });" +
        "es.onmessage = () => { window.counts[i]++; }; } return true; })()";

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static List<Long> counts(final Browser browser)
    {
        return (List<Long>)browser.eval("window.counts");
    }

    /** Distinct connections under the subscribers: an HTTP/2 stream's channel is a child of its connection's. */
    private static long connectionsCarrying(final TelemetryFixture f)
    {
        return f.server.fanOut().subscribers().stream()
            .map(s -> s.channel() instanceof Http2StreamChannel ? s.channel().parent() : s.channel())
            .distinct()
            .count();
    }

    @Test
    void shouldServeTenEventSourcesFromOnePageOverHttp2() throws Exception
    {
        Browser.requireOrSkip();
        final TestTls tls = TestTls.in(dir);
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().tls(tls.keyStore, TestTls.PASSWORD));
            Browser browser = new Browser(800, 600, "--ignore-certificate-errors"))
        {
            browser.navigate(f.server.baseUrl() + "/healthz");
            assertThat(browser.eval("performance.getEntriesByType('navigation')[0].nextHopProtocol")).isEqualTo("h2");
            browser.eval(OPEN_TEN);
            await().atMost(DEADLINE).until(() -> 10 == f.server.fanOut().subscriberCount());
            f.publishAndAwait(EventType.ORDER, 25);
            await().atMost(DEADLINE).until(() -> counts(browser).stream().allMatch(n -> n == 25));
            // Chromium may also hold a speculative connection it opened for the navigation and never used, so count
            // the connections that carry the streams rather than the connections open.
            assertThat(connectionsCarrying(f)).as("one connection carries the ten streams").isEqualTo(1L);
        }
    }

    @Test
    void shouldHoldTheSeventhEventSourceBackOverHttp11() throws Exception
    {
        Browser.requireOrSkip();
        final TestTls tls = TestTls.in(dir);
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().tls(tls.keyStore, TestTls.PASSWORD).http2(false));
            Browser browser = new Browser(800, 600, "--ignore-certificate-errors"))
        {
            browser.navigate(f.server.baseUrl() + "/healthz");
            assertThat(browser.eval("performance.getEntriesByType('navigation')[0].nextHopProtocol")).isEqualTo("http/1.1");
            browser.eval(OPEN_TEN);
            await().atMost(DEADLINE).until(() -> 6 == f.server.fanOut().subscriberCount());
            f.publishAndAwait(EventType.ORDER, 25);
            await().atMost(DEADLINE).until(() -> 6 == counts(browser).stream().filter(n -> n == 25).count());
            assertThat(counts(browser)).as("six streams, one per connection; the other four wait for a free one")
                .containsOnly(25L, 0L).filteredOn(n -> n == 0).hasSize(4);
            assertThat(f.server.fanOut().subscriberCount()).isEqualTo(6);
            assertThat(connectionsCarrying(f)).as("each stream has a connection of its own").isEqualTo(6L);
        }
    }
}
