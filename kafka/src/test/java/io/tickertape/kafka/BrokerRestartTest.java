package io.tickertape.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.TypeFilter;
import io.tickertape.kafka.hub.EmbeddedKafka;
import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops mid-run and comes back on the same port and log: the exporter reconnects and catches up; what its
 * small history overwrote meanwhile is a counted hole that the hub's monitors see as a {@code host_gap} for that
 * host; every other event arrives once.
 */
class BrokerRestartTest
{
    private static final String TOPIC = "restart-test";
    private static final int HISTORY = 1024;

    static
    {
        KafkaLogLevels.warningsOnly();
    }

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void shouldCatchUpAfterTheBrokerComesBackAndReportWhatWasLappedAsAGap() throws Exception
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        EmbeddedKafka broker = EmbeddedKafka.start(port, dir, TOPIC, 2);
        try (TelemetryBus alpha = TelemetryBus.launch(new BusContext().historyCapacity(HISTORY));
             TelemetryBus hubBus = TelemetryBus.launch(new BusContext().historyCapacity(65_536));
             // A small in-flight bound: with the broker away the exporter stops reading, and the history laps it.
             KafkaExporter exporter = KafkaExporter.start(alpha, new ExporterContext().bootstrapServers(broker.bootstrapServers())
                 .topic(TOPIC).host("alpha").maxInFlight(200));
             KafkaHub hub = KafkaHub.start(hubBus, new HubContext().bootstrapServers(broker.bootstrapServers()).topic(TOPIC)
                 .groupId("restart-test-hub")))
        {
            final Producer execution = alpha.producer("execution", 4096);
            publish(alpha, execution, 500);
            await().atMost(Duration.ofSeconds(60)).until(() -> hub.relayed() == 500);

            broker.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> !exporter.isConnected());
            publish(alpha, execution, 5 * HISTORY);
            // The exporter stopped reading at its in-flight bound; it finds the hole when it reads again (asserted below).

            broker = EmbeddedKafka.start(port, dir, TOPIC, 2);
            publish(alpha, execution, 500);
            final long last = alpha.history().head();
            await().atMost(Duration.ofSeconds(120)).until(() -> hub.relayed() + hub.holes() >= last);
            Collected.awaitAll(hubBus);

            // Every sequence of alpha's bus is either relayed once or inside a gap the hub reported, never both.
            final BitSet relayed = new BitSet();
            final BitSet missed = new BitSet();
            final List<Long> duplicates = new ArrayList<>();
            hubBus.history().after(0, TypeFilter.ALL, Integer.MAX_VALUE, new HistoryRecord(hubBus.history()), r ->
            {
                final Map<String, Object> event = Json.object(r.json());
                final Map<String, Object> payload = (Map<String, Object>)event.get("payload");
                if ("host_gap".equals(event.get("type")))
                {
                    assertThat(payload).containsEntry("host", "alpha").containsEntry("epoch", alpha.epoch());
                    missed.set((int)(long)(Long)payload.get("from_seq"), (int)(long)(Long)payload.get("to_seq") + 1);
                    return true;
                }
                final int seq = (int)(long)(Long)((Map<String, Object>)event.get("origin")).get("seq");
                if (relayed.get(seq))
                {
                    duplicates.add((long)seq);
                }
                relayed.set(seq);
                return true;
            });
            assertThat(duplicates).isEmpty();
            assertThat(relayed.intersects(missed)).isFalse();
            final BitSet all = (BitSet)relayed.clone();
            all.or(missed);
            assertThat(all.nextClearBit(1)).as("every sequence accounted for").isEqualTo((int)last + 1);
            assertThat((long)missed.cardinality()).isEqualTo(exporter.holes()).isEqualTo(hub.holes()).isPositive();
            assertThat(relayed.get((int)last)).as("the events after the restart arrived").isTrue();
            assertThat(exporter.isConnected()).isTrue();
        }
        finally
        {
            broker.close();
        }
    }

    /** Publish events without losing any to a full ring (the test wants the history, not the ring, to drop). */
    private static void publish(final TelemetryBus bus, final Producer producer, final int count)
    {
        final long target = bus.history().head() + count;
        for (int n = 0; n < count; n++)
        {
            while (producer.depth() >= producer.ringSize() - 1)
            {
                Thread.onSpinWait();
            }
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                e.put("n", n).put("symbol", "NIFTY").put("status", "new");
            }
        }
        producer.releaseOwnership();
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.history().head() >= target);
    }
}
