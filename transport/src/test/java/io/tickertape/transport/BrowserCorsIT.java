package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.tickertape.bus.BusContext;
import io.tickertape.testkit.Browser;
import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;

/**
 * Cross-origin calls with a Bearer token from real pages in Chromium: a page of an allowed origin gets through the
 * preflight and may read the answers, errors included (their CORS headers); a page of any other origin may not.
 */
class BrowserCorsIT
{
    private static final String TOKEN = "a-token-of-at-least-16-characters";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void shouldServeAnAllowedOriginWithATokenAndRefuseAnother() throws Exception
    {
        Browser.requireOrSkip();
        try (PageServer allowed = new PageServer();
            PageServer other = new PageServer();
            TelemetryFixture fixture = new TelemetryFixture(new BusContext(),
                new ServerContext().accessToken(TOKEN).corsOrigins(Set.of(allowed.origin())));
            Browser browser = new Browser(800, 600))
        {
            final Map<String, Object> results = call(browser, allowed, fixture);
            assertThat(result(results, "stats")).as("the stats, after the preflight").containsEntry("status", 200L);
            assertThat(Json.object((String)result(results, "stats").get("body"))).containsEntry("ok", true);
            assertThat(result(results, "missing")).as("an unknown route").containsEntry("status", 404L);
            assertThat(Json.object((String)result(results, "missing").get("body"))).containsEntry("ok", false);
            assertThat(result(results, "wrong_token")).as("a wrong token").containsEntry("status", 401L);
            assertThat(browser.errors()).as("console errors: only the loads answered 404 and 401, no CORS refusal")
                .allMatch(Browser::failedLoad);

            final Map<String, Object> refused = call(browser, other, fixture);
            for (final String call : new String[] {"stats", "missing", "wrong_token"})
            {
                assertThat(result(refused, call)).as(call + " from an origin not allowed").containsEntry("error", "TypeError")
                    .doesNotContainKey("status");
            }
            assertThat(browser.errors()).as("the browser's reason").anyMatch(e ->
                e.contains("from origin '" + other.origin() + "' has been blocked by CORS policy"));
        }
    }

    /** Load the page from {@code pages}' origin, let it call the server, and return what it could read. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(final Browser browser, final PageServer pages, final TelemetryFixture fixture)
    {
        browser.navigate(pages.url("cors.html?server=" + URLEncoder.encode(fixture.baseUrl(), StandardCharsets.UTF_8) +
            "&token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8)));
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> Boolean.TRUE.equals(browser.eval("window.results.done")));
        return (Map<String, Object>)browser.eval("window.results");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(final Map<String, Object> results, final String call)
    {
        return (Map<String, Object>)results.get(call);
    }
}
