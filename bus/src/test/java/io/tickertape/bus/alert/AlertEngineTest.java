package io.tickertape.bus.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.management.ThreadMXBean;
import com.sun.net.httpserver.HttpServer;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.TypeFilter;
import io.tickertape.testkit.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alerts end to end: rules on a running bus, firings POSTed to a real HTTP receiver on loopback. */
class AlertEngineTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_796_000_000L * SECOND;

    /** One POST the receiver got. */
    record Post(String idempotencyKey, Map<String, Object> body)
    {
    }

    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();
    private HttpServer receiver;

    private String startReceiver() throws IOException
    {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks/ops", exchange ->
        {
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.add(new Post(exchange.getRequestHeaders().getFirst("Idempotency-Key"), Json.object(body)));
            final int status = failFirst.getAndDecrement() > 0 ? 503 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/ops";
    }

    @AfterEach
    void stopReceiver()
    {
        if (null != receiver)
        {
            receiver.stop(0);
        }
    }

    private static AlertRules rules(final String webhook, final String extra)
    {
        return AlertRules.parse("{\"rules\":[{\"name\":\"engine-unhealthy\",\"type\":\"engine_health\",\"where\":{\"status\":[\"degraded\",\"down\"]}," +
            "\"count\":1,\"window_s\":60,\"cooldown_s\":300,\"webhook\":\"" + webhook + "\"}" + extra + "]}", "test");
    }

    private static void health(final Producer producer, final String status)
    {
        try (EventWriter e = Events.beginEngineHealth(producer, "market_data", status))
        {
            assertThat(e.isAccepted()).isTrue();
        }
    }

    private static List<Map<String, Object>> alertEvents(final TelemetryBus bus)
    {
        final List<Map<String, Object>> events = new ArrayList<>();
        bus.history().newest(TypeFilter.of(List.of("alert")), 100, new HistoryRecord(bus.history()), r ->
        {
            events.add(Json.object(r.json()));
            return true;
        });
        return events;
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPostAFiringAndPublishItAsAnAlertEvent() throws Exception
    {
        final String webhook = startReceiver();
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().alerts(rules(webhook, ""))))
        {
            final Producer engines = bus.producer("market_data", 64);
            health(engines, "active");
            health(engines, "degraded");
            await().atMost(Duration.ofSeconds(10)).until(() -> posts.size() == 1 && bus.alerts().delivered() == 1);
            final Post post = posts.get(0);
            assertThat(post.body()).containsEntry("rule", "engine-unhealthy").containsEntry("count", 1L).containsEntry("window_s", 60L)
                .containsEntry("severity", "warning").containsEntry("idempotency_key", post.idempotencyKey()).containsEntry("epoch", bus.epoch());
            assertThat((Map<String, Object>)((Map<String, Object>)post.body().get("last_event")).get("payload")).containsEntry("status", "degraded");
            assertThat(post.body().get("first_event")).isEqualTo(post.body().get("last_event"));
            assertThat(post.idempotencyKey()).isEqualTo(bus.epoch() + "-2-engine-unhealthy");

            await().atMost(Duration.ofSeconds(10)).until(() -> alertEvents(bus).size() == 1);
            final Map<String, Object> alert = alertEvents(bus).get(0);
            assertThat(alert).containsEntry("source", AlertEngine.PRODUCER);
            assertThat((Map<String, Object>)alert.get("payload")).containsEntry("rule", "engine-unhealthy").containsEntry("last_seq", 2L)
                .containsEntry("idempotency_key", post.idempotencyKey()).containsEntry("webhook", true);

            // Within the cooldown: counted as suppressed, not fired.
            health(engines, "down");
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.alerts().states().get(0).suppressed() == 1);
            assertThat(bus.alerts().fired()).isEqualTo(1);
            assertThat(bus.alerts().recentFirings()).hasSize(1);
            assertThat(posts).hasSize(1);
        }
    }

    @Test
    void shouldRetryAFailingReceiverWithTheSameKeyUntilItAnswers() throws Exception
    {
        failFirst.set(2);
        final String webhook = startReceiver();
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().alerts(rules(webhook, ""))))
        {
            health(bus.producer("market_data", 64), "degraded");
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.alerts().delivered() == 1);
            assertThat(posts).hasSize(3);
            assertThat(posts.stream().map(Post::idempotencyKey).distinct()).hasSize(1);
            assertThat(posts.stream().map(Post::body).distinct()).as("the same body each time").hasSize(1);
            assertThat(bus.alerts().retried()).isEqualTo(2);
            assertThat(bus.alerts().failed()).isZero();
            assertThat(bus.alerts().pending()).isZero();
        }
    }

    @Test
    void shouldNeverBlockThePipelineOnAReceiverThatNeverAnswers() throws Exception
    {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            final List<Socket> accepted = new CopyOnWriteArrayList<>();
            final Thread acceptor = new Thread(() ->
            {
                try
                {
                    while (true)
                    {
                        accepted.add(silent.accept()); // and never read or answer
                    }
                }
                catch (final IOException ex)
                {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            final String webhook = "http://127.0.0.1:" + silent.getLocalPort() + "/hooks/ops";
            final long closedIn;
            try (TelemetryBus bus = TelemetryBus.launch(new BusContext().alerts(rules(webhook,
                ",{\"name\":\"every-reject\",\"type\":\"order_event\",\"where\":{\"status\":\"rejected\"},\"webhook\":\"" + webhook + "\"}"))))
            {
                final Producer engines = bus.producer("market_data", 64);
                final Producer execution = bus.producer("execution", 1 << 14);
                health(engines, "degraded");
                await().atMost(Duration.ofSeconds(10)).until(() -> !accepted.isEmpty());
                // The receiver holds POSTs open; meanwhile 10,000 events flow, 2,500 of them firing a rule each.
                final long start = System.nanoTime();
                for (int i = 0; i < 10_000; i++)
                {
                    while (!Events.order(execution, "O" + i, "NIFTY", "BUY", i % 4 == 0 ? "rejected" : "new", 1, 1.0))
                    {
                        Thread.onSpinWait(); // ring full: wait for the collector
                    }
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> bus.stats().collected() >= 10_001);
                System.out.printf("alerts: 10,000 events collected in %.1f ms with the receiver silent%n", (System.nanoTime() - start) / 1e6);
                await().atMost(Duration.ofSeconds(10)).until(() -> bus.alerts().fired() == 2_501);
                assertThat(bus.alerts().pending() + bus.alerts().dropped()).as("none delivered, none lost uncounted").isEqualTo(2_501);
                assertThat(bus.alerts().delivered()).isZero();
                assertThat(bus.alerts().dropped()).as("beyond the queue and the POSTs under way: dropped, counted")
                    .isBetween(2_501L - WebhookSender.QUEUE - WebhookSender.IN_FLIGHT, 2_501L - WebhookSender.QUEUE);
                await().atMost(Duration.ofSeconds(10)).until(() -> bus.history().appendedCount(AlertEngine.ALERT.id()) == 2_501);
                assertThat(bus.alerts().publishFailures()).isZero();
                final long closing = System.nanoTime();
                bus.close();
                closedIn = System.nanoTime() - closing;
                assertThat(bus.alerts()).isNotNull();
            }
            assertThat(closedIn).as("closing does not wait for the receiver").isLessThan(5 * SECOND);
            for (final Socket socket : accepted)
            {
                socket.close();
            }
        }
    }

    @Test
    void shouldFireOnCountEventsWithinTheWindowAndAgainAfterTheCooldown()
    {
        final AtomicLong now = new AtomicLong(T0);
        final AlertRules rules = AlertRules.parse("{\"rules\":[{\"name\":\"rejects\",\"type\":\"order_event\",\"where\":{\"status\":\"rejected\"}," +
            "\"count\":3,\"window_s\":10,\"cooldown_s\":60,\"severity\":\"critical\"}]}", "test");
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().alerts(rules).clock(now::get)))
        {
            final Producer execution = bus.producer("execution", 64);
            final Runnable reject = () -> Events.order(execution, "O", "NIFTY", "BUY", "rejected", 1, 1.0);
            reject.run();                        // T0
            now.set(T0 + 5 * SECOND);
            Events.order(execution, "O", "NIFTY", "BUY", "filled", 1, 1.0); // not matching
            reject.run();                        // T0 + 5
            now.set(T0 + 12 * SECOND);
            reject.run();                        // T0 + 12: the first has left the window; 2 within 10 s
            awaitPassed(bus);
            assertThat(bus.alerts().fired()).isZero();
            assertThat(bus.alerts().states().get(0).pending()).isEqualTo(2);
            now.set(T0 + 13 * SECOND);
            reject.run();                        // 3 within 10 s (T0 + 5, 12, 13): fires
            awaitPassed(bus);
            assertThat(bus.alerts().fired()).isEqualTo(1);
            final Alerts.Firing firing = bus.alerts().recentFirings().get(0);
            assertThat(firing.severity()).isEqualTo("critical");
            assertThat(Json.object(firing.firstEvent())).containsEntry("seq", 3L);
            assertThat(Json.object(firing.lastEvent())).containsEntry("seq", 5L);
            assertThat(firing.delivered()).isFalse();
            for (int i = 0; i < 3; i++)
            {
                now.set(T0 + (20 + i) * SECOND);
                reject.run();                    // three more in the cooldown: suppressed
            }
            awaitPassed(bus);
            assertThat(bus.alerts().states().get(0).suppressed()).isEqualTo(1);
            for (int i = 0; i < 3; i++)
            {
                now.set(T0 + (80 + i) * SECOND);
                reject.run();                    // after the cooldown: fires again
            }
            awaitPassed(bus);
            assertThat(bus.alerts().fired()).isEqualTo(2);
            assertThat(bus.alerts().states().get(0).firings()).isEqualTo(2);
            assertThat(bus.alerts().missed()).isZero();
        }
    }

    @Test
    void shouldEvaluateRulesWithoutAllocatingPerEvent()
    {
        final AtomicLong now = new AtomicLong(T0);
        final AlertRules rules = AlertRules.parse("{\"rules\":[" +
            "{\"name\":\"rejects\",\"type\":\"order_event\",\"where\":{\"status\":[\"rejected\",\"cancelled\"],\"qty\":[5,7]}}," +
            "{\"name\":\"bursts\",\"type\":\"order_event\",\"count\":10000,\"window_s\":1}]}", "test");
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().alerts(rules).historyCapacity(1 << 16).clock(() -> now.addAndGet(SECOND / 5))))
        {
            final Producer execution = bus.producer("execution", 1 << 14);
            final Runnable orders = () ->
            {
                for (int i = 0; i < 20_000; i++)
                {
                    while (!Events.order(execution, "O", "NIFTY", "BUY", i % 2 == 0 ? "rejected" : "new", 1, 1.0))
                    {
                        Thread.onSpinWait(); // ring full: wait for the collector
                    }
                }
                awaitPassed(bus);
            };
            orders.run(); // warm-up
            final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long thread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("tickertape-alerts")).findFirst()
                .orElseThrow().getId();
            final long before = threads.getThreadAllocatedBytes(thread);
            orders.run();
            orders.run();
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertThat(bus.alerts().fired()).as("qty 1 never matches; five events a second never make 10,000 in one").isZero();
            assertThat(allocated).as("bytes the alerts thread allocated evaluating 40,000 events").isLessThan(16 * 1024);
        }
    }

    /** Wait until the alerts thread has evaluated everything collected (the alert events it publishes included). */
    private static void awaitPassed(final TelemetryBus bus)
    {
        final long published = bus.stats().published();
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.stats().collected() >= published);
        final long head = bus.history().head();
        await().atMost(Duration.ofSeconds(10)).until(() -> evaluatedUpTo(bus) >= head);
    }

    private static long evaluatedUpTo(final TelemetryBus bus)
    {
        return bus.alerts().evaluatedSeq();
    }
}
