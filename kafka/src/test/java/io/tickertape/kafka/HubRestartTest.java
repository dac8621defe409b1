package io.tickertape.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.journal.JournalContext;
import io.tickertape.kafka.hub.EmbeddedKafka;
import io.tickertape.testkit.ServerFixture;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub with a journal stops, and its consumer group is delivered everything again (as after a kill before any
 * commit): the restarted hub continues its epoch, drops every redelivered record by its origin, and a monitor that
 * resumes from its last id sees no reset and no event twice, then the new events once.
 */
class HubRestartTest
{
    private static final String TOPIC = "hub-restart";
    private static final String GROUP = "hub-restart-hub";
    private static final int PARTITIONS = 2;

    static
    {
        KafkaLogLevels.warningsOnly();
    }

    @TempDir
    Path dir;

    @Test
    void shouldResumeItsMonitorsWithoutADuplicateAfterARestart() throws Exception
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        final Path journal = dir.resolve("hub-journal");
        try (EmbeddedKafka broker = EmbeddedKafka.start(port, dir.resolve("kafka"), TOPIC, PARTITIONS);
             TelemetryBus alpha = TelemetryBus.launch(new BusContext().historyCapacity(65_536));
             KafkaExporter exporter = KafkaExporter.start(alpha, new ExporterContext().bootstrapServers(broker.bootstrapServers())
                 .topic(TOPIC).host("alpha")))
        {
            final Producer execution = alpha.producer("execution", 4096);
            publish(execution, 0, 1000);

            final String epoch;
            final String lastId;
            try (TelemetryBus hubBus = hubBus(journal);
                 KafkaHub hub = KafkaHub.start(hubBus, hubContext(broker));
                 TelemetryServer server = TelemetryServer.start(hubBus, new ServerContext().port(0));
                 SseClient monitor = new ServerFixture(server.baseUrl()).stream("/api/telemetry/stream?last_event_id=" + hubBus.epoch() + "-0"))
            {
                final List<SseEvent> seen = monitor.awaitEvents(SseEvent.MESSAGE, 1000, Duration.ofSeconds(60));
                assertThat(payloadNumbers(seen)).isEqualTo(range(0, 1000));
                epoch = hubBus.epoch();
                lastId = seen.get(seen.size() - 1).id();
            }

            rewind(broker); // everything comes again, as to a hub killed before it committed anything

            try (TelemetryBus hubBus = hubBus(journal);
                 KafkaHub hub = KafkaHub.start(hubBus, hubContext(broker));
                 TelemetryServer server = TelemetryServer.start(hubBus, new ServerContext().port(0));
                 SseClient monitor = new ServerFixture(server.baseUrl()).stream("/api/telemetry/stream",
                     Map.of("Last-Event-ID", lastId)))
            {
                assertThat(hubBus.epoch()).isEqualTo(epoch);
                await().atMost(Duration.ofSeconds(60)).until(() -> hub.duplicates() == 1000);
                publish(execution, 1000, 500);
                final List<SseEvent> seen = monitor.awaitEvents(SseEvent.MESSAGE, 500, Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).until(() -> hub.relayed() == 500);
                assertThat(payloadNumbers(monitor.events(SseEvent.MESSAGE))).isEqualTo(range(1000, 1500));
                assertThat(seen.get(0).json().get("seq")).as("the hub's sequence continues").isEqualTo(1001L);
                assertThat(monitor.events("reset")).isEmpty();
                assertThat(monitor.events("gap")).isEmpty();
                assertThat(hub.duplicates()).isEqualTo(1000);
            }
        }
    }

    private static TelemetryBus hubBus(final Path journal)
    {
        return TelemetryBus.launch(new BusContext().historyCapacity(4096).journal(new JournalContext().directory(journal)));
    }

    private static HubContext hubContext(final EmbeddedKafka broker)
    {
        return new HubContext().bootstrapServers(broker.bootstrapServers()).topic(TOPIC).groupId(GROUP);
    }

    /** Set the group's committed offsets back to the start of every partition (the group has no member now). */
    private static void rewind(final EmbeddedKafka broker) throws Exception
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers())))
        {
            final Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++)
            {
                start.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets(GROUP, start).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void publish(final Producer producer, final int first, final int count)
    {
        for (int n = first; n < first + count; n++)
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
    }

    @SuppressWarnings("unchecked")
    private static List<Long> payloadNumbers(final List<SseEvent> events)
    {
        return events.stream().map(e -> (Long)((Map<String, Object>)e.json().get("payload")).get("n")).sorted().toList();
    }

    private static List<Long> range(final long from, final long to)
    {
        return LongStream.range(from, to).boxed().toList();
    }
}
