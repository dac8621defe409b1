package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;

/**
 * Walks {@code /api/telemetry/stats} and {@code /metrics} and compares what each shows: every figure in one is in
 * the other, so no figure exists in one and not the other.
 */
class FiguresTest
{
    /** Stats members that are not figures: the reply's status, a list of names, per-client details. */
    private static final Set<String> NOT_FIGURES = Set.of("ok", "event_types", "subscribers");
    /** Labelled metric families and the stats member each is rendered from. */
    private static final Map<String, String> LABELLED = Map.of(
        "tickertape_info", "epoch",
        "tickertape_history_events", "event_counts",
        "tickertape_producer_published_total", "producers[].published",
        "tickertape_producer_dropped_total", "producers[].dropped",
        "tickertape_producer_truncated_total", "producers[].truncated",
        "tickertape_producer_ring_depth", "producers[].depth",
        "tickertape_producer_ring_size", "producers[].ring_size");

    @Test
    @SuppressWarnings("unchecked")
    void shouldShowEveryFigureInBothStatsAndMetrics() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture())
        {
            fixture.publishAndAwait(EventType.ORDER, 3);
            final Map<String, Object> stats = Json.object(fixture.get("/api/telemetry/stats").body());
            final String metrics = fixture.get("/metrics").body();

            // Stats side: every figure's path.
            final Set<String> statsPaths = new TreeSet<>();
            for (final Map.Entry<String, Object> e : stats.entrySet())
            {
                if (NOT_FIGURES.contains(e.getKey()))
                {
                    continue;
                }
                if (e.getValue() instanceof Map && !"event_counts".equals(e.getKey()))
                {
                    for (final String key : ((Map<String, Object>)e.getValue()).keySet())
                    {
                        statsPaths.add(e.getKey() + "." + key);
                    }
                }
                else if (e.getValue() instanceof List)
                {
                    for (final Object producer : (List<Object>)e.getValue())
                    {
                        for (final String key : ((Map<String, Object>)producer).keySet())
                        {
                            if (!"name".equals(key))
                            {
                                statsPaths.add(e.getKey() + "[]." + key);
                            }
                        }
                    }
                }
                else
                {
                    statsPaths.add(e.getKey());
                }
            }

            // Metrics side: every family, by its TYPE line.
            final Set<String> families = new TreeSet<>();
            for (final String line : metrics.split("\n"))
            {
                if (line.startsWith("# TYPE "))
                {
                    assertThat(families.add(line.split(" ")[2])).as("family declared once: %s", line).isTrue();
                }
            }

            // The declared figures: stats path -> metric family.
            final Map<String, String> declared = new HashMap<>();
            for (final BusFigure figure : BusFigure.values())
            {
                declared.put(figure.key(), figure.metric());
            }
            for (final TransportCounter figure : TransportCounter.values())
            {
                declared.put(figure.group().key() + "." + figure.key(), figure.metric());
            }
            for (final Map.Entry<String, String> e : LABELLED.entrySet())
            {
                declared.put(e.getValue(), e.getKey());
            }

            final Set<String> statsWithoutMetric = new TreeSet<>(statsPaths);
            statsWithoutMetric.removeAll(declared.keySet());
            assertThat(statsWithoutMetric).as("stats figures with no metric").isEmpty();

            final Set<String> metricsWithoutStats = new TreeSet<>(families);
            metricsWithoutStats.removeAll(new HashSet<>(declared.values()));
            assertThat(metricsWithoutStats).as("metric families with no stats figure").isEmpty();

            for (final Map.Entry<String, String> e : declared.entrySet())
            {
                assertThat(statsPaths).as("stats shows %s", e.getKey()).contains(e.getKey());
                assertThat(families).as("metrics show %s", e.getValue()).contains(e.getValue());
            }
            assertThat(metrics).contains("tickertape_info{epoch=\"" + fixture.bus.epoch() + "\"} 1");
            assertThat(stats).containsEntry("epoch", fixture.bus.epoch());
        }
    }
}
