package io.tickertape.bus;

import java.nio.charset.StandardCharsets;

import org.agrona.ExpandableArrayBuffer;
import tools.jackson.core.io.NumberOutput;

/**
 * Turns a collected slot (see {@link SlotLayout}) into the event's JSON, once:
 * <pre>
 * {"seq":42,"type":"order_event","timestamp":"2026-11-29T16:20:01.123456Z","source":"execution",
 *  "payload":{...}[,"truncated":true]}
 * </pre>
 * The envelope (everything but the payload) is written from bytes made once per type and producer: its shape is
 * fixed and its names need no escaping. The payload is written by {@link PayloadJson}, which also notes where its
 * top-level {@code symbol}, {@code strategy} and {@code status} strings are, for filters ({@link #keyOffset(int)}).
 * After warm-up an event is encoded without allocating. Not thread-safe: it belongs to the collector.
 */
final class JsonEncoder
{
    private static final byte[] SEQ_OPEN = ascii("{\"seq\":");
    private static final byte[] SEQ_OPEN_PADDED = PayloadCodec.padded(SEQ_OPEN);
    /** Most characters a long takes in decimal ({@code -9223372036854775808}). */
    private static final int LONG_DIGITS = 20;
    /** The most the encoder's own buffer grows to. */
    private static final int MAX_BUFFER = 1 << 30;
    private static final byte[] EMPTY_PAYLOAD = ascii("{}");
    private static final byte[] TRUNCATED_CLOSE = ascii(",\"truncated\":true}");
    private static final byte[] DROPPED_TOTAL = ascii(",\"total\":");
    /** What follows a relayed event's origin sequence. */
    static final byte[] ORIGIN_CLOSE = ascii("},\"payload\":");
    /** {@link #keyOffset(int)} of the payload's top-level {@code symbol}. */
    static final int SYMBOL = PayloadJson.SYMBOL;
    /** {@link #keyOffset(int)} of the payload's top-level {@code strategy} or {@code strategy_name}. */
    static final int STRATEGY = PayloadJson.STRATEGY;
    /** {@link #keyOffset(int)} of the payload's top-level {@code status}. */
    static final int STATUS = PayloadJson.STATUS;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    /** Per type, {@code ,"type":"<name>","timestamp":"} padded to whole words; its length in {@link #typeAndTimeLengths}. */
    private final byte[][] typeAndTime = new byte[EventType.MAX_TYPES][];
    private final int[] typeAndTimeLengths = new int[EventType.MAX_TYPES];
    private final IsoTimestamp timestamp = new IsoTimestamp();
    private final SequenceText sequence = new SequenceText();
    private final PayloadJson payload;

    JsonEncoder(final MemberNames memberNames)
    {
        this(memberNames, true);
    }

    /**
     * @param memberNames  the bus's member names.
     * @param shapeWriters whether payload shapes seen often get a writer of their own ({@link PayloadShapes}).
     */
    JsonEncoder(final MemberNames memberNames, final boolean shapeWriters)
    {
        this.payload = new PayloadJson(memberNames, shapeWriters);
    }

    /**
     * Encode one event into the encoder's own buffer (grown as needed); the JSON is then in {@link #bytes()}, from 0
     * to the returned length. For events that did not fit the room {@link #encode(long, byte[], int, int, byte[],
     * byte[], boolean, byte[], int, int)} was given, and for an event's truncated form.
     *
     * @throws IllegalStateException if the slot is malformed; the encoder stays usable.
     * @see #encode(long, byte[], int, int, byte[], byte[], boolean, byte[], int, int)
     */
    int encode(
        final long seq,
        final byte[] slots,
        final int slot,
        final int slotEnd,
        final byte[] source,
        final byte[] originClose,
        final boolean withoutPayload)
    {
        while (true)
        {
            final byte[] b = buffer.byteArray();
            final int end = encode(seq, slots, slot, slotEnd, source, originClose, withoutPayload, b, 0, b.length);
            if (end >= 0)
            {
                return end;
            }
            if (b.length > MAX_BUFFER / 2)
            {
                throw new IllegalStateException("event encodes to more than " + MAX_BUFFER + " bytes");
            }
            buffer.checkLimit(b.length * 2);
        }
    }

