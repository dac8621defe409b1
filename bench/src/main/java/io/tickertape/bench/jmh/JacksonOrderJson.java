package io.tickertape.bench.jmh;

import io.tickertape.bus.IsoTimestamp;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.io.ExpandableDirectBufferOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * The order event's JSON (the bus's envelope and payload) written with jackson-core straight from Java fields, the
 * way a careful user of jackson-core would: one generator reused over one reused buffer, no root separator, the fast
 * double writer, names serialized once, the bus's {@link IsoTimestamp}. {@link JsonEncodeReference} times it alone;
 * {@link PeerPipelines} runs it as the handler of a raw Disruptor ring.
 */
final class JacksonOrderJson
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

    private final IsoTimestamp timestamp = new IsoTimestamp();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final ExpandableDirectBufferOutputStream out = new ExpandableDirectBufferOutputStream(buffer);
    private final JsonGenerator generator;

    JacksonOrderJson()
    {
        final JsonFactory factory = JsonFactory.builder()
            .rootValueSeparator((SerializableString)null)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();
        generator = factory.createGenerator(ObjectWriteContext.empty(), out);
    }

    /**
     * Write one order event, envelope and payload, at the start of the buffer.
     *
     * @return the JSON's length in {@link #bytes()}.
     */
    int write(
        final long seq, final long timestampNanos, final String orderId, final String symbol, final String side,
        final String status, final long qty, final double price)
    {
        out.wrap(buffer);
        final JsonGenerator g = generator;
        g.writeStartObject();
        g.writeName(SEQ);
        g.writeNumber(seq);
        g.writeName(TYPE);
        g.writeString(ORDER_EVENT);
        g.writeName(TIMESTAMP);
        g.writeString(timestamp.format(timestampNanos), 0, IsoTimestamp.LENGTH);
        g.writeName(SOURCE);
        g.writeString(EXECUTION);
        g.writeName(PAYLOAD);
        g.writeStartObject();
        g.writeName(ORDER_ID);
        g.writeString(orderId);
        g.writeName(SYMBOL);
        g.writeString(symbol);
        g.writeName(SIDE);
        g.writeString(side);
        g.writeName(STATUS);
        g.writeString(status);
        g.writeName(QTY);
        g.writeNumber(qty);
        g.writeName(PRICE);
        g.writeNumber(price);
        g.writeEndObject();
        g.writeEndObject();
        g.flush();
        return out.position();
    }

    /** The buffer the last {@link #write} wrote into, from index 0. */
    byte[] bytes()
    {
        return buffer.byteArray();
    }
}
