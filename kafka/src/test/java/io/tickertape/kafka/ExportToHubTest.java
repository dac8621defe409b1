package io.tickertape.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.ProducerStats;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.TypeFilter;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.testkit.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two buses export to a real broker (in this JVM), one hub gathers them: every event of both arrives once, in each
 * producer's order, with its origin; records that are not ours are skipped and counted; the figures show each host.
 */
class ExportToHubTest
{
    private static final String UNSEEN_TYPE = "type_of_a_record_not_ours";
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception
    {
        broker = new KafkaBroker();
    }

    @AfterAll
    static void stopBroker() throws Exception
    {
        broker.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRelayEveryEventOfTwoHostsOnceInOrderWithItsOrigin() throws Exception
    {
        final String topic = "relay-test";
        final int perProducer = 2_000;
        broker.createTopic(topic, 4);
        try (TelemetryBus alpha = TelemetryBus.launch(new BusContext().historyCapacity(65_536));
            TelemetryBus beta = TelemetryBus.launch(new BusContext().historyCapacity(65_536));
            TelemetryBus hubBus = TelemetryBus.launch(new BusContext().historyCapacity(65_536));
            KafkaExporter alphaOut = KafkaExporter.start(alpha, exporter("alpha", topic));
            KafkaExporter betaOut = KafkaExporter.start(beta, exporter("beta", topic));
            KafkaHub hub = KafkaHub.start(hubBus, new HubContext().bootstrapServers(broker.bootstrapServers()).topic(topic)
                .groupId("relay-test-hub")))
        {
            publish(alpha.producer("execution", 4096), perProducer, "NIFTY");
            publish(alpha.producer("strategy", 4096), perProducer, "BANKNIFTY");
            publish(beta.producer("execution", 4096), perProducer, "RELIANCE");
            publishBad(topic);

            await().atMost(Duration.ofSeconds(60)).until(() -> hub.relayed() == 3L * perProducer);
            Collected.awaitAll(hubBus);
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.rejected() == 3);
            assertThat(EventType.find(UNSEEN_TYPE)).as("the type of a record skipped as not ours, not registered").isNull();

            final Map<String, List<Long>> originSeqs = new HashMap<>();
            final Map<String, List<Long>> counters = new HashMap<>();
            hubBus.history().after(0, TypeFilter.ALL, Integer.MAX_VALUE, new HistoryRecord(hubBus.history()), r ->
            {
                final Map<String, Object> event = Json.object(r.json());
                final Map<String, Object> origin = (Map<String, Object>)event.get("origin");
                final String key = origin.get("host") + "/" + event.get("source");
                originSeqs.computeIfAbsent(key, k -> new ArrayList<>()).add((Long)origin.get("seq"));
                counters.computeIfAbsent(key, k -> new ArrayList<>())
                    .add((Long)((Map<String, Object>)event.get("payload")).get("n"));
                assertThat(origin.get("epoch")).isEqualTo("alpha".equals(origin.get("host")) ? alpha.epoch() : beta.epoch());
                return true;
            });
            assertThat(originSeqs.keySet()).containsExactlyInAnyOrder("alpha/execution", "alpha/strategy", "beta/execution");
            for (final String key : originSeqs.keySet())
            {
                assertThat(originSeqs.get(key)).as(key).hasSize(perProducer).isSorted().doesNotHaveDuplicates();
                final List<Long> expected = new ArrayList<>();
                for (long n = 0; n < perProducer; n++)
                {
                    expected.add(n);
                }
                assertThat(counters.get(key)).as(key).isEqualTo(expected);
            }
            assertThat(hub.duplicates()).isZero();
            assertThat(alphaOut.holes() + betaOut.holes()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> alphaOut.acknowledged() == 2L * perProducer);
            assertThat(alphaOut.failed()).isZero();
            assertThat(alphaOut.isConnected()).isTrue();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldLetAnIdleRelayGoAndStillDropALateDuplicate() throws Exception
    {
        final String topic = "idle-relay";
        broker.createTopic(topic, 1);
        try (TelemetryBus alpha = TelemetryBus.launch(new BusContext().historyCapacity(4096));
            TelemetryBus hubBus = TelemetryBus.launch(new BusContext().historyCapacity(4096));
            KafkaExporter out = KafkaExporter.start(alpha, exporter("alpha", topic));
            KafkaHub hub = KafkaHub.start(hubBus, new HubContext().bootstrapServers(broker.bootstrapServers()).topic(topic)
                .groupId("idle-relay-hub").relayIdleTimeout(Duration.ofMillis(300))))
        {
            final Producer execution = alpha.producer("execution", 1024);
            publish(execution, 100, "NIFTY");
            await().atMost(Duration.ofSeconds(60)).until(() -> hub.relayed() == 100);
            await("the idle relay let go").atMost(Duration.ofSeconds(10)).until(() -> hub.relaysReleased() == 1 && hub.relaysOpen() == 0);
            assertThat(hubBus.stats().producers()).extracting(ProducerStats::name).noneMatch(n -> n.startsWith("alpha/"));

            // The 50th event again, as a redelivery would bring it: dropped by the sequence the released relay left.
            final String json = eventJson(alpha, 50);
            assertThat(json).contains("\"seq\":50,");
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer()))
            {
                final ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(topic, utf8("alpha/execution"), utf8(json));
                again.headers().add("host", utf8("alpha")).add("epoch", utf8(alpha.epoch())).add("seq", utf8("50"))
                    .add("type", utf8("order_event"));
                p.send(again).get();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.duplicates() == 1);

            publish(execution, 100, "NIFTY"); // the origin sends again: a relay again, continuing
            await().atMost(Duration.ofSeconds(60)).until(() -> hub.relayed() == 200);
            Collected.awaitAll(hubBus);
            final List<Long> originSeqs = new ArrayList<>();
            hubBus.history().after(0, TypeFilter.ALL, Integer.MAX_VALUE, new HistoryRecord(hubBus.history()), r ->
            {
                originSeqs.add((Long)((Map<String, Object>)Json.object(r.json()).get("origin")).get("seq"));
                return true;
            });
            assertThat(originSeqs).hasSize(200).isSorted().doesNotHaveDuplicates();
            assertThat(hub.duplicates()).isEqualTo(1);
            assertThat(out.holes()).isZero();
        }
    }