    /**
     * Encode one event into {@code b} from {@code at}, writing nothing at or past {@code limit}: the collector
     * encodes straight into the history's arena, in room it reserved there.
     * {@code withoutPayload} writes an empty payload marked truncated, for an event too long to keep. For a relay's
     * slot, {@code source} ends with the origin's {@code "seq":} and {@code originClose} is not null: the origin's
     * sequence (the slot's last 8 bytes) and {@code originClose} follow it.
     *
     * @return where the JSON ends in {@code b}, or {@link PayloadJson#NO_ROOM} if it did not fit (bytes before
     *         {@code limit} may have been written).
     * @throws IllegalStateException if the slot is malformed; the encoder stays usable.
     */
    int encode(
        final long seq,
        final byte[] slots,
        final int slot,
        final int slotEnd,
        final byte[] source,
        final byte[] originClose,
        final boolean withoutPayload,
        final byte[] b,
        final int at,
        final int limit)
    {
        final EventType type = EventType.byId(PayloadCodec.getUnsignedShort(slots, slot + SlotLayout.TYPE_OFFSET));
        if (null == type)
        {
            throw new IllegalStateException("slot has no known event type");
        }
        final byte[] typeAndTime = typeAndTime(type);
        // The envelope's pieces are padded to whole words and copied word by word: room for them, the seq, the source.
        if (at + SEQ_OPEN_PADDED.length + SequenceText.ROOM + typeAndTime.length + IsoTimestamp.PADDED_LENGTH + source.length +
            LONG_DIGITS + ORIGIN_CLOSE.length + EMPTY_PAYLOAD.length > limit)
        {
            return PayloadJson.NO_ROOM;
        }
        PayloadCodec.copyWords(SEQ_OPEN_PADDED, b, at);
        int pos = sequence.write(seq, b, at + SEQ_OPEN.length);
        PayloadCodec.copyWords(typeAndTime, b, pos);
        pos += typeAndTimeLengths[type.id()];
        pos = timestamp.writeAscii(PayloadCodec.getLong(slots, slot + SlotLayout.TIMESTAMP_OFFSET), b, pos);
        System.arraycopy(source, 0, b, pos, source.length);
        pos += source.length;
        if (null != originClose)
        {
            // Room checked above: the envelope's room counts an origin's sequence and close.
            pos = NumberOutput.outputLong(PayloadCodec.getLong(slots, slotEnd - SlotLayout.ORIGIN_SEQ_LENGTH), b, pos);
            System.arraycopy(originClose, 0, b, pos, originClose.length);
            pos += originClose.length;
        }
        if (withoutPayload)
        {
            payload.clearKeys();
            System.arraycopy(EMPTY_PAYLOAD, 0, b, pos, EMPTY_PAYLOAD.length);
            pos += EMPTY_PAYLOAD.length;
        }
        else
        {
            pos = payload.write(b, pos, limit, slots, slot, slotEnd);
            if (pos < 0)
            {
                return PayloadJson.NO_ROOM;
            }
        }
        if (withoutPayload || 0 != slots[slot + SlotLayout.TRUNCATED_OFFSET])
        {
            if (pos + TRUNCATED_CLOSE.length > limit)
            {
                return PayloadJson.NO_ROOM;
            }
            System.arraycopy(TRUNCATED_CLOSE, 0, b, pos, TRUNCATED_CLOSE.length);
            pos += TRUNCATED_CLOSE.length;
        }
        else
        {
            if (pos + 1 > limit)
            {
                return PayloadJson.NO_ROOM;
            }
            b[pos++] = '}';
        }
        return pos;
    }

