package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tickertape.testkit.Browser;
import org.junit.jupiter.api.Test;

/**
 * Chromium's own EventSource, on a page of another origin (allowed by the server's CORS origins), across a server
 * restart on the same port: the browser reconnects by itself with its Last-Event-ID, gets {@code reset} from the old
 * run's epoch to the new one before any of the new run's events, then all of them, and no event twice.
 */
class BrowserEventSourceRestartIT
{
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int BEFORE = 5;
    private static final int HELD = 5;
    private static final int LIVE = 5;

    @Test
    void shouldReceiveResetThenTheNewRunAcrossARestart() throws Exception
    {
        Browser.requireOrSkip();
        try (PageServer pages = new PageServer();
            RestartingServer server = new RestartingServer(Set.of(pages.origin()));
            Browser browser = new Browser(800, 600))
        {
            final String first = server.start();
            browser.navigate(pages.url("eventsource.html?stream=" +
                URLEncoder.encode(server.url("/api/telemetry/stream"), StandardCharsets.UTF_8)));
            await().atMost(DEADLINE).pollInterval(POLL)
                .until(() -> frames(browser).stream().anyMatch(f -> "connection".equals(f.type())));
            server.publish(BEFORE);
            await().atMost(DEADLINE).pollInterval(POLL)
                .until(() -> frames(browser).stream().filter(f -> Frame.MESSAGE.equals(f.type())).count() == BEFORE);

            server.stop();
            await().atMost(DEADLINE).pollInterval(POLL).until(() -> frames(browser).stream().anyMatch(f -> "error".equals(f.type())));
            final String second = server.start();
            // Published at once, so most likely before the browser is back (it waits the stream's retry, 1 s): held events.
            server.publish(HELD);
            await().atMost(DEADLINE).pollInterval(POLL).until(() -> AcrossRestart.hasReset(frames(browser), second, HELD));
            // Published while it follows the new run.
            server.publish(LIVE);
            await().atMost(DEADLINE).pollInterval(POLL).until(() -> AcrossRestart.hasReset(frames(browser), second, HELD + LIVE));

            final List<Frame> frames = frames(browser);
            AcrossRestart.assertContinued(frames, first, second, BEFORE, HELD + LIVE);
            assertThat(frames).extracting(Frame::type).as("state changes").containsSubsequence("open", "error", "open");
            assertThat(browser.errors()).as("script errors (refused connections while the server was down aside)")
                .allMatch(e -> Browser.failedLoad(e) || e.contains("ERR_CONNECTION_REFUSED"));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Frame> frames(final Browser browser)
    {
        return ((List<Map<String, Object>>)browser.eval("window.recorded")).stream().map(Frame::of).toList();
    }
}
