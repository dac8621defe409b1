package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.testkit.Browser;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;
import org.junit.jupiter.api.Test;

/**
 * The monitor page in a real headless Chromium, given payloads no engine of ours publishes: markup in members the
 * page shows as figures, a strategy whose figures are null, members of the wrong kind. It shows them as text, makes
 * no element of them, and goes on drawing every panel.
 */
class MonitorPageHostileIT
{
    private static final String MARKUP = "<img id=injected src=x>";

    @Test
    @SuppressWarnings("unchecked")
    void shouldShowHostilePayloadsAsTextAndKeepDrawing() throws Exception
    {
        Browser.requireOrSkip();
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1024));
             TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0));
             Browser browser = new Browser(1400, 1200))
        {
            final Producer producer = bus.producer("hostile", 256);
            browser.navigate(server.baseUrl() + "/");
            await().atMost(Duration.ofSeconds(10)).until(() -> "connected".equals(browser.eval("document.getElementById('conn-state').textContent")));

            try (EventWriter e = producer.claim(EventType.ENGINE_HEALTH))
            {
                e.put("engine_name", "strategy").put("status", "active").beginObject("metrics").put("errors", MARKUP)
                    .beginObject("strategies").putNull("momentum").beginObject("breakout").put("wins", MARKUP)
                    .put("win_streak", MARKUP).end().end().end();
            }
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                e.put("order_id", "o-1").put("symbol", "NIFTY").put("side", "BUY").put("status", "new").put("qty", MARKUP)
                    .put("price", MARKUP);
            }
            try (EventWriter e = producer.claim(EventType.POSITION))
            {
                e.put("symbol", "NIFTY").put("position_size", MARKUP).put("entry_price", 1.5).put("realized_pnl", true)
                    .beginArray("unrealized_pnl").add(1).end();
            }
            try (EventWriter e = producer.claim(EventType.PERFORMANCE_UPDATE))
            {
                e.beginObject("metrics").put("equity", MARKUP).put("max_drawdown", "x").end();
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> (Boolean)browser.eval(
                "!!document.querySelector('#orders tr[data-order]') && !!document.querySelector('#positions tr[data-position]') && " +
                "!!document.getElementById('pnl') && !!document.querySelector('#health tr[data-strategy=\"breakout\"]')"));
            assertThat(browser.eval("document.querySelectorAll('#injected, img').length")).as("elements made of payloads").isEqualTo(0L);
            assertThat((List<Object>)browser.eval("[...document.querySelector('#orders tr[data-order]').cells].map(c => c.textContent)"))
                .as("the order's figures, as text").contains(MARKUP);
            assertThat((String)browser.eval("document.querySelector('#positions tr[data-position]').cells[1].textContent")).isEqualTo(MARKUP);
            assertThat((String)browser.eval("document.querySelector('#health tr[data-strategy=\"breakout\"]').textContent")).contains(MARKUP);
            assertThat((String)browser.eval("document.getElementById('pnl').textContent")).contains(MARKUP);
            assertThat((Long)browser.eval("document.querySelectorAll('#types tr[data-type]').length")).isEqualTo(4L);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                ((String)browser.eval("document.getElementById('stats-line').textContent")).endsWith("subscribers 1"));
            assertThat(browser.errors()).as("console errors").isEmpty();
            assertThat(browser.cspViolations()).as("what the page's content security policy refused").isEmpty();
        }
    }
}
