package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.ServerFixture;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/telemetry/aggregates}, the aggregates in {@code /stats} and {@code /metrics}. */
class AggregatesRouteTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_796_000_000L * SECOND;

    private final AtomicLong now = new AtomicLong(T0 + SECOND / 2);

    /** 30 symbols; three strategies; orders new, filled and rejected; all in second T0, read at T0 + 10. */
    private TelemetryBus launch(final int maxKeys)
    {
        final TelemetryBus bus = TelemetryBus.launch(new BusContext().aggregateKeys(maxKeys).clock(now::get));
        final Producer execution = bus.producer("execution", 1024);
        final String[] strategies = {"momentum", "mean_reversion", "breakout"};
        final String[] statuses = {"new", "filled", "rejected"};
        for (int i = 0; i < 90; i++)
        {
            try (EventWriter e = Events.beginOrder(execution, "O" + i, "SYM" + (i % 30), "BUY", statuses[i % 3], 1, 1.0))
            {
                e.put("strategy", strategies[i % 3 == 2 ? 2 : i % 2]);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.history().head() >= 90 && bus.aggregates().progress() >= 90);
        now.set(T0 + 10 * SECOND);
        return bus;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> key(final Map<String, Object> reply, final String key)
    {
        return ((List<Map<String, Object>>)reply.get("keys")).stream().filter(k -> k.get("key").equals(key)).findFirst().orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldAnswerCountsRatesAndOrderStatusesPerKey() throws Exception
    {
        try (TelemetryBus bus = launch(64); TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0)))
        {
            final ServerFixture http = new ServerFixture(server.baseUrl());
            final HttpResponse<String> response = http.get("/api/telemetry/aggregates?by=strategy&window=1m");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            final Map<String, Object> reply = Json.object(response.body());
            assertThat(reply).containsEntry("by", "strategy").containsEntry("window", "1m").containsEntry("window_s", 60L)
                .containsEntry("max_keys", 64L).containsEntry("missed", 0L);
            assertThat(((List<Map<String, Object>>)reply.get("keys")).stream().map(k -> k.get("key"))).containsExactly("breakout", "mean_reversion", "momentum");
            // i % 3 == 2 (rejected): breakout, 30; the others alternate momentum (even i) and mean_reversion (odd i).
            assertThat(key(reply, "breakout")).containsEntry("count", 30L).containsEntry("rate", 0.5);
            assertThat((Map<String, Object>)key(reply, "breakout").get("orders")).containsEntry("rejected", 30L).containsEntry("filled", 0L);
            assertThat((Map<String, Object>)key(reply, "momentum").get("orders")).containsEntry("new", 15L).containsEntry("filled", 15L);
            assertThat((Map<String, Object>)reply.get("other")).containsEntry("count", 0L);

            final Map<String, Object> byType = Json.object(http.get("/api/telemetry/aggregates").body());
            assertThat(byType).containsEntry("by", "type").containsEntry("window", "1m");
            assertThat(key(byType, "order_event")).containsEntry("count", 90L);
            assertThat(Json.object(http.get("/api/telemetry/aggregates?window=1s").body()).get("keys")).as("second T0 + 9 had none").asList().isEmpty();
            assertThat(key(Json.object(http.get("/api/telemetry/aggregates?by=source&window=10s").body()), "execution")).containsEntry("count", 90L);

            assertThat((Map<String, Object>)Json.object(http.get("/api/telemetry/stats").body()).get("aggregates"))
                .containsEntry("max_keys", 64L).containsEntry("progress_seq", 90L).containsEntry("missed", 0L).containsEntry("late", 0L);
        }
    }

    @Test
    void shouldSumKeysBeyondTheLimitAsOtherAndKeepMetricsFew() throws Exception
    {
        try (TelemetryBus bus = launch(25); TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0)))
        {
            final ServerFixture http = new ServerFixture(server.baseUrl());
            final Map<String, Object> bySymbol = Json.object(http.get("/api/telemetry/aggregates?by=symbol&window=5m").body());
            assertThat((List<?>)bySymbol.get("keys")).hasSize(25);
            assertThat(bySymbol.get("other")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("count", 15L);

            final String metrics = http.get("/metrics").body();
            assertThat(metrics).contains("tickertape_aggregate_events_1m{by=\"type\",key=\"order_event\"} 90\n")
                .contains("tickertape_aggregate_orders_1m{by=\"strategy\",key=\"breakout\",status=\"rejected\"} 30\n")
                .contains("tickertape_aggregate_events_1m{by=\"symbol\",key=\"other\"} 30\n")
                .contains("tickertape_aggregates_missed_total 0\n");
            assertThat(metrics.lines().filter(l -> l.startsWith("tickertape_aggregate_events_1m{by=\"symbol\"")))
                .as("the 20 most active symbols and other").hasSize(PrometheusMetrics.AGGREGATE_KEYS_SHOWN + 1);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "by=venue|by must be one of type, symbol, strategy, source, got 'venue'",
        "window=2m|window must be one of 1s, 10s, 1m, 5m, got '2m'",
        "window=|window must be one of 1s, 10s, 1m, 5m, got ''",
        "limit=3|unknown parameter 'limit' (/api/telemetry/aggregates takes by, window, token)",
    })
    void shouldRefuseABadGroupingOrWindowSayingWhich(final String query, final String error) throws Exception
    {
        try (TelemetryBus bus = launch(4); TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0)))
        {
            final HttpResponse<String> response = new ServerFixture(server.baseUrl()).get("/api/telemetry/aggregates?" + query);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Json.object(response.body())).containsEntry("error", error);
        }
    }

    @Test
    void shouldSayWhenTheBusKeepsNoAggregates() throws Exception
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext()); TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0)))
        {
            final ServerFixture http = new ServerFixture(server.baseUrl());
            final HttpResponse<String> response = http.get("/api/telemetry/aggregates");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(Json.object(response.body()).get("error")).asString().contains("keeps no aggregates");
            assertThat(Json.object(http.get("/api/telemetry/stats").body())).doesNotContainKey("aggregates");
            assertThat(http.get("/metrics").body()).doesNotContain("tickertape_aggregate");
        }
    }
}
