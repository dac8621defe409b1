package io.tickertape.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.tickertape.bus.IsoTimestamp;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.io.ExpandableDirectBufferOutputStream;
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
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * A reference for the collector's encode step: the same order event JSON, written with jackson-core directly from
 * Java fields, configured as the bus's encoder is (reused generator over a reused Agrona buffer, no root separator,
 * fast double writer, cached names, the bus's {@link IsoTimestamp}). The bus's own encoder is internal; its cost shows, with the rest
 * of the collector's work, as the reciprocal of {@link PipelineThroughput}'s one-producer {@code collected} rate.
 * The difference is what reading the slot's binary payload and appending to the history add.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class JsonEncodeReference
{
    private static final SerializedString SEQ = new SerializedString("seq");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString SOURCE = new SerializedString("source");
    private static final SerializedString PAYLOAD = new SerializedString("payload");
    private static final SerializedString ORDER_ID = new SerializedString("order_id");
    private static final SerializedString SYMBOL = new SerializedString("symbol");
    private static final SerializedString SIDE = new SerializedString("side");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString QTY = new SerializedString("qty");
    private static final SerializedString PRICE = new SerializedString("price");
    private static final SerializedString ORDER_EVENT = new SerializedString("order_event");
    private static final SerializedString EXECUTION = new SerializedString("execution");

    /** A reused generator over a reused buffer. */
    @State(Scope.Thread)
    public static class Encoder
    {
        final EpochNanoClock clock = new SystemEpochNanoClock();
        final IsoTimestamp timestamp = new IsoTimestamp();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final ExpandableDirectBufferOutputStream out = new ExpandableDirectBufferOutputStream(buffer);
        JsonGenerator generator;
        long seq;

        /** Make the generator. */
        @Setup(Level.Trial)
        public void create()
        {
            final JsonFactory factory = JsonFactory.builder()
                .rootValueSeparator((SerializableString)null)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .build();
            generator = factory.createGenerator(ObjectWriteContext.empty(), out);
        }
    }

    /**
     * Encode one order event, envelope and payload, and flush it to the buffer.
     *
     * @param e the encoder.
     * @param o the order.
     * @return the JSON length.
     */
    @Benchmark
    public int encodeOrderEvent(final Encoder e, final OrderFlow o)
    {
        o.next();
        e.out.wrap(e.buffer);
        final JsonGenerator g = e.generator;
        g.writeStartObject();
        g.writeName(SEQ);
        g.writeNumber(++e.seq);
        g.writeName(TYPE);
        g.writeString(ORDER_EVENT);
        g.writeName(TIMESTAMP);
        g.writeString(e.timestamp.format(e.clock.nanoTime()), 0, IsoTimestamp.LENGTH);
        g.writeName(SOURCE);
        g.writeString(EXECUTION);
        g.writeName(PAYLOAD);
        g.writeStartObject();
        g.writeName(ORDER_ID);
        g.writeString(o.orderId);
        g.writeName(SYMBOL);
        g.writeString(o.symbol);
        g.writeName(SIDE);
        g.writeString(o.side);
        g.writeName(STATUS);
        g.writeString(o.status);
        g.writeName(QTY);
        g.writeNumber(o.qty);
        g.writeName(PRICE);
        g.writeNumber(o.price);
        g.writeEndObject();
        g.writeEndObject();
        g.flush();
        return e.out.position();
    }
}