    private static String eventJson(final TelemetryBus bus, final long seq)
    {
        final String[] json = new String[1];
        bus.history().after(seq - 1, TypeFilter.ALL, 1, new HistoryRecord(bus.history()), r ->
        {
            json[0] = r.json();
            return true;
        });
        return json[0];
    }

    @Test
    void shouldSendWhatTheHistoryHoldsBeforeItClosesAndCallTheRestAHole() throws Exception
    {
        final String topic = "close-test";
        final int count = 100_000;
        broker.createTopic(topic, 2);
        final long holes;
        try (TelemetryBus alpha = TelemetryBus.launch(new BusContext().historyCapacity(1 << 18)))
        {
            final KafkaExporter out = KafkaExporter.start(alpha, exporter("alpha", topic));
            await().atMost(Duration.ofSeconds(30)).until(out::isConnected);
            publish(alpha.producer("execution", 4096), count, "NIFTY");
            await().atMost(Duration.ofSeconds(10)).until(() -> alpha.history().head() == count);
            assertThat(out.lag()).as("unread when closed (the exporter is slower than publishing)").isPositive();
            out.close();
            holes = out.holes();
        }
        // On the topic: every event, each once, or a gap record for it.
        final Map<String, Object> properties = Map.of("bootstrap.servers", broker.bootstrapServers());
        long events = 0;
        long gaps = 0;
        final BitSet seqs = new BitSet(count + 1);
        try (KafkaConsumer<byte[], byte[]> in = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()))
        {
            final List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            in.assign(partitions);
            in.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (events + gaps < count && System.nanoTime() < deadline)
            {
                for (final ConsumerRecord<byte[], byte[]> r : in.poll(Duration.ofMillis(200)))
                {
                    final String gap = KafkaRecords.text(r.headers(), KafkaRecords.GAP);
                    if (null == gap)
                    {
                        events++;
                        seqs.set((int)Long.parseLong(KafkaRecords.text(r.headers(), KafkaRecords.SEQ)));
                    }
                    else
                    {
                        final String[] range = gap.split("-");
                        gaps += Long.parseLong(range[1]) - Long.parseLong(range[0]) + 1;
                    }
                }
            }
        }
        assertThat(events + gaps).as("events sent (" + events + ") and those a gap record names (" + gaps + ")").isEqualTo(count);
        assertThat(seqs.cardinality()).as("each event once").isEqualTo(events);
        assertThat(gaps).as("the exporter's holes").isEqualTo(holes);
        // With the broker there, closing had time to send all of them (the exporter sends about 100,000 a second here).
        assertThat(holes).as("events closing could not send").isZero();
    }

    @Test
    void shouldKeepTheFiguresOfAtMostTheHostsItIsToldForgettingTheQuietest() throws Exception
    {
        final String topic = "hosts-max";
        broker.createTopic(topic, 1);
        try (TelemetryBus hubBus = TelemetryBus.launch(new BusContext().historyCapacity(4096));
            KafkaHub hub = KafkaHub.start(hubBus, new HubContext().bootstrapServers(broker.bootstrapServers()).topic(topic)
                .groupId("hosts-max-hub").relayIdleTimeout(Duration.ofMillis(300)).hostsMax(2)))
        {
            int relayed = 0;
            for (final String host : List.of("h1", "h2", "h3"))
            {
                try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1024));
                    KafkaExporter out = KafkaExporter.start(bus, exporter(host, topic)))
                {
                    publish(bus.producer("execution", 256), 10, "NIFTY");
                    relayed += 10;
                    final int expected = relayed;
                    await().atMost(Duration.ofSeconds(60)).until(() -> hub.relayed() == expected);
                }
                if ("h1".equals(host))
                {
                    await("h1's relay let go").atMost(Duration.ofSeconds(10)).until(() -> hub.relaysOpen() == 0);
                }
            }
            assertThat(hub.hostNames()).as("h1, quietest with no relay open, forgotten").containsExactlyInAnyOrder("h2", "h3");
        }
    }

    @Test
    void shouldSayWhenItsConsumerStopsOnItsOwn() throws Exception
    {
        final String topic = "hub-fails";
        broker.createTopic(topic, 1);
        final TelemetryBus hubBus = TelemetryBus.launch(new BusContext().historyCapacity(4096));
        try (TelemetryBus alpha = TelemetryBus.launch(new BusContext().historyCapacity(4096));
            KafkaExporter out = KafkaExporter.start(alpha, exporter("alpha", topic));
            KafkaHub hub = KafkaHub.start(hubBus, new HubContext().bootstrapServers(broker.bootstrapServers()).topic(topic)
                .groupId("hub-fails-hub")))
        {
            final CountDownLatch failed = new CountDownLatch(1);
            hub.whenFailed(failed::countDown);
            publish(alpha.producer("execution", 256), 10, "NIFTY");
            await().atMost(Duration.ofSeconds(60)).until(() -> hub.relayed() == 10);
            assertThat(hub.failure()).isNull();

            hubBus.close(); // what the hub relays into is gone: it cannot go on
            publish(alpha.producer("strategy", 256), 10, "NIFTY");
            assertThat(failed.await(60, TimeUnit.SECONDS)).as("told that the consumer stopped").isTrue();
            assertThat(hub.failure()).isNotNull();
            final CountDownLatch late = new CountDownLatch(1);
            hub.whenFailed(late::countDown);
            assertThat(late.getCount()).as("an action given after the failure runs at once").isZero();
        }
    }

    @Test
    void shouldCloseWithinSecondsWhenNoBrokerEverAnswered()
    {
        try (TelemetryBus alpha = TelemetryBus.launch(new BusContext().historyCapacity(1024)))
        {
            final KafkaExporter out = KafkaExporter.start(alpha, new ExporterContext().bootstrapServers("127.0.0.1:1").host("alpha"));
            publish(alpha.producer("execution", 256), 100, "NIFTY");
            await().atMost(Duration.ofSeconds(10)).until(() -> out.sent() == 1); // its first send waits for the topic's metadata
            final long began = System.nanoTime();
            out.close();
            assertThat(Duration.ofNanos(System.nanoTime() - began)).as("closing (a send waits up to a minute)")
                .isLessThan(Duration.ofSeconds(5));
            assertThat(out.failed()).as("the waiting send, given up on").isPositive();
            assertThat(out.failed() + out.holes()).as("every event counted, failed or a hole").isGreaterThanOrEqualTo(100);
            assertThat(out.acknowledged()).isZero();
            assertThat(out.lag()).isZero();
        }
    }

    @Test
    void shouldFailClearlyWhenNoBrokerAnswers()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(16)))
        {
            assertThatThrownBy(() -> KafkaHub.start(bus, new HubContext().bootstrapServers("127.0.0.1:1")
                .startTimeout(Duration.ofSeconds(2))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Kafka broker answered at 127.0.0.1:1 within 2 s");
        }
    }

    private static ExporterContext exporter(final String host, final String topic)
    {
        return new ExporterContext().bootstrapServers(broker.bootstrapServers()).topic(topic).host(host);
    }

    private static void publish(final Producer producer, final int count, final String symbol)
    {
        for (int n = 0; n < count; n++)
        {
            while (producer.depth() >= producer.ringSize() - 1)
            {
                Thread.onSpinWait();
            }
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                e.put("n", n).put("symbol", symbol).put("price", 100.05).beginObject("meta").put("ok", true).end();
            }
        }
        producer.releaseOwnership();
    }

    /** Three records that are not ours: no headers; a key that does not match; a value that is not JSON. */
    private static void publishBad(final String topic) throws Exception
    {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(
            Map.of("bootstrap.servers", broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer()))
        {
            p.send(new ProducerRecord<>(topic, utf8("x"), utf8("{}"))).get();
            final ProducerRecord<byte[], byte[]> wrongKey = new ProducerRecord<>(topic, utf8("gamma/other"),
                utf8("{\"seq\":1,\"type\":\"order_event\",\"timestamp\":\"2026-01-01T00:00:00.000000Z\",\"source\":\"x\",\"payload\":{}}"));
            wrongKey.headers().add("host", utf8("gamma")).add("epoch", utf8("e1")).add("seq", utf8("1")).add("type", utf8(UNSEEN_TYPE));
            p.send(wrongKey).get();
            final ProducerRecord<byte[], byte[]> notJson = new ProducerRecord<>(topic, utf8("gamma/x"), utf8("{\"source\":\"x\",nope"));
            headers(notJson);
            p.send(notJson).get();
        }
    }

    private static void headers(final ProducerRecord<byte[], byte[]> record)
    {
        record.headers().add("host", utf8("gamma")).add("epoch", utf8("e1")).add("seq", utf8("1")).add("type", utf8("order_event"));
    }

    private static byte[] utf8(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
