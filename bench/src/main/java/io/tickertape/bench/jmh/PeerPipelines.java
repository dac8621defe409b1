package io.tickertape.bench.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.tickertape.bench.CollectorCpu;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.ByteBufferDestination;
import org.apache.logging.log4j.core.layout.ByteBufferDestinationHelper;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two peers of {@link PipelineThroughput#oneProducer}, end to end from publish to the event's JSON bytes, measured the
 * same way: one producer thread publishes the same order events as fast as it can, waiting while the ring is full,
 * and a consumer thread turns each into JSON. The score counts publishes (with a fixed ring, the consumer's rate);
 * {@code consumerCpuNanos / consumedEvents} is the consumer's CPU time per event, {@code jsonBytes / consumedEvents}
 * the length of an event's JSON.
 * <ul>
 * <li>{@link #log4jJsonTemplate}: Log4j 2's async logger ({@code AsyncLoggerContextSelector}, on the Disruptor) with
 * {@code JsonTemplateLayout} rendering the bus's envelope and payload (seq, type, timestamp, source, and the six
 * fields as members of their own types) into a reused buffer that counts the bytes. The numbers are passed boxed,
 * since {@code messageParameter} renders a boxed number as a JSON number (Log4j's {@code Unbox} would render it as a
 * string); Log4j's defaults are kept otherwise, including its full-ring policy, which makes the caller wait.</li>
 * <li>{@link #naiveDisruptorJackson}: the naive pipeline: a raw single-producer Disruptor ring of the fields (the
 * entry {@link DisruptorPublish} uses, the strings as references), consumed on its own thread (waiting as the bus's
 * collector does) by a handler that writes the JSON with jackson-core ({@link JacksonOrderJson}). It keeps no history and no keys for filters: the bus does both on top.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class PeerPipelines
{
    private static final String NAIVE_CONSUMER = "naive-jackson-consumer";
    /** Log4j names its async logger thread {@code Log4j2-TF-<n>-AsyncLogger[...]}. */
    private static final String LOG4J_CONSUMER = "AsyncLogger";
    private static final String EVENT_TEMPLATE = "{" +
        "\"seq\":{\"$resolver\":\"counter\",\"start\":1}," +
        "\"type\":\"order_event\"," +
        "\"timestamp\":{\"$resolver\":\"timestamp\",\"pattern\":{\"format\":\"yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'\",\"timeZone\":\"UTC\"}}," +
        "\"source\":{\"$resolver\":\"logger\",\"field\":\"name\"}," +
        "\"payload\":{" +
        "\"order_id\":{\"$resolver\":\"messageParameter\",\"index\":0}," +
        "\"symbol\":{\"$resolver\":\"messageParameter\",\"index\":1}," +
        "\"side\":{\"$resolver\":\"messageParameter\",\"index\":2}," +
        "\"status\":{\"$resolver\":\"messageParameter\",\"index\":3}," +
        "\"qty\":{\"$resolver\":\"messageParameter\",\"index\":4}," +
        "\"price\":{\"$resolver\":\"messageParameter\",\"index\":5}}}";

    /** What a consumer finished, and its bytes: one writer (the consumer thread). */
    static final class Sink
    {
        final AtomicLong events = new AtomicLong();
        long bytes;

        void add(final int length)
        {
            bytes += length;
            events.lazySet(events.get() + 1);
        }
    }

    /** Renders each event with the layout into a reused buffer, and counts. */
    static final class RenderingAppender extends AbstractAppender implements ByteBufferDestination
    {
        final Sink sink = new Sink();
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);

        RenderingAppender(final JsonTemplateLayout layout)
        {
            super("rendering", null, layout, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(final LogEvent event)
        {
            getLayout().encode(event, this);
            sink.add(buffer.position());
            buffer.clear();
        }

        @Override
        public ByteBuffer getByteBuffer()
        {
            return buffer;
        }

        @Override
        public ByteBuffer drain(final ByteBuffer buf)
        {
            sink.bytes += buf.position(); // an event longer than the buffer: counted in parts
            buf.clear();
            return buf;
        }

        @Override
        public void writeBytes(final ByteBuffer data)
        {
            ByteBufferDestinationHelper.writeToUnsynchronized(data, this);
        }

        @Override
        public void writeBytes(final byte[] data, final int offset, final int length)
        {
            ByteBufferDestinationHelper.writeToUnsynchronized(data, offset, length, this);
        }
    }

    /** Log4j 2's async logger, the layout and the rendering appender. */
    @State(Scope.Benchmark)
    public static class Log4jPipeline
    {
        RenderingAppender appender;
        Logger logger;

        /**
         * Configure Log4j (before anything in this JVM has touched it) and check that logging really is asynchronous.
         */
        @Setup(Level.Trial)
        public void start()
        {
            final LoggerContext context = Log4jAsync.context(BenchConfig.RING_SIZE);
            appender = new RenderingAppender(JsonTemplateLayout.newBuilder()
                .setConfiguration(context.getConfiguration())
                .setEventTemplate(EVENT_TEMPLATE)
                .build());
            logger = Log4jAsync.routeTo(context, appender, "execution");
            ConsumerCost.sink = appender.sink;
            ConsumerCost.thread = LOG4J_CONSUMER;
        }

        /** Stop Log4j. */
        @TearDown(Level.Trial)
        public void stop()
        {
            LogManager.shutdown();
        }
    }

    /** Polls the ring and writes each entry's JSON with jackson-core. */
    static final class JacksonConsumer implements Agent, EventPoller.Handler<DisruptorPublish.OrderEvent>
    {
        final Sink sink = new Sink();
        private final EventPoller<DisruptorPublish.OrderEvent> poller;
        private final JacksonOrderJson json = new JacksonOrderJson();
        private long seq;
        private int batch;

        JacksonConsumer(final EventPoller<DisruptorPublish.OrderEvent> poller)
        {
            this.poller = poller;
        }

        @Override
        public int doWork() throws Exception
        {
            batch = 0;
            poller.poll(this);
            return batch;
        }

        @Override
        public boolean onEvent(final DisruptorPublish.OrderEvent e, final long sequence, final boolean endOfBatch)
        {
            sink.add(json.write(++seq, e.timestamp, e.orderId, e.symbol, e.side, e.status, e.qty, e.price));
            return ++batch < BenchConfig.BATCH_LIMIT;
        }

        @Override
        public String roleName()
        {
            return NAIVE_CONSUMER;
        }
    }

    /** The naive pipeline: the ring and its consumer thread. */
    @State(Scope.Benchmark)
    public static class NaivePipeline
    {
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        RingBuffer<DisruptorPublish.OrderEvent> ring;
        JacksonConsumer consumer;
        AgentRunner runner;

        /** Make the ring and start the consumer. */
        @Setup(Level.Trial)
        public void start()
        {
            // Nobody waits on the ring (the consumer polls): a wait strategy that does nothing on publish.
            ring = RingBuffer.createSingleProducer(DisruptorPublish.OrderEvent::new, BenchConfig.RING_SIZE, new BusySpinWaitStrategy());
            final EventPoller<DisruptorPublish.OrderEvent> poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
            consumer = new JacksonConsumer(poller);
            runner = new AgentRunner(new BackoffIdleStrategy(100, 100, 1_000, 100_000), Throwable::printStackTrace, null, consumer);
            ConsumerCost.sink = consumer.sink;
            ConsumerCost.thread = NAIVE_CONSUMER;
            AgentRunner.startOnThread(runner, r ->
            {
                final Thread t = new Thread(r, NAIVE_CONSUMER);
                t.setDaemon(true);
                return t;
            });
        }

        /** Stop the consumer. */
        @TearDown(Level.Trial)
        public void stop()
        {
            runner.close();
        }
    }

    /**
     * The consumer thread's CPU time, its events and their JSON bytes in the iteration, as totals. A fork runs one
     * benchmark, so one pipeline: it names its sink and consumer thread in {@link #sink} and {@link #thread}.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class ConsumerCost
    {
        static volatile Sink sink;
        static volatile String thread;

        /** CPU nanoseconds the consumer thread used in the iteration. */
        public long consumerCpuNanos;
        /** Events the consumer finished in the iteration. */
        public long consumedEvents;
        /** JSON bytes the consumer wrote in the iteration. */
        public long jsonBytes;
        long cpuBefore;
        long eventsBefore;
        long bytesBefore;

        /** Start counting. */
        @Setup(Level.Iteration)
        public void begin()
        {
            cpuBefore = CollectorCpu.cpuNanos(thread);
            eventsBefore = sink.events.get();
            bytesBefore = sink.bytes;
        }

        /** Settle. */
        @TearDown(Level.Iteration)
        public void settle()
        {
            consumerCpuNanos = CollectorCpu.cpuNanos(thread) - cpuBefore;
            consumedEvents = sink.events.get() - eventsBefore;
            jsonBytes = sink.bytes - bytesBefore;
        }
    }

    /**
     * One order event through Log4j 2's async logger and {@code JsonTemplateLayout}.
     *
     * @param p the logger.
     * @param o the order to publish.
     * @param k the consumer's cost.
     */
    @Benchmark
    @Threads(1)
    public void log4jJsonTemplate(
        final Log4jPipeline p, final OrderFlow o, final ConsumerCost k)
    {
        o.next();
        p.logger.info("order_event", o.orderId, o.symbol, o.side, o.status, o.qty, o.price);
    }

    /**
     * One order event through the naive pipeline: {@code tryNext} (yielding while the ring is full), fill, publish.
     *
     * @param p the ring.
     * @param o the order to publish.
     * @param k the consumer's cost.
     */
    @Benchmark
    @Threads(1)
    public void naiveDisruptorJackson(
        final NaivePipeline p, final OrderFlow o, final ConsumerCost k)
    {
        o.next();
        final RingBuffer<DisruptorPublish.OrderEvent> ring = p.ring;
        long sequence;
        while (true)
        {
            try
            {
                sequence = ring.tryNext();
                break;
            }
            catch (final InsufficientCapacityException ex)
            {
                Thread.yield(); // ring full: this benchmark measures capacity, so wait for the consumer
            }
        }
        DisruptorPublish.fill(ring.get(sequence), p.clock.nanoTime(), o, false);
        ring.publish(sequence);
    }
}
