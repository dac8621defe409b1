package io.tickertape.demo.compat;

import static io.tickertape.demo.compat.MonitorClient.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replaced layer's unit tests, in meaning: each publishes through the public Java API (the typed helpers, or
 * the generic path) and reads what a monitor receives over HTTP, asserting member names, nesting and values.
 */
class SeedHelpersCompatibilityIT
{
    private TelemetryBus bus;
    private TelemetryServer server;
    private MonitorClient monitor;
    private Producer producer;

    @BeforeEach
    void start() throws Exception
    {
        bus = TelemetryBus.launch(new BusContext().historyCapacity(5000));
        server = TelemetryServer.start(bus, new ServerContext().port(0));
        monitor = new MonitorClient(server.baseUrl());
        producer = bus.producer("test", 64);
    }

    @AfterEach
    void stop()
    {
        server.close();
        bus.close();
    }

    private void awaitHead(final long seq)
    {
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.history().head() >= seq);
    }

    @Test
    void aSignalCarriesSymbolStrategyNameSignalAndItsExtraMembers() throws Exception
    {
        try (EventWriter e = Events.beginSignal(producer, "NIFTY", "test_strategy", "BUY"))
        {
            e.put("confidence", 0.85);
        }
        awaitHead(1);

        final List<Map<String, Object>> events = monitor.events("?event_type=signal_event");
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsEntry("type", "signal_event");
        assertThat(events.get(0).keySet()).contains("type", "timestamp", "payload");
        assertThat(object(events.get(0), "payload")).containsExactly(entry("symbol", "NIFTY"),
            entry("strategy_name", "test_strategy"), entry("signal", "BUY"), entry("confidence", 0.85));
    }

    @Test
    void anOrderCarriesItsIdSymbolSideStatusQuantityAndPrice() throws Exception
    {
        Events.order(producer, "TEST-001", "BANKNIFTY", "BUY", "filled", 50, 45000.0);
        awaitHead(1);

        assertThat(monitor.payloads("?event_type=order_event")).containsExactly(Map.of("order_id", "TEST-001",
            "symbol", "BANKNIFTY", "side", "BUY", "status", "filled", "qty", 50L, "price", 45000.0));
    }

    @Test
    void anEngineHealthNestsItsMetrics() throws Exception
    {
        try (EventWriter e = Events.beginEngineHealth(producer, "TestEngine", "active"))
        {
            e.put("cpu", 25.0).put("memory", 512);
        }
        awaitHead(1);

        final Map<String, Object> payload = monitor.payloads("?event_type=engine_health").get(0);
        assertThat(payload).containsEntry("engine_name", "TestEngine").containsEntry("status", "active");
        assertThat(object(payload, "metrics")).containsExactly(entry("cpu", 25.0), entry("memory", 512L));
    }

    @Test
    void aDecisionTraceNestsItsDataUnderTraceData() throws Exception
    {
        try (EventWriter e = Events.beginDecisionTrace(producer, "momentum", "SBIN", "SELL"))
        {
            e.put("rsi", 72).put("trend", "down");
        }
        awaitHead(1);

        final Map<String, Object> payload = monitor.payloads("?event_type=decision_trace").get(0);
        assertThat(payload).containsEntry("strategy_name", "momentum").containsEntry("symbol", "SBIN")
            .containsEntry("decision", "SELL");
        assertThat(object(payload, "trace_data")).containsExactly(entry("rsi", 72L), entry("trend", "down"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void statsCountTwoEventsOfOneTypeAndOneOfAnother() throws Exception
    {
        Events.signal(producer, "NIFTY", "test_strategy", "BUY");
        Events.signal(producer, "BANKNIFTY", "test_strategy", "SELL");
        Events.order(producer, "TEST-001", "BANKNIFTY", "BUY", "new", 50, 45000.0);
        awaitHead(3);

        final Map<String, Object> stats = monitor.get("/api/telemetry/stats");
        assertThat(stats).containsEntry("total_events", 3L);
        assertThat(object(stats, "event_counts")).containsOnly(entry("signal_event", 2L), entry("order_event", 1L));
        assertThat((List<Object>)stats.get("event_types")).containsExactlyInAnyOrder("signal_event", "order_event");
    }

    @Test
    void aFilterByTypeReturnsOnlyThatType() throws Exception
    {
        Events.signal(producer, "NIFTY", "a", "BUY");
        Events.order(producer, "O-1", "NIFTY", "BUY", "new", 50, 100.0);
        Events.signal(producer, "SBIN", "b", "SELL");
        Events.position(producer, "NIFTY", 50, 100.0, 0, 0);
        awaitHead(4);

        final List<Map<String, Object>> signals = monitor.events("?event_type=signal_event");
        assertThat(signals).hasSize(2).allSatisfy(e -> assertThat(e).containsEntry("type", "signal_event"));
        assertThat(signals).extracting(e -> object(e, "payload").get("strategy_name")).containsExactly("a", "b");
    }

    @Test
    void theFirstStreamFrameIsTheConnectionFrame() throws Exception
    {
        try (SseClient stream = SseClient.open(server.baseUrl() + "/api/telemetry/stream?event_type=signal_event"))
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events().isEmpty());
            final SseEvent first = stream.events().get(0);
            assertThat(first.type()).isEqualTo("connection");
            assertThat(first.json()).containsEntry("type", "connection");
            assertThat(object(first.json(), "payload")).containsEntry("status", "connected")
                .containsEntry("event_type_filter", "signal_event");
        }
    }

    @Test
    void theTimestampLiesBetweenTheTimesTakenBeforeAndAfterThePublish() throws Exception
    {
        final Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Events.signal(producer, "NIFTY", "test_strategy", "BUY");
        final Instant after = Instant.now();
        awaitHead(1);

        final Instant stamped = Instant.parse((String)monitor.events("").get(0).get("timestamp"));
        assertThat(stamped).isBetween(before, after);
    }

    @Test
    void theGenericPathPublishesAnyTypeWithAnyMembersAndWrapsALoneValue() throws Exception
    {
        try (EventWriter e = producer.claim("custom_metric"))
        {
            e.put("name", "latency").beginObject("figures").put("p99_us", 41.5).end();
        }
        Events.data(producer, EventType.of("custom_note"), "rebalanced");
        awaitHead(2);

        final Map<String, Object> custom = monitor.payloads("?event_type=custom_metric").get(0);
        assertThat(custom).containsEntry("name", "latency");
        assertThat(object(custom, "figures")).containsExactly(entry("p99_us", 41.5));
        assertThat(monitor.payloads("?event_type=custom_note")).containsExactly(Map.of("data", "rebalanced"));
    }
}
