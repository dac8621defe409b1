package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.tickertape.bus.EventType;
import io.tickertape.testkit.Browser;
import org.junit.jupiter.api.Test;

/**
 * The monitor page in Chromium under its content security policy: it works with every script and style from its
 * own files (bars drawn, styles applied, events counted) and the policy refuses nothing it does; an inline style
 * attribute or an inline script put into the page is refused, so the policy holds no {@code 'unsafe-inline'}.
 */
class MonitorPageCspIT
{
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void shouldWorkUnderAPolicyThatRefusesInlineScriptsAndStyles() throws Exception
    {
        Browser.requireOrSkip();
        try (TelemetryFixture fixture = new TelemetryFixture();
             Browser browser = new Browser(1000, 800))
        {
            fixture.publishAndAwait(EventType.ORDER, 5);
            browser.navigate(fixture.baseUrl() + "/");
            await().atMost(DEADLINE).until(() -> "connected".equals(browser.eval("document.getElementById('conn-state').textContent")));
            await().atMost(DEADLINE).until(() -> Long.valueOf(1).equals(browser.eval("document.querySelectorAll('#producers .bar > span').length")));
            assertThat((String)browser.eval("document.querySelector('#producers .bar > span').style.width"))
                .as("the ring depth bar's width, set by the script").endsWith("%");
            assertThat(browser.eval("getComputedStyle(document.querySelector('header')).display")).as("monitor.css applied").isEqualTo("flex");
            fixture.publishAndAwait(EventType.SIGNAL, 3);
            await().atMost(DEADLINE).until(() -> ((Number)browser.eval("window.tickertape.received")).longValue() >= 3);
            assertThat(browser.cspViolations()).as("what the policy refused of the page").isEmpty();
            assertThat(browser.errors()).as("console errors").isEmpty();

            browser.eval("document.body.insertAdjacentHTML('beforeend', '<div id=\"probe\" style=\"width: 7px\"></div>') || true");
            browser.eval("document.body.appendChild(Object.assign(document.createElement('script'), {textContent: 'window.inlineRan = true'})) && true");
            await().atMost(DEADLINE).until(() -> browser.cspViolations().size() == 2);
            assertThat(browser.cspViolations()).anyMatch(v -> v.startsWith("style-src-attr refused inline"))
                .anyMatch(v -> v.startsWith("script-src-elem refused inline"));
            assertThat(browser.eval("getComputedStyle(document.getElementById('probe')).width")).isNotEqualTo("7px");
            assertThat(browser.eval("window.inlineRan")).isNull();
        }
    }
}
