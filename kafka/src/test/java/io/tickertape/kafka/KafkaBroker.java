package io.tickertape.kafka;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A single-node Kafka 4.4 cluster in KRaft mode (one combined broker and controller), in the test's JVM. */
final class KafkaBroker implements AutoCloseable
{
    /** Kafka's broker and clients log every configuration at INFO: warnings are enough in a test's output. */
    private static final List<Logger> QUIET = Stream.of("org.apache.kafka", "kafka", "state.change.logger")
        .map(Logger::getLogger).peek(logger -> logger.setLevel(Level.WARNING)).toList();

    private final KafkaClusterTestKit cluster;

    KafkaBroker() throws Exception
    {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("num.partitions", "4")
            .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    /** Make a topic and wait until the broker leads all its partitions (rather than leave it to auto-creation). */
    void createTopic(final String name, final int partitions) throws Exception
    {
        try (Admin admin = cluster.admin())
        {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short)1))).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(name)).allTopicNames()
                .get().get(name).partitions().stream().allMatch(p -> null != p.leader() && p.leader().id() >= 0));
        }
    }

    String bootstrapServers()
    {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception
    {
        cluster.close();
    }
}
