package io.tickertape.kafka.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Apache Kafka broker in KRaft mode (one node, both broker and controller) inside this process, for
 * trying the hub on one machine with no Kafka installed. It listens on loopback only; its log lives in a directory
 * that outlives the process, so a restart keeps the topic, the records and the hub's committed offsets. Not for
 * production: one node replicates nothing.
 */
public final class EmbeddedKafka implements AutoCloseable
{
    /** Most bytes kept per partition before whole log segments are deleted (the demo would fill a disk otherwise). */
    static final long RETENTION_BYTES = 256L << 20;
    private static final String CONTROLLER = "CONTROLLER";
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path directory;

    private EmbeddedKafka(final KafkaRaftServer server, final String bootstrapServers, final Path directory)
    {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.directory = directory;
    }

    /**
     * Format the directory if it is new, start the broker, wait until it answers and make the topic if it is missing.
     *
     * @param port       the port clients connect to, on 127.0.0.1, or 0 for a free one ({@link #bootstrapServers()} names
     *                   it); the controller takes a free port of its own.
     * @param directory  the broker's log directory, made if missing.
     * @param topic      the topic to make.
     * @param partitions its partitions, if it is made here.
     * @return the running broker.
     * @throws IllegalStateException naming the port or directory when the broker cannot start.
     */
    public static EmbeddedKafka start(final int clientPort, final Path directory, final String topic, final int partitions)
    {
        final String host = InetAddress.getLoopbackAddress().getHostAddress();
        final int port = 0 == clientPort ? freePort(host) : clientPort;
        checkFree(host, port);
        final Path dir = directory.toAbsolutePath();
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot make the embedded Kafka's directory " + dir + ": " + ex, ex);
        }
        if (!Files.isWritable(dir))
        {
            throw new IllegalStateException("the embedded Kafka's directory " + dir + " is not writable");
        }
        final int controllerPort = freePort(host);
        final Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER + "://" + host + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        props.put("controller.listener.names", CONTROLLER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        props.put("log.dirs", dir.toString());
        props.put("num.partitions", Integer.toString(partitions));
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.retention.bytes", Long.toString(RETENTION_BYTES));
        props.put("log.segment.bytes", Long.toString(RETENTION_BYTES / 4));
        final KafkaConfig config = new KafkaConfig(props, false);
        try
        {
            if (!Files.exists(dir.resolve("meta.properties"))) // formatted before: it keeps its cluster, topics, offsets
            {
                format(dir);
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("cannot format the embedded Kafka's directory " + dir + ": " + ex.getMessage(), ex);
        }
        final KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        final EmbeddedKafka kafka = new EmbeddedKafka(server, host + ":" + port, dir);
        try
        {
            server.startup();
            kafka.awaitReady(topic, partitions);
        }
        catch (final RuntimeException ex)
        {
            kafka.close();
            throw new IllegalStateException("the embedded Kafka in " + dir + " did not start: " + ex.getMessage(), ex);
        }
        return kafka;
    }

    private static void format(final Path dir) throws Exception
    {
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
            .setNodeId(NODE_ID)
            .setClusterId(Uuid.randomUuid().toString())
            .addDirectory(dir.toString())
            .setMetadataLogDirectory(dir.toString())
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .setControllerListenerName(CONTROLLER)
            .run();
    }

    private void awaitReady(final String topic, final int partitions)
    {
        final long timeoutMs = READY_TIMEOUT.toMillis();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)timeoutMs)))
        {
            admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            final Set<String> topics = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            if (!topics.contains(topic))
            {
                // Made here, before any exporter sends: a topic made by its first records can refuse the batches
                // of an idempotent producer that raced its creation.
                try
                {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short)1))).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                }
                catch (final ExecutionException ex)
                {
                    if (!(ex.getCause() instanceof TopicExistsException))
                    {
                        throw ex;
                    }
                }
            }
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (!admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS).get(topic)
                .partitions().stream().allMatch(p -> null != p.leader() && p.leader().id() >= 0))
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("the topic " + topic + " has no leader after " + READY_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(50); // a broker-side state with no notification to wait on
            }
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new IllegalStateException("the broker did not answer within " + READY_TIMEOUT.toSeconds() + " s: " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the broker started", ex);
        }
    }

    private static void checkFree(final String host, final int port)
    {
        try (ServerSocket probe = new ServerSocket())
        {
            probe.bind(new InetSocketAddress(host, port));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " for the embedded Kafka (" +
                ex.getMessage() + "): if a broker runs there, use --kafka " + host + ":" + port + " without " +
                "--embedded-kafka, or choose another --embedded-kafka-port", ex);
        }
    }

    private static int freePort(final String host)
    {
        try (ServerSocket probe = new ServerSocket())
        {
            probe.bind(new InetSocketAddress(host, 0));
            return probe.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("no free port on " + host + " for the embedded Kafka: " + ex, ex);
        }
    }

    /** @return the servers a client bootstraps from: {@code 127.0.0.1:<port>}. */
    public String bootstrapServers()
    {
        return bootstrapServers;
    }

    /** @return the broker's log directory. */
    public Path directory()
    {
        return directory;
    }

    /** Stop the broker: it closes its log cleanly, so the next start in the same directory recovers nothing. */
    @Override
    public void close()
    {
        server.shutdown();
        server.awaitShutdown();
    }
}
