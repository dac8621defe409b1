package io.tickertape.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.CursorHandler;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.HistoryCursor;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.TypeFilter;
import io.tickertape.engines.TradingOptions;
import io.tickertape.engines.TradingSystem;
import io.tickertape.kafka.ExporterContext;
import io.tickertape.kafka.HubContext;
import io.tickertape.kafka.KafkaExporter;
import io.tickertape.kafka.KafkaHub;
import io.tickertape.kafka.KafkaLogLevels;
import io.tickertape.kafka.hub.EmbeddedKafka;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka exporter and hub against a real broker: a single-node KRaft broker inside this process
 * ({@link EmbeddedKafka}, the hub's {@code --embedded-kafka}) on loopback, so every figure includes the broker's
 * own CPU on the same cores.
 * <ol>
 *   <li><b>Exporter throughput.</b> The demo's trading engines fill a bus's history (flat out, nothing exporting);
 *   then an exporter starts and sends all of it to the topic. The figure is events acknowledged by the broker
 *   per second, from the exporter's start to the last acknowledgement, with the CPU each thread group used.</li>
 *   <li><b>Hub throughput.</b> A hub (a group of its own) consumes what the exporter left on the topic into its own
 *   bus: events relayed into its history per second, from the first record's arrival (the group join is shown
 *   apart).</li>
 *   <li><b>End to end.</b> A host bus exports; a hub consumes the topic into its own bus and serves it over HTTP; an
 *   SSE client (Netty) follows the hub's stream. A publisher sends order events on a fixed schedule, each carrying
 *   its intended send time ({@code System.nanoTime()}, one clock: everything is in this process); the client
 *   records, per event, the time from the intended send to reading its {@code data:} line. Measuring from the
 *   intended time counts a late send as latency (no coordinated omission). One event goes all the way through before
 *   the schedule starts (the hub has joined its group), and the warm-up lets the consumers settle. A plain consumer
 *   of the same topic (the tap) measures the exporter's leg alone in the same run, and the time to the exporter's
 *   send (the record's create time, to the millisecond).</li>
 *   <li><b>The floor.</b> Kafka alone, measured the same way: a {@code KafkaProducer} with the exporter's settings
 *   (idempotent, {@code acks=all}, {@code linger.ms=1}, lz4) sends the same schedule of records to a topic of its
 *   own, and a {@code KafkaConsumer} with the hub's settings polls them on its own thread.</li>
 * </ol>
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.tickertape.bench.harness.KafkaHarness [fillEvents=1000000] [rate/s=10000] [seconds=10] [warmupSeconds=10]
 * </pre>
 */
public final class KafkaHarness
{
    private static final String TOPIC = HubContext.TOPIC_DEFAULT;
    private static final String FLOOR_TOPIC = "tickertape.floor";
    private static final String END_TO_END_TOPIC = "tickertape.e2e";
    private static final int PARTITIONS = 8;
    /** Wall-clock nanoseconds less {@link System#nanoTime()}: a record's create time (ms) on the nanoTime scale. */
    private static final long WALL_MINUS_NANO = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final JsonLongField T_NS = new JsonLongField("t_ns");

    private KafkaHarness()
    {
    }

    /**
     * Run the harness.
     *
     * @param args events to fill the history with, rate (events/s), seconds, warm-up seconds.
     * @throws Exception if the broker, hub or client cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        final int fill = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final long rate = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
        final double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        final double warmupSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 10;
        if (fill < 1 || rate < 1 || seconds <= 0 || warmupSeconds < 0)
        {
            throw new IllegalArgumentException("usage: KafkaHarness [fillEvents] [rate/s] [seconds] [warmupSeconds]");
        }
        KafkaLogLevels.warningsOnly();
        final Path directory = Files.createTempDirectory("tickertape-kafka-bench");
        try (EmbeddedKafka broker = EmbeddedKafka.start(0, directory, TOPIC, PARTITIONS))
        {
            System.out.printf("KafkaHarness: broker in this process on %s, topic %s (%d partitions), %d cores%n",
                broker.bootstrapServers(), TOPIC, PARTITIONS, Runtime.getRuntime().availableProcessors());
            final long exported = exporterThroughput(broker.bootstrapServers(), fill);
            hubThroughput(broker.bootstrapServers(), exported);
            final long intervalNanos = Math.max(1, 1_000_000_000L / rate);
            final Histogram endToEnd = endToEnd(broker.bootstrapServers(), intervalNanos, seconds, warmupSeconds);
            final Histogram floor = floor(broker.bootstrapServers(), intervalNanos, seconds, warmupSeconds);
            if (endToEnd.getTotalCount() > 0 && floor.getTotalCount() > 0)
            {
                System.out.printf("host -> hub -> SSE / Kafka producer -> consumer: p50 %.2fx, p99 %.2fx%n",
                    (double)endToEnd.getValueAtPercentile(50) / Math.max(1, floor.getValueAtPercentile(50)),
                    (double)endToEnd.getValueAtPercentile(99) / Math.max(1, floor.getValueAtPercentile(99)));
            }
        }
        finally
        {
            delete(directory);
        }
    }

    /** Fill a history with the demo's events, then time one exporter sending all of it. */
    private static long exporterThroughput(final String servers, final int fill) throws InterruptedException
    {
        final int capacity = Integer.highestOneBit(Math.max(2, fill - 1)) << 1;
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(capacity)))
        {
            final long fillStart = System.nanoTime();
            try (TradingSystem engines = new TradingSystem(bus, TradingOptions.defaults().withEventsPerSecond(1_000_000)).start())
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (bus.history().head() < fill && System.nanoTime() < deadline)
                {
                    Thread.sleep(5);
                }
            }
            awaitCollected(bus);
            final long events = bus.history().head() - bus.history().tail() + 1;
            final long bytes = historyBytes(bus);
            System.out.printf("filled the history with %d of the demo's events (%.1f MB of JSON, %.0f bytes an event) in %.1f s%n",
                events, bytes / 1e6, (double)bytes / events, (System.nanoTime() - fillStart) / 1e9);

            ThreadCpu cpu = ThreadCpu.snapshot();
            final long start = System.nanoTime();
            try (KafkaExporter exporter = KafkaExporter.start(bus,
                new ExporterContext().bootstrapServers(servers).host("bench-throughput")))
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
                while (exporter.acknowledged() + exporter.failed() < events && System.nanoTime() < deadline)
                {
                    Thread.sleep(1);
                }
                final double elapsed = (System.nanoTime() - start) / 1e9;
                System.out.printf("exporter throughput: %d events acknowledged in %.2f s = %.0f events/s (%.1f MB/s of JSON); " +
                        "failed %d, holes %d%n",
                    exporter.acknowledged(), elapsed, exporter.acknowledged() / elapsed, bytes * (exporter.acknowledged() /
                        (double)events) / elapsed / 1e6, exporter.failed(), exporter.holes());
                System.out.println("exporter throughput: CPU by thread group, in cores: " + cpu.busiest(6));
                return exporter.acknowledged();
            }
        }
    }

    /** A hub consuming what the throughput run left on the topic, into its own bus, with no client. */
    private static void hubThroughput(final String servers, final long events) throws InterruptedException
    {
        final int capacity = Integer.highestOneBit((int)Math.max(2, events - 1)) << 1;
        try (TelemetryBus hubBus = TelemetryBus.launch(new BusContext().historyCapacity(capacity)))
        {
            final ThreadCpu cpu = ThreadCpu.snapshot();
            final long start = System.nanoTime();
            try (KafkaHub hub = KafkaHub.start(hubBus, new HubContext().bootstrapServers(servers).groupId("bench-hub-throughput")))
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
                long firstAt = 0;
                while (hub.relayed() + hub.duplicates() + hub.rejected() < events && System.nanoTime() < deadline)
                {
                    if (0 == firstAt && hub.consumed() > 0)
                    {
                        firstAt = System.nanoTime();
                    }
                    Thread.sleep(1);
                }
                final long end = System.nanoTime();
                final double elapsed = (end - (0 == firstAt ? start : firstAt)) / 1e9;
                System.out.printf("hub throughput: %d events relayed into the hub's history in %.2f s after the first arrived " +
                        "(%.2f s to join the group) = %.0f events/s; duplicates %d, rejected %d%n",
                    hub.relayed(), elapsed, ((0 == firstAt ? end : firstAt) - start) / 1e9, hub.relayed() / elapsed,
                    hub.duplicates(), hub.rejected());
                System.out.println("hub throughput: CPU by thread group, in cores: " + cpu.busiest(6));
            }
        }
    }

    private static long historyBytes(final TelemetryBus bus)
    {
        final long[] bytes = {0};
        final HistoryCursor cursor = bus.history().cursorAfter(bus.history().tail() - 1, TypeFilter.ALL);
        while (cursor.poll(new CursorHandler()
        {
            @Override
            public boolean onRecord(final HistoryRecord r)
            {
                bytes[0] += r.length();
                return true;
            }

            @Override
            public void onGap(final long fromSeq, final long toSeq)
            {
            }
        }, 4096) > 0)
        {
            Thread.onSpinWait();
        }
        return bytes[0];
    }

    /** Host bus -> exporter -> broker -> hub -> hub bus -> HTTP server -> SSE client, at a fixed rate. */
    private static Histogram endToEnd(
        final String servers, final long intervalNanos, final double seconds, final double warmupSeconds) throws Exception
    {
        // A topic of its own: the throughput run's million events stay out of the hub's way.
        createTopic(servers, END_TO_END_TOPIC, PARTITIONS);
        final LongAdder frames = new LongAdder();
        final Recorder latency = new Recorder(HIGHEST_NANOS, 3);
        final SseLoadClients loads = new SseLoadClients(1);
        try (TelemetryBus host = TelemetryBus.launch(new BusContext().historyCapacity(1 << 20));
             KafkaExporter exporter = KafkaExporter.start(host,
                 new ExporterContext().bootstrapServers(servers).topic(END_TO_END_TOPIC).host("bench-host"));
             TelemetryBus hubBus = TelemetryBus.launch(new BusContext().historyCapacity(1 << 20));
             KafkaHub hub = KafkaHub.start(hubBus, new HubContext().bootstrapServers(servers).topic(END_TO_END_TOPIC).groupId("bench-hub"));
             TelemetryServer server = TelemetryServer.start(hubBus, new ServerContext().port(0).statsSection(hub)))
        {
            final SseLoadClient client = loads.connect(server.port(), 0, frames, latency);
            final long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (0 == client.status() && System.nanoTime() < connectDeadline)
            {
                Thread.sleep(1);
            }
            final Producer producer = host.producer("latency", 1 << 16);
            // One event all the way through first: the hub has joined its group and been given the partition, so the
            // warm-up is not spent on that.
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                e.put("order_id", "PROBE").put("t_ns", System.nanoTime());
            }
            final long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(2); // the probe's way, and the tap's join
            final long measureFrom = start + (long)(warmupSeconds * 1e9);
            final long end = measureFrom + (long)(seconds * 1e9);
            // A plain consumer of the same topic: the exporter's leg (host publish -> Kafka) alone.
            final Histogram tap = new Histogram(HIGHEST_NANOS, 3);
            final Histogram tapSend = new Histogram(HIGHEST_NANOS, 3);
            final AtomicLongArray tapped = new AtomicLongArray(2);
            final Thread tapThread = new Thread(() -> consume(servers, END_TO_END_TOPIC, "bench-tap", measureFrom, end, tap, tapSend, tapped),
                "tap-consumer");
            tapThread.start();
            final long probeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((frames.sum() == 0 || tapped.get(1) == 0) && System.nanoTime() < probeDeadline)
            {
                Thread.sleep(1);
            }
            final long[] framesAtWindow = {0};
            final ThreadCpu[] cpu = {null};
            final long published = FixedRatePublisher.run(start, measureFrom, end, intervalNanos,
                () ->
                {
                    cpu[0] = ThreadCpu.snapshot();
                    latency.reset();
                    framesAtWindow[0] = frames.sum();
                },
                (intended, sent) ->
                {
                    try (EventWriter e = producer.claim(EventType.ORDER))
                    {
                        e.put("order_id", "PAPER-0001").put("symbol", "NIFTY").put("side", "BUY").put("status", "filled")
                            .put("qty", 50).put("price", 19_755.0).put("t_ns", intended);
                        return e.isAccepted();
                    }
                });
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (frames.sum() - framesAtWindow[0] < published && System.nanoTime() < deadline && !client.hasFailed())
            {
                Thread.sleep(1);
            }
            final Histogram h = latency.getIntervalHistogram();
            System.out.printf("end to end at %d events/s, %.1f s after %.1f s warm-up: published %d, received %d, dropped %d, " +
                    "exporter holes %d, hub duplicates %d, hub rejected %d%s%n",
                1_000_000_000L / intervalNanos, seconds, warmupSeconds, published, frames.sum() - framesAtWindow[0],
                producer.dropped(), exporter.holes(), hub.duplicates(), hub.rejected(),
                client.hasFailed() ? ", client failed: " + client.failure() : "");
            System.out.println("host publish -> Kafka -> hub -> SSE client, from intended send time: " + Percentiles.micros(h));
            System.out.println("end to end: CPU by thread group, in cores: " + cpu[0].busiest(8));
            tapThread.join(TimeUnit.SECONDS.toMillis(40));
            System.out.println("host publish -> exporter -> Kafka -> a plain consumer (same run): " + Percentiles.micros(tap));
            System.out.println("host publish -> the exporter's send (the record's create time, to the millisecond): " +
                Percentiles.micros(tapSend));
            client.close();
            return h;
        }
        finally
        {
            loads.close();
        }
    }

    private static void createTopic(final String servers, final String topic, final int partitions) throws Exception
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers)))
        {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short)1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** A Kafka producer and consumer alone, with the exporter's and hub's settings, on the same schedule. */
    private static Histogram floor(
        final String servers, final long intervalNanos, final double seconds, final double warmupSeconds) throws Exception
    {
        createTopic(servers, FLOOR_TOPIC, 1);
        final Histogram h = new Histogram(HIGHEST_NANOS, 3);
        final long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(2); // the consumer joins and is assigned first
        final long measureFrom = start + (long)(warmupSeconds * 1e9);
        final long end = measureFrom + (long)(seconds * 1e9);
        final AtomicLongArray received = new AtomicLongArray(2);
        final Thread consumerThread = new Thread(() -> consume(servers, FLOOR_TOPIC, "bench-floor", measureFrom, end, h,
            new Histogram(HIGHEST_NANOS, 3), received), "floor-consumer");
        consumerThread.start();
        final byte[] key = "bench-floor/latency".getBytes(StandardCharsets.UTF_8);
        final long published;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
            ProducerConfig.LINGER_MS_CONFIG, "1",
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024),
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"), new ByteArraySerializer(), new ByteArraySerializer()))
        {
            published = FixedRatePublisher.run(start, measureFrom, end, intervalNanos, () -> { },
                (intended, sent) ->
                {
                    // The bytes of an order event as the collector makes them (same size), the intended time last.
                    final byte[] value = ("{\"type\":\"order_event\",\"seq\":1,\"id\":\"0-1\",\"ts\":\"2026-01-01T00:00:00.000Z\"," +
                        "\"source\":\"latency\",\"data\":{\"order_id\":\"PAPER-0001\",\"symbol\":\"NIFTY\",\"side\":\"BUY\"," +
                        "\"status\":\"filled\",\"qty\":50,\"price\":19755.0,\"t_ns\":" + intended + "}}").getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(FLOOR_TOPIC, key, value));
                    return true;
                });
        }
        consumerThread.join(TimeUnit.SECONDS.toMillis(40));
        System.out.printf("floor (KafkaProducer -> broker -> KafkaConsumer, same schedule and settings): published %d, received %d%n",
            published, received.get(0));
        System.out.println("floor: producer send -> consumer poll, from intended send time:   " + Percentiles.micros(h));
        return h;
    }

    /**
     * Consume a topic from its start until a record sent at {@code end} arrives, recording each record's latency from
     * the send time in its {@code t_ns} (from {@code measureFrom} on).
     *
     * @param h        latency from send time to arrival here.
     * @param send     latency from send time to the record's create time (when the Kafka producer was given it).
     * @param received [0]: records recorded; [1]: records seen.
     */
    private static void consume(
        final String servers, final String topic, final String group, final long measureFrom, final long end, final Histogram h,
        final Histogram send, final AtomicLongArray received)
    {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
            ConsumerConfig.GROUP_ID_CONFIG, group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new ByteArrayDeserializer(), new ByteArrayDeserializer()))
        {
            consumer.subscribe(List.of(topic));
            final long deadline = end + TimeUnit.SECONDS.toNanos(30);
            long lastIntended = 0;
            while (lastIntended < end - TimeUnit.MILLISECONDS.toNanos(1) && System.nanoTime() < deadline)
            {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100)))
                {
                    final long now = System.nanoTime();
                    final long intended = T_NS.find(r.value(), 0, r.value().length);
                    received.incrementAndGet(1);
                    if (JsonLongField.ABSENT == intended)
                    {
                        continue;
                    }
                    lastIntended = Math.max(lastIntended, intended);
                    if (intended >= measureFrom)
                    {
                        send.recordValue(Math.max(0, Math.min(HIGHEST_NANOS, r.timestamp() * 1_000_000L - WALL_MINUS_NANO - intended)));
                        received.incrementAndGet(0);
                        h.recordValue(Math.max(0, Math.min(HIGHEST_NANOS, now - intended)));
                    }
                }
            }
        }
    }

    private static void awaitCollected(final TelemetryBus bus) throws InterruptedException
    {
        long last = -1;
        while (bus.history().head() != last)
        {
            last = bus.history().head();
            Thread.sleep(50);
        }
    }


    private static void delete(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.walk(directory))
        {
            for (final Path p : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
