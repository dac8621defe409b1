package io.tickertape.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.tickertape.bus.ErrorLog;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.IsoTimestamp;
import io.tickertape.bus.Origin;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.journal.JournalWriter;
import io.tickertape.transport.SectionFigures;
import io.tickertape.transport.StatsSection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Gathers the events of many hosts into one bus: a Kafka consumer (in a consumer group, with committed offsets)
 * of the topic that {@link KafkaExporter}s write, relaying each event into the hub's own bus through a relay per
 * host, producer and epoch ({@link TelemetryBus#relay}). The hub's bus gives the events its own epoch and
 * sequence, and each keeps its origin (host, source, epoch, seq) in its JSON; a server on that bus serves them as a
 * single host's are served.
 * <p>
 * A record redelivered (an exporter's retry, a rebalance) is dropped by its origin's epoch and sequence, and
 * counted. A gap record (events a host's exporter never read) becomes a {@code host_gap} event in the hub's stream
 * and counts as that host's holes. A record that is not Tickertape's (no or bad headers, a key that does not match
 * them, a value that is not an event's JSON) is skipped and counted, and each kind is logged once; nothing on the
 * topic can stop the hub. When a relay's ring is full the hub waits for the collector (it is no publisher's hot
 * path): Kafka keeps what the hub has not read yet. Its figures, with a row per host, are a {@link StatsSection},
 * {@code kafka_hub}.
 * <p>
 * Offsets are committed only once what they cover is in the hub's history, and in its journal when its bus keeps
 * one. A hub with a journal survives a restart (or a kill) whole: its bus continues its epoch and sequence, it reads
 * back from the journal the last origin sequence it relayed of each host, producer and epoch ({@code HubResume}),
 * and drops what the consumer group delivers again from the last commit on, so its monitors resume without a
 * {@code reset} and see no event twice.
 */
public final class KafkaHub implements AutoCloseable, StatsSection
{
    /** The type of the event a host's hole becomes on the hub. */
    public static final EventType HOST_GAP = EventType.of("host_gap");
    private static final System.Logger LOG = System.getLogger("io.tickertape.kafka");
    private static final Duration POLL = Duration.ofMillis(100);
    /** Longest wait for relayed events to reach the history (and journal) before a commit. */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Offsets are committed at most this often (and when partitions are revoked, and on close). */
    private static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final String GAP_SOURCE = "kafka_exporter";

    private final TelemetryBus bus;
    private final HubContext context;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Metric connections;
    private final Metric recordsLag;
    private final ErrorLog errors;
    private final EventJson json = new EventJson();
    private final Map<Origin, Relay> relays = new HashMap<>();
    /** The last sequence relayed for each origin whose relay was let go (idle): a late duplicate is still dropped. */
    private final ReleasedOrigins released = new ReleasedOrigins(ReleasedOrigins.LIMIT_DEFAULT);
    private final JournalWriter journal;
    private final Map<Origin, Long> resumed;
    private final Map<String, HostFigures> hosts = new ConcurrentHashMap<>();
    private final AtomicLong commitErrors = new AtomicLong();
    /**
     * For each partition this hub reads, the offset after the last record it has handled (relayed, dropped as a
     * duplicate, or skipped): what a commit covers, never a record polled but not yet handled. Consumer thread only
     * (the rebalance listener runs on it, inside {@code poll}).
     */
    private final Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Completed, with why, once the consumer thread stops on its own (an error it cannot go on from). */
    private final CompletableFuture<Throwable> failed = new CompletableFuture<>();
    private volatile long consumed;
    private volatile long relayed;
    private volatile long duplicates;
    private volatile long relaysReleased;
    private volatile int relaysOpen;
    private volatile long rejected;
    private volatile long holes;

    /** One relay and the last origin sequence it passed on. */
    private static final class Relay
    {
        final Producer producer;
        final HostFigures host;
        long lastSeq = Long.MIN_VALUE;
        /** When it last relayed an event (or was made). */
        long lastEventNanos = System.nanoTime();

        Relay(final Producer producer, final HostFigures host)
        {
            this.producer = producer;
            this.host = host;
        }
    }

    private KafkaHub(final TelemetryBus bus, final HubContext context)
    {
        this.bus = bus;
        this.context = context;
        this.journal = bus.journal();
        this.resumed = null == journal ? Map.of() : HubResume.read(journal.directory());
        this.errors = new ErrorLog(error -> LOG.log(System.Logger.Level.WARNING,
            "Kafka hub: " + error.getMessage() + " (each distinct kind is logged once, every one counted)"));
        try
        {
            this.consumer = new KafkaConsumer<>(consumerProperties(context), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        catch (final KafkaException ex)
        {
            throw KafkaClients.refused("cannot make the Kafka consumer for " + context.bootstrapServers(), ex);
        }
        this.connections = KafkaClients.metric(consumer.metrics(), "connection-count");
        this.recordsLag = KafkaClients.metric(consumer.metrics(), "records-lag-max");
        this.thread = new Thread(this::run, "tickertape-kafka-hub");
        this.thread.setDaemon(true);
    }

    /**
     * Wait (up to {@link HubContext#startTimeout(Duration)}) for a broker to answer, then consume the topic into the
     * bus on a thread named {@code tickertape-kafka-hub}.
     *
     * @param bus     the hub's bus.
     * @param context the configuration; concluded here.
     * @return the running hub.
     * @throws IllegalArgumentException if the configuration is invalid, or a Kafka client refuses it (a client
     *                                  property it does not take, no bootstrap host that resolves).
     * @throws IllegalStateException    if no broker answered in time, naming the servers tried.
     */
    public static KafkaHub start(final TelemetryBus bus, final HubContext context)
    {
        context.conclude();
        awaitBroker(context);
        final KafkaHub hub = new KafkaHub(bus, context);
        hub.consumer.subscribe(List.of(context.topic()), hub.new Rebalance());
        hub.thread.start();
        return hub;
    }

    private static void awaitBroker(final HubContext context)
    {
        final long timeoutMs = context.startTimeout().toMillis();
        final Map<String, Object> p = new HashMap<>(context.properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)Math.min(Integer.MAX_VALUE, timeoutMs));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)Math.min(Integer.MAX_VALUE, timeoutMs));
        try (Admin admin = Admin.create(p))
        {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int)Math.min(Integer.MAX_VALUE, timeoutMs)))
                .nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new IllegalStateException("no Kafka broker answered at " + context.bootstrapServers() + " within " +
                context.startTimeout().toSeconds() + " s", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a Kafka broker at " + context.bootstrapServers(), ex);
        }
        catch (final KafkaException ex)
        {
            // A bootstrap list none of whose hosts resolves, or a client property Kafka refuses.
            throw KafkaClients.refused("cannot make a Kafka client for " + context.bootstrapServers(), ex);
        }
    }

    /** Read the consumer's properties as the Kafka consumer will, without making one: what it refuses is an IAE. */
    static void checkConsumerProperties(final HubContext context)
    {
        try
        {
            final Map<String, Object> p = consumerProperties(context);
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            new ConsumerConfig(p, false)
            {
            };
        }
        catch (final KafkaException ex)
        {
            throw KafkaClients.refused("the Kafka consumer refuses its options", ex);
        }
    }

    private static Map<String, Object> consumerProperties(final HubContext context)
    {
        final Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tickertape-hub");
        p.putAll(context.properties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, context.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }

    /** Commits what was relayed before partitions go to another hub of the group. */
    private final class Rebalance implements ConsumerRebalanceListener
    {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions)
        {
            commitNow();
            handled.keySet().removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions)
        {
            handled.keySet().removeAll(partitions); // another member has them already: nothing of theirs to commit
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions)
        {
        }
    }

    private void run()
    {
        long lastRate = System.nanoTime();
        long lastCommit = lastRate;
        boolean uncommitted = false;
        Throwable failure = null;
        try
        {
            while (running)
            {
                final ConsumerRecords<byte[], byte[]> records;
                try
                {
                    records = consumer.poll(POLL);
                }
                catch (final RetriableException ex)
                {
                    errors.record(ex); // the broker or the network, for a moment: poll again
                    LockSupport.parkNanos(POLL.toNanos());
                    continue;
                }
                if (!handleAll(records))
                {
                    break; // closing while a relay's ring is full: what was not handled is not committed
                }
                uncommitted |= !records.isEmpty();
                // Commits are spaced: waiting for the collector (and journal) to settle after every poll would add
                // that wait to every event's way to the monitors. What a hub killed between commits delivers again
                // is dropped as a duplicate.
                if (uncommitted && System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NANOS && settled())
                {
                    consumer.commitAsync(new HashMap<>(handled), (offsets, ex) ->
                    {
                        if (null != ex)
                        {
                            commitErrors.incrementAndGet();
                            errors.record(ex);
                        }
                    });
                    uncommitted = false;
                    lastCommit = System.nanoTime();
                }
                final long now = System.nanoTime();
                if (now - lastRate >= 1_000_000_000L)
                {
                    for (final HostFigures host : hosts.values())
                    {
                        host.updateRate((now - lastRate) / 1e9);
                    }
                    lastRate = now;
                    releaseIdleRelays(now);
                }
            }
        }
        catch (final WakeupException ex)
        {
            // close() woke the consumer: commit and stop
        }
        catch (final RuntimeException | Error ex)
        {
            failure = ex;
            errors.record(ex);
            LOG.log(System.Logger.Level.ERROR, "Kafka hub stopped consuming", ex);
        }
        finally
        {
            try
            {
                commitNow(); // only what was handled
                consumer.close(Duration.ofSeconds(5));
            }
            finally
            {
                if (running && null == failure)
                {
                    failure = new IllegalStateException("the Kafka hub's consumer stopped");
                }
                if (null != failure)
                {
                    failed.complete(failure); // runs the actions given to whenFailed
                }
            }
        }
    }

    /**
     * Handle the records of a poll, partition by partition, each partition's in order, and note how far each
     * partition was handled.
     *
     * @return false if the hub is closing and a record could not be relayed: it and the rest are left unhandled.
     */
    private boolean handleAll(final ConsumerRecords<byte[], byte[]> records)
    {
        for (final TopicPartition partition : records.partitions())
        {
            ConsumerRecord<byte[], byte[]> last = null;
            boolean stopped = false;
            for (final ConsumerRecord<byte[], byte[]> record : records.records(partition))
            {
                if (!handle(record))
                {
                    stopped = true;
                    break;
                }
                last = record;
            }
            if (null != last)
            {
                // With the leader epoch of the last record handled, as the consumer's own positions carry it: a
                // restarted consumer can then tell a log truncated under it (an unclean leader election).
                handled.put(partition, new OffsetAndMetadata(last.offset() + 1, last.leaderEpoch(), ""));
            }
            if (stopped)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Run an action once if the consumer stops on its own (an error it cannot go on from, logged and counted), not by
     * {@link #close()}: a program whose work is consuming exits, and its supervisor starts it again (it resumes from
     * its committed offsets). If it has stopped so already, the action runs now.
     *
     * @param action what to run, on the consumer's thread (or this one).
     */
    public void whenFailed(final Runnable action)
    {
        failed.thenRun(action);
    }

    /** @return why the consumer stopped on its own, or null while it runs (and after a {@link #close()}). */
    public Throwable failure()
    {
        return failed.getNow(null);
    }

    /**
     * Wait (a little) until everything relayed is in the hub's history, and in its journal when it keeps one: only
     * then may the offsets be committed, so that a hub killed after a commit has lost nothing the commit covers.
     * When it takes longer the commit waits for a later poll (what it would cover comes again after a restart, and
     * is dropped as a duplicate if the journal holds it).
     */
    private boolean settled()
    {
        final long deadline = System.nanoTime() + SETTLE_NANOS;
        for (final Relay relay : relays.values())
        {
            while (relay.producer.depth() > 0)
            {
                if (System.nanoTime() > deadline || !bus.isRunning())
                {
                    return false;
                }
                LockSupport.parkNanos(20_000L);
            }
        }
        if (null == journal)
        {
            return true;
        }
        final long head = bus.history().head();
        while (head > journal.continuesAfter() && journal.lastSeq() < head) // not before this run relays anything
        {
            if (System.nanoTime() > deadline || !bus.isRunning())
            {
                return false;
            }
            LockSupport.parkNanos(20_000L);
        }
        return true;
    }

    private void commitNow()
    {
        if (!settled())
        {
            return;
        }
        try
        {
            if (!handled.isEmpty())
            {
                consumer.commitSync(new HashMap<>(handled), Duration.ofSeconds(5));
            }
        }
        catch (final RuntimeException ex)
        {
            commitErrors.incrementAndGet();
            errors.record(ex);
        }
    }

    /** @return false if the record could not be relayed because the hub is closing. */
    private boolean handle(final ConsumerRecord<byte[], byte[]> record)
    {
        consumed++;
        final String host = KafkaRecords.text(record.headers(), KafkaRecords.HOST);
        final String epoch = KafkaRecords.text(record.headers(), KafkaRecords.EPOCH);
        if (!validName(host) || !validName(epoch))
        {
            reject("a record without valid host and epoch headers");
            return true;
        }
        final String gap = KafkaRecords.text(record.headers(), KafkaRecords.GAP);
        if (null != gap)
        {
            return hostGap(host, epoch, gap);
        }
        final String typeName = KafkaRecords.text(record.headers(), KafkaRecords.TYPE);
        final String seqText = KafkaRecords.text(record.headers(), KafkaRecords.SEQ);
        final long seq = parseSeq(seqText);
        if (null == typeName || seq < 1)
        {
            reject("an event record without valid type and seq headers");
            return true;
        }
        if (!validTypeName(typeName))
        {
            reject("an event record whose type header is not a valid type name");
            return true;
        }
        final byte[] value = record.value();
        final String source = null == value ? null : KafkaRecords.source(value, value.length);
        if (!validName(source) || null == record.key() ||
            !(host + '/' + source).equals(new String(record.key(), StandardCharsets.UTF_8)))
        {
            reject("an event record whose key is not <host>/<source> of its headers and value");
            return true;
        }
        final String bad = json.check(value);
        if (null != bad)
        {
            reject("an event record with " + bad);
            return true;
        }
        // Registered only now, for a record that is whole: the registry of types is the JVM's, and bounded.
        final EventType type = type(typeName);
        if (null == type)
        {
            reject("an event record of a type this hub has no room for (" + EventType.MAX_TYPES + " types at most)");
            return true;
        }
        final Relay relay = relay(new Origin(host, source, epoch));
        if (seq <= relay.lastSeq)
        {
            duplicates++;
            relay.host.duplicates++;
            return true;
        }
        if (!awaitRoom(relay.producer))
        {
            return false;
        }
        try (EventWriter writer = relay.producer.claimRelayed(type, json.timestampNanos(), seq))
        {
            json.writePayload(value, writer);
        }
        relay.lastSeq = seq;
        relay.lastEventNanos = System.nanoTime();
        relayed++;
        final HostFigures figures = relay.host;
        figures.epoch = epoch;
        figures.events++;
        figures.lastSeenMillis = System.currentTimeMillis();
        figures.lastOriginNanos = json.timestampNanos();
        return true;
    }

    /**
     * A host's exporter missed events: count them, and tell the hub's monitors with a {@code host_gap} event.
     *
     * @return false if it could not be relayed because the hub is closing.
     */
    private boolean hostGap(final String host, final String epoch, final String gap)
    {
        final int dash = gap.indexOf('-');
        final long from = dash < 1 ? -1 : parseSeq(gap.substring(0, dash));
        final long to = dash < 1 ? -1 : parseSeq(gap.substring(dash + 1));
        if (from < 1 || to < from)
        {
            reject("a gap record whose gap header is not <from>-<to>");
            return true;
        }
        final Relay relay = relay(new Origin(host, GAP_SOURCE, epoch));
        if (to <= relay.lastSeq)
        {
            duplicates++;
            relay.host.duplicates++;
            return true;
        }
        final long missed = to - from + 1;
        if (!awaitRoom(relay.producer))
        {
            return false;
        }
        try (EventWriter writer = relay.producer.claimRelayed(HOST_GAP, System.currentTimeMillis() * 1_000_000L, to))
        {
            writer.put("host", host).put("epoch", epoch).put("from_seq", from).put("to_seq", to).put("missed", missed);
        }
        relay.lastSeq = to;
        relay.lastEventNanos = System.nanoTime();
        holes += missed;
        relay.host.holes += missed;
        return true;
    }

    private Relay relay(final Origin origin)
    {
        Relay relay = relays.get(origin);
        if (null == relay)
        {
            final HostFigures host = host(origin.host());
            relay = new Relay(bus.relay(origin, context.relayRingSize()), host);
            // What this hub relayed before a restart, or before the relay was let go.
            relay.lastSeq = Math.max(resumed.getOrDefault(origin, Long.MIN_VALUE), released.take(origin));
            relays.put(origin, relay);
            relaysOpen = relays.size();
        }
        return relay;
    }

    /**
     * The figures of a host, made on its first event. Past {@link HubContext#hostsMax()} hosts, the one heard from longest ago
     * with no relay open is forgotten (host names come from the topic: a fleet whose names change at each restart
     * must not grow the stats and metrics without bound).
     */
    private HostFigures host(final String name)
    {
        HostFigures host = hosts.get(name);
        if (null == host)
        {
            host = new HostFigures(name);
            hosts.put(name, host);
            if (hosts.size() > context.hostsMax())
            {
                final Set<HostFigures> relaying = new HashSet<>();
                relays.values().forEach(r -> relaying.add(r.host));
                relaying.add(host);
                hosts.values().stream().filter(h -> !relaying.contains(h)).min(Comparator.comparingLong(h -> h.lastSeenMillis))
                    .ifPresent(h -> hosts.remove(h.host, h));
            }
        }
        return host;
    }

    /**
     * Let go of the relays that have relayed nothing for the idle timeout (a host's past epoch, a producer that
     * stopped), keeping the last sequence of each so that a late duplicate is still dropped.
     */
    private void releaseIdleRelays(final long nowNanos)
    {
        final long idleNanos = context.relayIdleTimeout().toNanos();
        final Iterator<Map.Entry<Origin, Relay>> it = relays.entrySet().iterator();
        while (it.hasNext())
        {
            final Map.Entry<Origin, Relay> e = it.next();
            final Relay relay = e.getValue();
            if (nowNanos - relay.lastEventNanos >= idleNanos && bus.remove(relay.producer))
            {
                released.release(e.getKey(), relay.lastSeq);
                it.remove();
                relaysReleased++;
                relaysOpen = relays.size();
            }
        }
    }

    /** Wait while the relay's ring is full (the hub's collector is behind); false if the hub is closing. */
    private boolean awaitRoom(final Producer producer)
    {
        while (producer.depth() >= producer.ringSize())
        {
            if (!running || !bus.isRunning())
            {
                return false;
            }
            LockSupport.parkNanos(50_000L);
        }
        return true;
    }

    private void reject(final String why)
    {
        rejected++;
        errors.record(new IllegalArgumentException("skipped " + why));
    }

    private static EventType type(final String name)
    {
        try
        {
            final EventType type = EventType.find(name);
            return null != type ? type : EventType.of(name);
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            return null;
        }
    }

    private static boolean validTypeName(final String name)
    {
        try
        {
            EventType.validateName(name, "event type");
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    private static long parseSeq(final String text)
    {
        if (null == text || text.isEmpty() || text.length() > 19)
        {
            return -1;
        }
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private static boolean validName(final String name)
    {
        if (null == name)
        {
            return false;
        }
        try
        {
            new Origin(name, "s", "e");
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    /** @return the hosts whose figures are kept. */
    Set<String> hostNames()
    {
        return Set.copyOf(hosts.keySet());
    }

    /** @return records read from the topic. */
    public long consumed()
    {
        return consumed;
    }

    /** @return events relayed into the hub's bus. */
    public long relayed()
    {
        return relayed;
    }

    /** @return records dropped as redelivered (their origin's sequence was relayed already). */
    public long duplicates()
    {
        return duplicates;
    }

    /** @return relays let go after going idle ({@link HubContext#relayIdleTimeout(Duration)}). */
    public long relaysReleased()
    {
        return relaysReleased;
    }

    /** @return relays open now: one per host, producer and epoch that sent within the idle timeout. */
    public int relaysOpen()
    {
        return relaysOpen;
    }

    /** @return records skipped as not Tickertape's. */
    public long rejected()
    {
        return rejected;
    }

    /** @return events the hosts' exporters reported missing. */
    public long holes()
    {
        return holes;
    }

    /**
     * Whether the consumer holds a connection to a broker now.
     *
     * @return true if connected.
     */
    public boolean isConnected()
    {
        return null != connections && ((Number)connections.metricValue()).doubleValue() > 0;
    }

    @Override
    public String name()
    {
        return "kafka_hub";
    }

    @Override
    public void figures(final SectionFigures out)
    {
        final double lag = null == recordsLag ? Double.NaN : ((Number)recordsLag.metricValue()).doubleValue();
        out.text("topic", context.topic())
            .text("group", context.groupId())
            .gauge("connected", "1 while the hub's consumer holds a connection to a broker.", isConnected() ? 1 : 0)
            .gauge("consuming", "1 while the hub's consumer runs; 0 once it stopped on an error it cannot go on from.",
                failed.isDone() ? 0 : 1)
            .counter("consumed", "Records read from the topic.", consumed)
            .counter("relayed", "Events relayed into the hub's bus.", relayed)
            .counter("duplicates", "Records dropped as redelivered, by their origin's epoch and sequence.", duplicates)
            .counter("rejected", "Records skipped as not Tickertape's.", rejected)
            .counter("holes", "Events the hosts' exporters reported missing.", holes)
            .gauge("relays", "Relays open: one per host, producer and epoch that sent within the idle timeout.", relaysOpen)
            .counter("relays_released", "Relays let go after going idle (their rings freed).", relaysReleased)
            .gauge("consumer_lag", "Records on the topic not yet read, the most of any partition.", Double.isNaN(lag) ? 0 : lag)
            .counter("commit_errors", "Failed commits of the consumer's offsets.", commitErrors.get());
        final IsoTimestamp iso = new IsoTimestamp();
        for (final HostFigures host : hosts.values())
        {
            final long seen = host.lastSeenMillis;
            out.row("hosts", "host", host.host)
                .text("epoch", host.epoch)
                .text("last_seen", 0 == seen ? null : new String(iso.format(seen * 1_000_000L)))
                .counter("events", "Events relayed from a host.", host.events)
                .gauge("events_per_second", "Events relayed from a host per second, over the last second.", host.eventsPerSecond)
                .gauge("lag_ms", "From a host's last event's timestamp to its arrival at the hub, milliseconds.", host.lagMillis())
                .counter("holes", "Events a host's exporter reported missing.", host.holes)
                .counter("duplicates", "Records from a host dropped as redelivered.", host.duplicates);
        }
    }

    /**
     * Stop consuming: the consumer thread commits what it relayed and closes the consumer (within about five
     * seconds).
     */
    @Override
    public void close()
    {
        running = false;
        consumer.wakeup();
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
