package io.tickertape.bus;

import static io.tickertape.bus.PayloadCodec.INLINE_NAME;
import static io.tickertape.bus.PayloadCodec.KEYED;
import static io.tickertape.bus.PayloadCodec.KIND_MASK;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
 * Turns a collected slot (see {@link SlotLayout}) into the event's JSON, once, with jackson-core's streaming generator:
 * <pre>
 * {"seq":42,"type":"order_event","timestamp":"2026-11-29T16:20:01.123456Z","source":"execution",
 *  "payload":{...}[,"truncated":true]}
 * </pre>
 * The envelope (everything but the payload) is written directly: its shape is fixed and its names need no
 * escaping. The payload goes through one reused jackson-core generator (no root separator between values), with
 * member names kept as {@link SerializedString}s indexed by their id, the fast double writer, and non-finite
 * doubles as {@code null}: after warm-up an event is encoded without allocating. Not thread-safe: it belongs to
 * the collector.
 * <p>
 * On the way it notes where the payload's top-level {@code symbol}, {@code strategy} (or {@code strategy_name}) and
 * {@code status} strings are, so the collector can keep their ids beside the record for filters ({@link #keyOffset(int)}): a
 * member's name id says whether it is one of them, looked up once per id.
 */
final class JsonEncoder
{
    private static final byte[] SEQ_OPEN = ascii("{\"seq\":");
    private static final byte[] EMPTY_PAYLOAD = ascii("{}");
    private static final byte[] TRUNCATED_CLOSE = ascii(",\"truncated\":true}");
    private static final byte[] DROPPED_TOTAL = ascii(",\"total\":");
    /** {@link #keyOffset(int)} of the payload's top-level {@code symbol}. */
    static final int SYMBOL = 1;
    /** {@link #keyOffset(int)} of the payload's top-level {@code strategy} or {@code strategy_name}. */
    static final int STRATEGY = 2;
    /** {@link #keyOffset(int)} of the payload's top-level {@code status}. */
    static final int STATUS = 3;
    private static final int KEYS = 4;
    private static final byte[][] KEY_NAMES = {ascii("symbol"), ascii("strategy"), ascii("strategy_name"), ascii("status")};
    private static final byte[] KEY_OF_NAME = {SYMBOL, STRATEGY, STRATEGY, STATUS};

    private final JsonFactory factory = JsonFactory.builder()
        .rootValueSeparator((SerializableString)null)
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
        .build();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final ExpandableDirectBufferOutputStream out = new ExpandableDirectBufferOutputStream(buffer);
    private final MemberNames memberNames;
    private final byte[][] typeAndTime = new byte[EventType.MAX_TYPES][];
    private SerializedString[] names = new SerializedString[64];
    private byte[] keyOfName = new byte[64];
    private final int[] keyOffsets = new int[KEYS];
    private final int[] keyLengths = new int[KEYS];
    private final IsoTimestamp timestamp = new IsoTimestamp();
    private final char[] numberChars = new char[32];
    private JsonGenerator generator;

    JsonEncoder(final MemberNames memberNames)
    {
        this.memberNames = memberNames;
        reset();
    }

    /**
     * Encode one event; the JSON is then in {@link #bytes()}, from 0 to the returned length.
     * {@code withoutPayload} writes an empty payload marked truncated, for an event too long to keep.
     *
     * @throws RuntimeException if the slot is malformed; the encoder is reset and usable again.
     */
    int encode(
        final long seq, final byte[] slots, final int slot, final int slotEnd, final byte[] source, final boolean withoutPayload)
    {
        final EventType type = EventType.byId(PayloadCodec.getUnsignedShort(slots, slot + SlotLayout.TYPE_OFFSET));
        if (null == type)
        {
            throw new IllegalStateException("slot has no known event type");
        }
        // The envelope is written here, not through the generator: its shape never changes, its type and source
        // names are from a character set that needs no escaping, and the generator's checks on each of its eight
        // tokens were a sixth of the encode. The payload, which can hold anything, goes through the generator.
        keyOffsets[SYMBOL] = -1;
        keyOffsets[STRATEGY] = -1;
        keyOffsets[STATUS] = -1;
        final ExpandableArrayBuffer buffer = this.buffer;
        int pos = 0;
        buffer.putBytes(pos, SEQ_OPEN);
        pos += SEQ_OPEN.length;
        pos += buffer.putLongAscii(pos, seq);
        final byte[] typeAndTime = typeAndTime(type);
        buffer.putBytes(pos, typeAndTime);
        pos += typeAndTime.length;
        buffer.putBytes(pos, timestamp.formatAscii(PayloadCodec.getLong(slots, slot + SlotLayout.TIMESTAMP_OFFSET)));
        pos += IsoTimestamp.LENGTH;
        buffer.putBytes(pos, source);
        pos += source.length;
        if (withoutPayload)
        {
            buffer.putBytes(pos, EMPTY_PAYLOAD);
            pos += EMPTY_PAYLOAD.length;
        }
        else
        {
            out.wrap(buffer, pos);
            try
            {
                writePayload(generator, slots, slot, slotEnd);
                generator.flush();
            }
            catch (final Throwable t)
            {
                // Whatever the failure (an Error included), the generator may be left inside the payload: a
                // fresh one, or every later payload would follow the half-written one.
                reset();
                throw t;
            }
            pos += out.position();
        }
        if (withoutPayload || 0 != slots[slot + SlotLayout.TRUNCATED_OFFSET])
        {
            buffer.putBytes(pos, TRUNCATED_CLOSE);
            pos += TRUNCATED_CLOSE.length;
        }
        else
        {
            buffer.putByte(pos++, (byte)'}');
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
        buffer.putBytes(pos, typeAndTime);
        pos += typeAndTime.length;
        buffer.putBytes(pos, timestamp.formatAscii(timestampNanos));
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

    /** {@code ,"type":"<name>","timestamp":"}, made once per type. */
    private byte[] typeAndTime(final EventType type)
    {
        final int id = type.id();
        byte[] bytes = typeAndTime[id];
        if (null == bytes)
        {
            bytes = ascii(",\"type\":\"" + type.name() + "\",\"timestamp\":\"");
            typeAndTime[id] = bytes;
        }
        return bytes;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
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
        return keyOffsets[key];
    }

    /**
     * The length of a key's value; valid when {@link #keyOffset(int)} is not -1.
     *
     * @param key {@link #SYMBOL} or {@link #STRATEGY}.
     * @return bytes.
     */
    int keyLength(final int key)
    {
        return keyLengths[key];
    }

    private void noteKey(final int key, final int offset, final int length)
    {
        if (keyOffsets[key] < 0) // the first one counts (strategy before strategy_name, if both are there)
        {
            keyOffsets[key] = offset;
            keyLengths[key] = length;
        }
    }

    /** Which key a member name is: 0 for none. */
    private static byte keyOf(final byte[] name, final int offset, final int length)
    {
        for (int k = 0; k < KEY_NAMES.length; k++)
        {
            if (Arrays.equals(KEY_NAMES[k], 0, KEY_NAMES[k].length, name, offset, offset + length))
            {
                return KEY_OF_NAME[k];
            }
        }
        return 0;
    }

    private void writePayload(final JsonGenerator g, final byte[] p, final int slot, final int slotEnd)
    {
        int pos = slot + SlotLayout.HEADER_LENGTH;
        final int length = PayloadCodec.getInt(p, slot + SlotLayout.LENGTH_OFFSET);
        if (length < 0 || pos + length > p.length)
        {
            throw new IllegalStateException("slot payload length " + length + " is out of range");
        }
        final int end = pos + length;
        int depth = 0;
        long arrayBits = 0;
        g.writeStartObject();
        while (pos < end)
        {
            int key = 0;
            final int tag = p[pos++] & 0xFF;
            final int kind = tag & KIND_MASK;
            if (kind == PayloadCodec.END)
            {
                if (depth == 0)
                {
                    throw new IllegalStateException("payload closes more containers than it opens");
                }
                if ((arrayBits & (1L << depth)) != 0)
                {
                    g.writeEndArray();
                }
                else
                {
                    g.writeEndObject();
                }
                arrayBits &= ~(1L << depth);
                depth--;
                continue;
            }
            if ((tag & KEYED) != 0)
            {
                final int nameId = PayloadCodec.getUnsignedShort(p, pos);
                g.writeName(name(nameId));
                key = depth == 0 ? keyOfName[nameId] : 0; // set for every id name() returned
                pos += 2;
            }
            else if ((tag & INLINE_NAME) != 0)
            {
                final int nameBytes = PayloadCodec.getUnsignedShort(p, pos);
                pos += 2;
                if (pos + nameBytes > end)
                {
                    throw new IllegalStateException("payload name runs past the payload");
                }
                // Only past the bus's limit of distinct names: rare, and allowed to allocate.
                g.writeName(new String(p, pos, nameBytes, StandardCharsets.UTF_8));
                key = depth == 0 ? keyOf(p, pos, nameBytes) : 0;
                pos += nameBytes;
            }
            switch (kind)
            {
                case PayloadCodec.LONG:
                    g.writeNumber(PayloadCodec.getLong(p, pos));
                    pos += 8;
                    break;
                case PayloadCodec.DOUBLE:
                    final double d = Double.longBitsToDouble(PayloadCodec.getLong(p, pos));
                    pos += 8;
                    writeDouble(g, d);
                    break;
                case PayloadCodec.TRUE:
                    g.writeBoolean(true);
                    break;
                case PayloadCodec.FALSE:
                    g.writeBoolean(false);
                    break;
                case PayloadCodec.NULL:
                    g.writeNull();
                    break;
                case PayloadCodec.STRING:
                    final int bytes = PayloadCodec.getUnsignedShort(p, pos);
                    pos += 2;
                    if (pos + bytes > end)
                    {
                        throw new IllegalStateException("payload string runs past the payload");
                    }
                    if (key != 0)
                    {
                        noteKey(key, pos, bytes);
                    }
                    if (needsEscaping(p, pos, bytes, slotEnd))
                    {
                        g.writeUTF8String(p, pos, bytes);
                    }
                    else
                    {
                        // Already valid UTF-8 (the writer made it) with nothing to escape: copied as it is.
                        g.writeRawUTF8String(p, pos, bytes);
                    }
                    pos += bytes;
                    break;
                case PayloadCodec.OBJECT:
                    g.writeStartObject();
                    depth++;
                    break;
                case PayloadCodec.ARRAY:
                    g.writeStartArray();
                    depth++;
                    arrayBits |= 1L << depth;
                    break;
                default:
                    throw new IllegalStateException("payload has unknown tag " + tag);
            }
            if (depth >= PayloadCodec.MAX_DEPTH)
            {
                throw new IllegalStateException("payload nests too deep");
            }
        }
        while (depth > 0)
        {
            if ((arrayBits & (1L << depth)) != 0)
            {
                g.writeEndArray();
            }
            else
            {
                g.writeEndObject();
            }
            depth--;
        }
        g.writeEndObject();
    }

    /**
     * Whether JSON needs any of these bytes escaped: control characters, quote, backslash. Eight bytes at a time
     * (SWAR): a byte-at-a-time scan was the largest single cost of encoding an event. Bytes up to
     * {@code readLimit} (the end of the slot) may be read past the string, and are ignored.
     */
    static boolean needsEscaping(final byte[] bytes, final int offset, final int length, final int readLimit)
    {
        int i = offset;
        final int end = offset + length;
        for (; i + 8 <= end; i += 8)
        {
            if (hasEscapable(PayloadCodec.getLong(bytes, i)))
            {
                return true;
            }
        }
        final int rest = end - i;
        if (rest > 0 && i + 8 <= readLimit)
        {
            // The last one to seven bytes, read as a whole word when that stays inside the slot, with the bytes
            // past the string replaced by a harmless 'a': short strings are the usual case and would otherwise be
            // scanned a byte at a time.
            final long keep = -1L >>> (64 - 8 * rest); // little-endian: the string's bytes are the low ones
            final long x = (PayloadCodec.getLong(bytes, i) & keep) | (0x6161616161616161L & ~keep);
            return hasEscapable(x);
        }
        for (; i < end; i++)
        {
            final int b = bytes[i] & 0xFF;
            if (b < 0x20 || b == '"' || b == '\\')
            {
                return true;
            }
        }
        return false;
    }

    private static boolean hasEscapable(final long x)
    {
        final long controls = (x - 0x2020202020202020L) & ~x;
        final long quotes = hasZeroByte(x ^ 0x2222222222222222L);
        final long backslashes = hasZeroByte(x ^ 0x5C5C5C5C5C5C5C5CL);
        return ((controls & 0x8080808080808080L) | quotes | backslashes) != 0;
    }

    private static long hasZeroByte(final long x)
    {
        return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
    }

    /**
     * Prices, quantities and ratios in telemetry are mostly decimals with a few fraction digits, and a general
     * shortest-representation double writer spends most of the encode on them. This writes such a value
     * straight from its scaled digits when that is provably the same number: below 1e9 in magnitude and at most
     * six fraction digits, and only if the decimal converts back to exactly the same double (so nothing is
     * rounded). Anything else goes to Jackson's writer. Non-finite values become null.
     */
    private void writeDouble(final JsonGenerator g, final double d)
    {
        if (!Double.isFinite(d))
        {
            g.writeNull();
            return;
        }
        final double magnitude = Math.abs(d);
        if (magnitude < 1e9 && (magnitude >= 1e-3 || d == 0))
        {
            final double scaled = magnitude * 1e6;
            final double whole = Math.rint(scaled);
            if (whole == scaled && whole / 1e6 == magnitude)
            {
                g.writeNumber(numberChars, 0, formatScaled(d < 0 || (d == 0 && 1 / d < 0), (long)whole));
                return;
            }
        }
        g.writeNumber(d);
    }

    /** Write {@code units / 10^6} as decimal text (at least one fraction digit) into numberChars. */
    private int formatScaled(final boolean negative, final long units)
    {
        final char[] c = numberChars;
        int pos = 0;
        if (negative)
        {
            c[pos++] = '-';
        }
        final long integer = units / 1_000_000;
        long fraction = units % 1_000_000;
        pos = appendDigits(c, pos, integer);
        c[pos++] = '.';
        int digits = 6;
        while (digits > 1 && fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }
        for (int i = pos + digits - 1; i >= pos; i--)
        {
            c[i] = (char)('0' + fraction % 10);
            fraction /= 10;
        }
        return pos + digits;
    }

    private static int appendDigits(final char[] c, final int at, final long value)
    {
        if (value == 0)
        {
            c[at] = '0';
            return at + 1;
        }
        int length = 0;
        for (long v = value; v > 0; v /= 10)
        {
            length++;
        }
        long v = value;
        for (int i = at + length - 1; i >= at; i--)
        {
            c[i] = (char)('0' + v % 10);
            v /= 10;
        }
        return at + length;
    }

    private SerializableString name(final int id)
    {
        final SerializedString[] names = this.names;
        if (id < names.length)
        {
            final SerializedString name = names[id];
            if (null != name)
            {
                return name;
            }
        }
        return register(id);
    }

    private SerializedString register(final int id)
    {
        final String key = memberNames.name(id);
        if (null == key)
        {
            throw new IllegalStateException("payload names unknown member id " + id);
        }
        if (id >= names.length)
        {
            names = Arrays.copyOf(names, Math.max(names.length * 2, Integer.highestOneBit(id) * 2));
            keyOfName = Arrays.copyOf(keyOfName, names.length);
        }
        final SerializedString name = new SerializedString(wellFormed(key));
        final byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        keyOfName[id] = keyOf(utf8, 0, utf8.length);
        names[id] = name;
        return name;
    }

    /** A name with unpaired surrogates replaced by U+FFFD, as string values are, so it always encodes. */
    private static String wellFormed(final String key)
    {
        StringBuilder fixed = null;
        for (int i = 0; i < key.length(); i++)
        {
            final char c = key.charAt(i);
            final boolean paired = Character.isHighSurrogate(c) ? i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1)) :
                !Character.isLowSurrogate(c) || (i > 0 && Character.isHighSurrogate(key.charAt(i - 1)));
            if (!paired && null == fixed)
            {
                fixed = new StringBuilder(key);
            }
            if (!paired)
            {
                fixed.setCharAt(i, '\uFFFD');
            }
        }
        return null == fixed ? key : fixed.toString();
    }

    private void reset()
    {
        out.wrap(buffer);
        generator = factory.createGenerator(ObjectWriteContext.empty(), out);
    }
}
