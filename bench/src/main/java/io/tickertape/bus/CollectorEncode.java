package io.tickertape.bus;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.tickertape.bench.jmh.OrderFlow;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The collector's work per event without its threads: encode an order event from a producer's slot (eight
 * symbols in turn), work out what the history keeps beside it ({@link RecordKeys}: with {@code filterKeys}, the
 * dictionary lookups; without, none), and append it to a history. On one thread, so the figure is free of the
 * scheduling noise that a pipeline of two threads on two cores carries; in this package (the bench jar holds the
 * bus's classes) to call the collector's own code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class CollectorEncode
{
    private static final int EVENTS = 8;

    /** Whether the dictionary lookups run, as {@link BusContext#filterKeys(boolean)}. */
    @Param({"false", "true"})
    public boolean filterKeys;

    private TelemetryBus bus;
    private byte[] slots;
    private int stride;
    private byte[] source;
    private JsonEncoder encoder;
    private HistoryRing history;
    private int sourceId;
    private int next;
    private long seq;

    /** Publish eight order events, one per symbol, and keep their slots. */
    @Setup(Level.Trial)
    public void setup()
    {
        bus = TelemetryBus.launch(new BusContext());
        final Producer producer = bus.producer("execution", 16);
        final OrderFlow o = new OrderFlow();
        for (int i = 0; i < EVENTS; i++)
        {
            o.next();
            if (!Events.order(producer, o.orderId, o.symbol, o.side, o.status, o.qty, o.price))
            {
                throw new IllegalStateException("not published");
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bus.history().head() < EVENTS && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        slots = producer.slots(); // slots 0 to 7 hold the events (a slot is not cleared when collected)
        stride = producer.stride();
        source = JsonEncoder.sourceAndPayload(producer.name());
        encoder = new JsonEncoder(bus.memberNames());
        history = new HistoryRing(1 << 16, 1 << 24);
        final byte[] name = producer.name().getBytes(StandardCharsets.US_ASCII);
        sourceId = filterKeys ? history.sources().intern(name, 0, name.length) : history.sources().overflowId();
    }

    /** Stop the bus. */
    @TearDown(Level.Trial)
    public void close()
    {
        bus.close();
    }

    /**
     * One event: encode, keys, append.
     *
     * @return the sequence appended.
     */
    @Benchmark
    public long collectOne()
    {
        final int slot = (next++ & (EVENTS - 1)) * stride;
        final int typeId = PayloadCodec.getUnsignedShort(slots, slot + SlotLayout.TYPE_OFFSET);
        final int length = encoder.encode(++seq, slots, slot, slot + stride, source, false);
        final long keys = RecordKeys.of(encoder, history, slots, sourceId, filterKeys);
        return history.append(typeId, PayloadCodec.getLong(slots, slot + SlotLayout.TIMESTAMP_OFFSET), keys, encoder.bytes(), 0, length);
    }
}
