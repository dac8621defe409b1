package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.tickertape.bus.BusContext;
import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;

/**
 * A section of figures added to the server (as the Kafka exporter and hub add theirs) is shown in the stats and the
 * metrics, as it is at each request.
 */
class StatsSectionTest
{
    private final AtomicLong sent = new AtomicLong();

    private final StatsSection section = new StatsSection()
    {
        @Override
        public String name()
        {
            return "kafka_test";
        }

        @Override
        public void figures(final SectionFigures out)
        {
            out.counter("sent", "Records sent.", sent.get())
                .gauge("lag", "Records behind.", 2.5)
                .text("state", "connected")
                .text("error", null);
            out.row("hosts", "host", "alpha").counter("events", "Events from a host.", 7).text("last_seen", "now");
            out.row("hosts", "host", "be\"ta").counter("events", "Events from a host.", 9).text("last_seen", "then");
        }
    };

    @Test
    @SuppressWarnings("unchecked")
    void shouldShowASectionInTheStatsAndTheMetrics() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture(
            new BusContext().historyCapacity(100), new ServerContext().statsSection(section)))
        {
            sent.set(41);
            final Map<String, Object> stats = Json.object(fixture.get("/api/telemetry/stats").body());
            final Map<String, Object> own = (Map<String, Object>)stats.get("kafka_test");
            assertThat(own).containsEntry("sent", 41L).containsEntry("lag", 2.5).containsEntry("state", "connected")
                .containsEntry("error", null);
            assertThat((List<Object>)own.get("hosts")).containsExactly(
                Map.of("host", "alpha", "events", 7L, "last_seen", "now"),
                Map.of("host", "be\"ta", "events", 9L, "last_seen", "then"));

            sent.set(42);
            final String metrics = fixture.get("/metrics").body();
            assertThat(metrics).contains(
                "# TYPE tickertape_kafka_test_sent_total counter\ntickertape_kafka_test_sent_total 42\n",
                "# TYPE tickertape_kafka_test_lag gauge\ntickertape_kafka_test_lag 2.5\n",
                "# TYPE tickertape_kafka_test_hosts_events_total counter\n" +
                    "tickertape_kafka_test_hosts_events_total{host=\"alpha\"} 7\n" +
                    "tickertape_kafka_test_hosts_events_total{host=\"be\\\"ta\"} 9\n");
            assertThat(metrics).doesNotContain("connected").doesNotContain("last_seen");
        }
    }

    @Test
    void shouldRefuseABadOrTakenName()
    {
        final ServerContext context = new ServerContext().statsSection(section);
        assertThatThrownBy(() -> context.statsSection(section))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists already");
        final StatsSection bad = new StatsSection()
        {
            @Override
            public String name()
            {
                return "Kafka-Exporter";
            }

            @Override
            public void figures(final SectionFigures out)
            {
            }
        };
        assertThatThrownBy(() -> new ServerContext().statsSection(bad))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Kafka-Exporter");
    }
}
