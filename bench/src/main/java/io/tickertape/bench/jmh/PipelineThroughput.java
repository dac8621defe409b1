package io.tickertape.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.tickertape.bench.CollectorCpu;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.alert.AlertRules;
import io.tickertape.bus.journal.JournalContext;
import io.tickertape.kafka.ExporterContext;
import io.tickertape.kafka.HubContext;
import io.tickertape.kafka.KafkaExporter;
import io.tickertape.kafka.KafkaLogLevels;
import io.tickertape.kafka.hub.EmbeddedKafka;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many events per second go from publish to JSON in the history, with 1 and 3 producer threads, each on its own
 * producer. Producers publish as fast as they can and retry while their ring is full, so the collector is never
 * idle: the score counts accepted publishes, and {@code collected} counts the events the collector took from these
 * producers' rings in the iteration. With one producer the collector is the bottleneck, so the reciprocal of
 * {@code collected} is the collector's cost per event (poll, sequence, JSON encode, append).
 * <p>
 * The collector needs a core of its own: on a machine with fewer cores than producers + 1 the rates measure the
 * scheduler as much as the pipeline (a producer facing a full ring yields, to give the collector its core back).
 * {@code collectorCpuNanos / collectedEvents} is the collector's CPU time per event, which holds on a busy machine
 * too.
 * <p>
 * With {@code kafka=true} a {@link KafkaExporter} sends every event to a single-node KRaft broker started in the
 * benchmark's own process ({@link EmbeddedKafka}, as the hub's {@code --embedded-kafka} does): the exporter and the
 * broker then share the machine's cores with the producers and the collector, which a real deployment (the broker
 * on other machines) would not ask of them. When the pipeline outruns the exporter, the exporter is lapped and
 * counts holes; the collector never waits for it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class PipelineThroughput
{
    /** The name of the bus's journal appending thread. */
    static final String JOURNAL_THREAD = "tickertape-journal-appender";
    /** The name of the Kafka exporter's thread. */
    static final String EXPORTER_THREAD = "tickertape-kafka-exporter";

    /** One bus shared by all producer threads. */
    @State(Scope.Benchmark)
    public static class Pipeline
    {
        final AtomicInteger producers = new AtomicInteger();
        final AtomicBoolean costReporter = new AtomicBoolean();
        final CollectorCpu collector = new CollectorCpu();
        TelemetryBus bus;
        Path journalDirectory;
        Path kafkaDirectory;
        EmbeddedKafka broker;
        KafkaExporter exporter;

        /** Whether every event is also appended to a journal (in a temporary directory, default options). */
        @Param({"false", "true"})
        public boolean journal;

        /**
         * What runs beside the pipeline: {@code keys}, the default bus (the collector keeps each event's symbol,
         * strategy and source as ids for filters); {@code none}, without them ({@link BusContext#filterKeys(boolean)});
         * {@code all}, keys, aggregates (256 keys) and an alert rule on rejected orders (a quarter of the orders are
         * rejected here) on their own threads. Their cost to the collector is in {@code collectorCpuNanos}.
         */
        @Param({"keys"})
        public String features;

        /** Whether every event is also exported to Kafka (a broker in this process, on loopback). */
        @Param({"false"})
        public boolean kafka;

        /** Whether the collector writes payload shapes with writers of their own ({@link BusContext#shapeWriters(boolean)}). */
        @Param({"true"})
        public boolean shapeWriters;

        /** Payload bytes per producer slot (the bus's default is 512). */
        @Param({"512"})
        public int slotCapacity;

        /** Launch the bus. */
        @Setup(Level.Trial)
        public void launch() throws IOException
        {
            final BusContext context = new BusContext().slotCapacity(slotCapacity).historyCapacity(1 << 17).threadFactory(collector).filterKeys(!"none".equals(features))
                .shapeWriters(shapeWriters);
            if ("all".equals(features))
            {
                context.aggregateKeys(256).alerts(AlertRules.parse("{\"rules\":[{\"name\":\"rejects\",\"type\":\"order_event\"," +
                    "\"where\":{\"status\":\"rejected\"},\"count\":100,\"window_s\":1,\"cooldown_s\":1}]}", "benchmark"));
            }
            if (journal)
            {
                journalDirectory = Files.createTempDirectory("tickertape-journal-bench");
                context.journal(new JournalContext().directory(journalDirectory));
            }
            bus = TelemetryBus.launch(context);
            if (kafka)
            {
                KafkaLogLevels.warningsOnly();
                kafkaDirectory = Files.createTempDirectory("tickertape-kafka-bench");
                broker = EmbeddedKafka.start(0, kafkaDirectory, HubContext.TOPIC_DEFAULT, 8); // a free port
                exporter = KafkaExporter.start(bus, new ExporterContext().bootstrapServers(broker.bootstrapServers()).host("bench"));
            }
        }

        /** Stop the bus; delete the journal. */
        @TearDown(Level.Trial)
        public void close() throws IOException
        {
            if (null != exporter)
            {
                exporter.close();
            }
            bus.close();
            if (null != broker)
            {
                broker.close();
                deleteTree(kafkaDirectory);
            }
            if (null != journalDirectory)
            {
                try (Stream<Path> files = Files.list(journalDirectory))
                {
                    for (final Path file : files.toList())
                    {
                        Files.delete(file);
                    }
                }
                Files.delete(journalDirectory);
            }
        }
    }

    private static void deleteTree(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.walk(directory))
        {
            for (final Path p : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Each benchmark thread's own producer, and what the collector took from it in the iteration, as a rate.
     * (Thread states here depend only on the shared {@link Pipeline}: JMH makes a separate instance of a thread
     * state for each fixture that asks for it.)
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ProducerThread
    {
        /** Events collected from this thread's ring in the iteration: published, less the change in depth. */
        public long collected;
        Producer producer;
        long before;

        /**
         * Make this thread's producer.
         *
         * @param p the bus.
         */
        @Setup(Level.Trial)
        public void create(final Pipeline p)
        {
            producer = p.bus.producer("producer-" + p.producers.incrementAndGet(), BenchConfig.RING_SIZE);
        }

        /** Start counting. */
        @Setup(Level.Iteration)
        public void begin()
        {
            before = producer.published() - producer.depth();
        }

        /** Settle what the collector took. */
        @TearDown(Level.Iteration)
        public void settle()
        {
            collected = producer.published() - producer.depth() - before;
        }
    }

    /**
     * The collector's CPU time and the events it appended in the iteration, as totals: their ratio is its CPU cost
     * per event. One thread reports them, so that the sum over threads counts them once.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CollectorCost
    {
        /** CPU nanoseconds the collector thread used in the iteration. */
        public long collectorCpuNanos;
        /** Events the collector appended to the history in the iteration. */
        public long collectedEvents;
        /** Events appended to the journal in the iteration (0 without one). */
        public long journalAppended;
        /** Events the journal missed in the iteration: it fell further behind than the history holds (0 without one). */
        public long journalHoles;
        /** CPU nanoseconds the journal's appending thread used in the iteration (0 without one). */
        public long journalCpuNanos;
        /** Events the Kafka broker acknowledged to the exporter in the iteration (0 without it). */
        public long exportedEvents;
        /** Events the exporter missed in the iteration: the history lapped it (0 without it). */
        public long exportHoles;
        /** CPU nanoseconds the exporter's thread used in the iteration (0 without it). */
        public long exporterCpuNanos;
        boolean reporter;
        long cpuBefore;
        long collectedBefore;
        long appendedBefore;
        long holesBefore;
        long journalCpuBefore;
        long exportedBefore;
        long exportHolesBefore;
        long exporterCpuBefore;

        /**
         * Elect the reporting thread.
         *
         * @param p the bus.
         */
        @Setup(Level.Trial)
        public void elect(final Pipeline p)
        {
            reporter = p.costReporter.compareAndSet(false, true);
        }

        /**
         * Start counting.
         *
         * @param p the bus.
         */
        @Setup(Level.Iteration)
        public void begin(final Pipeline p)
        {
            cpuBefore = p.collector.cpuNanos();
            collectedBefore = p.bus.stats().collected();
            if (null != p.bus.journal())
            {
                appendedBefore = p.bus.journal().appended();
                holesBefore = p.bus.journal().holes();
                journalCpuBefore = CollectorCpu.cpuNanos(JOURNAL_THREAD);
            }
            if (null != p.exporter)
            {
                exportedBefore = p.exporter.acknowledged();
                exportHolesBefore = p.exporter.holes();
                exporterCpuBefore = CollectorCpu.cpuNanos(EXPORTER_THREAD);
            }
        }

        /**
         * Settle.
         *
         * @param p the bus.
         */
        @TearDown(Level.Iteration)
        public void settle(final Pipeline p)
        {
            if (reporter)
            {
                collectorCpuNanos = p.collector.cpuNanos() - cpuBefore;
                collectedEvents = p.bus.stats().collected() - collectedBefore;
                if (null != p.bus.journal())
                {
                    journalAppended = p.bus.journal().appended() - appendedBefore;
                    journalHoles = p.bus.journal().holes() - holesBefore;
                    journalCpuNanos = CollectorCpu.cpuNanos(JOURNAL_THREAD) - journalCpuBefore;
                }
                if (null != p.exporter)
                {
                    exportedEvents = p.exporter.acknowledged() - exportedBefore;
                    exportHoles = p.exporter.holes() - exportHolesBefore;
                    exporterCpuNanos = CollectorCpu.cpuNanos(EXPORTER_THREAD) - exporterCpuBefore;
                }
            }
        }
    }

    /**
     * One producer thread.
     *
     * @param t    the thread's producer.
     * @param cost the collector's CPU time.
     * @param o    the order to publish.
     */
    @Benchmark
    @Threads(1)
    public void oneProducer(final ProducerThread t, final CollectorCost cost, final OrderFlow o)
    {
        publish(t.producer, o);
    }

    /**
     * Three producer threads.
     *
     * @param t    the thread's producer.
     * @param cost the collector's CPU time.
     * @param o    the order to publish.
     */
    @Benchmark
    @Threads(3)
    public void threeProducers(final ProducerThread t, final CollectorCost cost, final OrderFlow o)
    {
        publish(t.producer, o);
    }

    private static void publish(final Producer producer, final OrderFlow o)
    {
        o.next();
        while (!Events.order(producer, o.orderId, o.symbol, o.side, o.status, o.qty, o.price))
        {
            Thread.yield(); // ring full: this benchmark measures capacity, so wait for the collector
        }
    }
}
