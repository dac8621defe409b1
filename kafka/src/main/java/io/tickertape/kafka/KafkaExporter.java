package io.tickertape.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.tickertape.bus.CursorHandler;
import io.tickertape.bus.ErrorLog;
import io.tickertape.bus.HistoryCursor;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.HistoryRing;
import io.tickertape.bus.ProducerStats;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.TypeFilter;
import io.tickertape.transport.SectionFigures;
import io.tickertape.transport.StatsSection;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends every event of a bus to a Kafka topic, from a thread of its own: a consumer of the bus's history with a
 * cursor of its own, in the collector's way nowhere. Each event goes as the bytes its collector made, keyed by host
 * and producer (so each producer's events keep their order on one partition), with the headers host, epoch, seq
 * and type (see {@link KafkaRecords}).
 * <p>
 * When Kafka is slow or away the exporter falls behind inside the history: it stops reading once
 * {@link ExporterContext#maxInFlight(int)} records are unacknowledged, and the Kafka producer keeps what it holds
 * until the broker is back. When the history overwrites events it had not read, they are a hole: counted, and sent
 * as a gap record so that a hub can tell its monitors which of this host's events it will never see. Each distinct
 * failure is logged once; every one is counted. Its figures are a {@link StatsSection}, {@code kafka_exporter}, for
 * the server's stats and metrics.
 */
public final class KafkaExporter implements AutoCloseable, StatsSection
{
    private static final System.Logger LOG = System.getLogger("io.tickertape.kafka");
    /** Records read per duty cycle: the most sent between two checks of the in-flight bound. */
    private static final int BATCH = 1024;
    /** How long {@link #close()} waits for the exporter to read what the history holds. */
    private static final long CLOSE_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long {@link #close()} waits for the exporter's thread to stop before it wakes it from a blocked send. */
    private static final int CLOSE_WAIT_MS = 1000;
    /** The same with a broker connected: a send then waits only for room in the producer's buffer. */
    private static final int CLOSE_WAIT_CONNECTED_MS = 5000;

    private final ExporterContext context;
    private final TelemetryBus bus;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String epoch;
    private final byte[] hostBytes;
    private final byte[] epochBytes;
    private final Map<String, byte[]> keys = new HashMap<>();
    private final Map<String, byte[]> types = new HashMap<>();
    private final ErrorLog errors;
    /** One instance for every hole: a lapped exporter meets them often, and each is counted, logged once. */
    private final IllegalStateException lapped = new IllegalStateException("the history overwrote events before " +
        "they were exported (a hole, sent as a gap record); Kafka was slow or away for longer than the history holds");
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Metric connections;
    private final AgentRunner runner;
    private final Exporting agent;
    private final Callback onSent = this::onSent;
    private volatile long sent;
    private volatile long holes;
    private volatile long gapRecords;
    private volatile long passedSeq;
    private boolean closed;
    /** Set (by {@link #close()}) once the producer was closed to wake the exporter's thread. */
    private volatile boolean producerClosed;

    private KafkaExporter(final TelemetryBus bus, final ExporterContext context)
    {
        this.context = context;
        this.bus = bus;
        this.epoch = bus.epoch();
        this.hostBytes = KafkaRecords.utf8(context.host());
        this.epochBytes = KafkaRecords.utf8(epoch);
        this.errors = new ErrorLog(error -> LOG.log(System.Logger.Level.WARNING,
            "Kafka exporter: " + error + " (each distinct failure is logged once, every one counted)", error));
        try
        {
            this.producer = new KafkaProducer<>(producerProperties(context), new ByteArraySerializer(), new ByteArraySerializer());
        }
        catch (final KafkaException ex)
        {
            // A bootstrap list none of whose hosts resolves, or a client property Kafka refuses.
            throw KafkaClients.refused("cannot make the Kafka producer for " + context.bootstrapServers(), ex);
        }
        this.connections = KafkaClients.metric(producer.metrics(), "connection-count");
        final HistoryRing history = bus.history();
        this.agent = new Exporting(history.cursorAfter(history.tail() - 1, TypeFilter.ALL));
        this.passedSeq = history.tail() - 1;
        this.runner = new AgentRunner(new SleepingIdleStrategy(context.idle().toNanos()), errors::record, null, agent);
    }

    /**
     * Start exporting the bus's events, from the oldest its history holds, on a thread named
     * {@code tickertape-kafka-exporter}. The Kafka producer connects in the background: an unreachable broker is
     * not an error here, and shows in the figures ({@code connected} 0) while the exporter waits.
     *
     * @param bus     the bus whose events to send.
     * @param context the configuration; concluded here.
     * @return the running exporter.
     * @throws IllegalArgumentException if the configuration is invalid, or the Kafka producer refuses it (a client
     *                                  property it does not take, no bootstrap host that resolves).
     */
    public static KafkaExporter start(final TelemetryBus bus, final ExporterContext context)
    {
        final KafkaExporter exporter = new KafkaExporter(bus, context.conclude());
        final Thread thread = new Thread(exporter.runner, "tickertape-kafka-exporter");
        thread.setDaemon(true);
        thread.start();
        return exporter;
    }

    /** Read the producer's properties as the Kafka producer will, without making one: what it refuses is an IAE. */
    static void checkProducerProperties(final ExporterContext context)
    {
        try
        {
            final Map<String, Object> p = producerProperties(context);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            new ProducerConfig(p);
        }
        catch (final KafkaException ex)
        {
            throw KafkaClients.refused("the Kafka producer refuses its options", ex);
        }
    }

    private static Map<String, Object> producerProperties(final ExporterContext context)
    {
        final Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(ExporterContext.DELIVERY_TIMEOUT_DEFAULT.toMillis()));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "tickertape-exporter-" + context.host());
        p.putAll(context.properties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, context.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }

    private void onSent(final RecordMetadata metadata, final Exception exception)
    {
        if (null == exception)
        {
            acknowledged.incrementAndGet();
        }
        else
        {
            failed.incrementAndGet();
            errors.record(exception);
        }
    }

    /** The exporter's duty cycle: read the history from its cursor, send, within the in-flight bound. */
    private final class Exporting implements Agent, CursorHandler
    {
        private final HistoryCursor cursor;

        Exporting(final HistoryCursor cursor)
        {
            this.cursor = cursor;
        }

        @Override
        public int doWork()
        {
            final long room = context.maxInFlight() - (sent - acknowledged.get() - failed.get());
            if (room <= 0)
            {
                return 0;
            }
            final int work = cursor.poll(this, (int)Math.min(room, BATCH));
            passedSeq = cursor.passedSeq();
            return work;
        }

        @Override
        public boolean onRecord(final HistoryRecord record)
        {
            final byte[] value = Arrays.copyOf(record.buffer(), record.length());
            final String source = KafkaRecords.source(value, value.length);
            final ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(context.topic(), key(source), value);
            out.headers()
                .add(KafkaRecords.HOST, hostBytes)
                .add(KafkaRecords.EPOCH, epochBytes)
                .add(KafkaRecords.SEQ, Long.toString(record.seq()).getBytes(StandardCharsets.US_ASCII))
                .add(KafkaRecords.TYPE, types.computeIfAbsent(record.type().name(), KafkaRecords::utf8));
            send(out);
            return true;
        }

        @Override
        public void onGap(final long fromSeq, final long toSeq)
        {
            gap(fromSeq, toSeq);
            errors.record(lapped);
        }

        /** Count events the exporter will never send as a hole, and send a gap record for them. */
        void gap(final long fromSeq, final long toSeq)
        {
            final long count = toSeq - fromSeq + 1;
            holes += count;
            final byte[] value = KafkaRecords.utf8(
                "{\"from_seq\":" + fromSeq + ",\"to_seq\":" + toSeq + ",\"count\":" + count + "}");
            final ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(context.topic(), hostBytes, value);
            out.headers()
                .add(KafkaRecords.HOST, hostBytes)
                .add(KafkaRecords.EPOCH, epochBytes)
                .add(KafkaRecords.GAP, KafkaRecords.utf8(fromSeq + "-" + toSeq));
            if (send(out))
            {
                gapRecords++;
            }
        }

        private byte[] key(final String source)
        {
            return keys.computeIfAbsent(null == source ? "" : source,
                s -> KafkaRecords.utf8(context.host() + '/' + s));
        }

        /** @return whether the producer took the record (a send it refused at once is counted failed). */
        private boolean send(final ProducerRecord<byte[], byte[]> out)
        {
            sent++;
            try
            {
                producer.send(out, onSent);
                return true;
            }
            catch (final RuntimeException ex)
            {
                failed.incrementAndGet();
                errors.record(ex);
                return false;
            }
        }

        @Override
        public String roleName()
        {
            return "tickertape-kafka-exporter";
        }
    }

    /**
     * Records sent to the Kafka producer (events and gap records).
     *
     * @return the count.
     */
    public long sent()
    {
        return sent;
    }

    /**
     * Records the cluster acknowledged.
     *
     * @return the count.
     */
    public long acknowledged()
    {
        return acknowledged.get();
    }

    /**
     * Records the producer failed to deliver (and gave up on), each counted and its failure logged once.
     *
     * @return the count.
     */
    public long failed()
    {
        return failed.get();
    }

    /**
     * Events the history overwrote before the exporter read them.
     *
     * @return the count.
     */
    public long holes()
    {
        return holes;
    }

    /**
     * Events collected and not yet read by the exporter.
     *
     * @return the lag in events.
     */
    public long lag()
    {
        return Math.max(0, bus.history().head() - passedSeq);
    }

    /** @return whether a producer of the bus has events its collector has not taken yet. */
    private boolean collectorBehind()
    {
        for (final ProducerStats producer : bus.stats().producers())
        {
            if (producer.depth() > 0)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the producer holds a connection to a broker now.
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
        return "kafka_exporter";
    }

    @Override
    public void figures(final SectionFigures out)
    {
        final long acked = acknowledged.get();
        final long fails = failed.get();
        out.text("host", context.host())
            .text("topic", context.topic())
            .text("epoch", epoch)
            .gauge("connected", "1 while the exporter's producer holds a connection to a broker.", isConnected() ? 1 : 0)
            .counter("sent", "Records handed to the Kafka producer (events and gap records).", sent)
            .counter("exported", "Records the Kafka cluster acknowledged.", acked)
            .counter("failed", "Records the Kafka producer gave up on.", fails)
            .gauge("in_flight", "Records sent and not yet acknowledged.", Math.max(0, sent - acked - fails))
            .gauge("lag", "Events collected and not yet read by the exporter.", lag())
            .counter("holes", "Events overwritten in the history before the exporter read them.", holes)
            .counter("gap_records", "Gap records sent, one per hole.", gapRecords)
            .counter("errors", "Failures met by the exporter (each distinct one is logged once).", errors.count());
    }

    /**
     * Send what the history holds beyond what was read (waiting up to five seconds: a program closes its exporter
     * once its engines have stopped, so the history no longer grows), stop reading, give the producer up to five
     * seconds to deliver what it holds, and close it. Events still unread after the wait (or at once, with no broker
     * connected) are a hole: counted, and sent as a gap record, so that a hub's monitors are told of them rather
     * than missing them silently. Idempotent; not to be called from two threads at once.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final long deadline = System.nanoTime() + CLOSE_DRAIN_NANOS;
        // Until the collector has taken what the (stopped) engines left in their rings, and this exporter has read it.
        while ((passedSeq < bus.history().head() || collectorBehind()) && System.nanoTime() - deadline < 0 &&
            !runner.isClosed() && isConnected())
        {
            LockSupport.parkNanos(1_000_000L);
        }
        // A send can block the agent's thread for the producer's max.block.ms (a minute) while no broker has told it
        // of the topic: if the thread does not stop in time, closing the producer wakes it (with no broker connected
        // what the producer holds could not be delivered anyway; with one, it has five seconds).
        final boolean connected = isConnected();
        runner.close(connected ? CLOSE_WAIT_CONNECTED_MS : CLOSE_WAIT_MS, thread ->
        {
            producerClosed = true;
            producer.close(connected ? Duration.ofSeconds(5) : Duration.ZERO);
            thread.interrupt();
        });
        // The agent's thread has stopped: its cursor and figures are this thread's now.
        final long head = bus.history().head();
        if (passedSeq < head)
        {
            if (producerClosed)
            {
                holes += head - passedSeq; // the producer is closed: no gap record can go
                errors.record(new IllegalStateException("closed with " + (head - passedSeq) + " events not yet read and " +
                    "Kafka away; they are holes, and no gap record could be sent"));
            }
            else
            {
                errors.record(new IllegalStateException("closed with " + (head - passedSeq) + " events not yet read (Kafka " +
                    "slow or away); they are holes, sent as a gap record"));
                agent.gap(passedSeq + 1, head);
            }
            passedSeq = head;
        }
        producer.close(Duration.ofSeconds(5));
    }
}