    /**
     * Encode the collector's announcement of a producer's dropped events; the JSON is then in {@link #bytes()}:
     * <pre>
     * {"seq":43,"type":"dropped","timestamp":"...","source":"execution",
     *  "payload":{"source":"execution","count":12,"total":340}}
     * </pre>
     *
     * @param seq              the announcement's sequence.
     * @param timestampNanos   when the collector saw the drops, epoch nanoseconds.
     * @param sourceAndPayload the producer's {@link #sourceAndPayload(String)} bytes.
     * @param droppedOpen      the producer's {@link #droppedOpen(String)} bytes.
     * @param count            drops since the previous announcement.
     * @param total            drops of this producer since it was made.
     * @return the length of the JSON.
     */
    int encodeDropped(
        final long seq,
        final long timestampNanos,
        final byte[] sourceAndPayload,
        final byte[] droppedOpen,
        final long count,
        final long total)
    {
        final ExpandableArrayBuffer buffer = this.buffer;
        int pos = 0;
        buffer.putBytes(pos, SEQ_OPEN);
        pos += SEQ_OPEN.length;
        pos += buffer.putLongAscii(pos, seq);
        final byte[] typeAndTime = typeAndTime(EventType.DROPPED);
        buffer.putBytes(pos, typeAndTime, 0, typeAndTimeLengths[EventType.DROPPED.id()]);
        pos += typeAndTimeLengths[EventType.DROPPED.id()];
        buffer.putBytes(pos, timestamp.formatAscii(timestampNanos), 0, IsoTimestamp.LENGTH);
        pos += IsoTimestamp.LENGTH;
        buffer.putBytes(pos, sourceAndPayload);
        pos += sourceAndPayload.length;
        buffer.putBytes(pos, droppedOpen);
        pos += droppedOpen.length;
        pos += buffer.putLongAscii(pos, count);
        buffer.putBytes(pos, DROPPED_TOTAL);
        pos += DROPPED_TOTAL.length;
        pos += buffer.putLongAscii(pos, total);
        buffer.putByte(pos++, (byte)'}');
        buffer.putByte(pos++, (byte)'}');
        return pos;
    }

    /**
     * The start of a producer's {@code dropped} payload: {@code {"source":"<name>","count":}.
     *
     * @param producerName a producer name, from a character set that needs no escaping.
     * @return the bytes.
     */
    static byte[] droppedOpen(final String producerName)
    {
        return ascii("{\"source\":\"" + producerName + "\",\"count\":");
    }

    /**
     * The bytes that follow a producer's events' timestamps: {@code ","source":"<name>","payload":}.
     *
     * @param producerName a producer name, from a character set that needs no escaping.
     * @return the bytes.
     */
    static byte[] sourceAndPayload(final String producerName)
    {
        return ascii("\",\"source\":\"" + producerName + "\",\"payload\":");
    }

    /**
     * The bytes that follow a relayed event's timestamp, up to its origin's sequence:
     * {@code ","source":"<source>","origin":{"host":"<host>","epoch":"<epoch>","seq":}.
     *
     * @param origin names from a character set that needs no escaping.
     * @return the bytes.
     */
    static byte[] sourceAndOrigin(final Origin origin)
    {
        return ascii("\",\"source\":\"" + origin.source() + "\",\"origin\":{\"host\":\"" + origin.host() +
            "\",\"epoch\":\"" + origin.epoch() + "\",\"seq\":");
    }

    /** {@code ,"type":"<name>","timestamp":"}, made once per type, padded. */
    private byte[] typeAndTime(final EventType type)
    {
        final int id = type.id();
        byte[] bytes = typeAndTime[id];
        if (null == bytes)
        {
            final byte[] exact = ascii(",\"type\":\"" + type.name() + "\",\"timestamp\":\"");
            typeAndTimeLengths[id] = exact.length;
            bytes = PayloadCodec.padded(exact);
            typeAndTime[id] = bytes;
        }
        return bytes;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The writers made for payload shapes.
     *
     * @return null if this encoder makes none.
     */
    PayloadShapes shapes()
    {
        return payload.shapes();
    }

    byte[] bytes()
    {
        return buffer.byteArray();
    }

    /**
     * Where the last encoded event's slot holds a key's value (the UTF-8 of a top-level string member).
     *
     * @param key {@link #SYMBOL}, {@link #STRATEGY} or {@link #STATUS}.
     * @return the offset in the slots array, or -1 if the payload has no such member (or was not encoded).
     */
    int keyOffset(final int key)
    {
        return payload.keyOffset(key);
    }

    /**
     * The length of a key's value; valid when {@link #keyOffset(int)} is not -1.
     *
     * @param key {@link #SYMBOL} or {@link #STRATEGY}.
     * @return bytes.
     */
    int keyLength(final int key)
    {
        return payload.keyLength(key);
    }
}
