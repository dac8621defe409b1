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
 * One generator is reused for every event (no root separator between values), member names are kept as
 * {@link SerializedString}s indexed by their id, doubles use the fast writer, and non-finite doubles become {@code null}: after
 * warm-up an event is encoded without allocating. Not thread-safe: it belongs to the collector.
 */
final class JsonEncoder
{
    private static final SerializedString SEQ = new SerializedString("seq");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString SOURCE = new SerializedString("source");
    private static final SerializedString PAYLOAD = new SerializedString("payload");
    private static final SerializedString TRUNCATED = new SerializedString("truncated");

    private final JsonFactory factory = JsonFactory.builder()
        .rootValueSeparator((SerializableString)null)
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
        .build();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final ExpandableDirectBufferOutputStream out = new ExpandableDirectBufferOutputStream(buffer);
    private final MemberNames memberNames;
    private SerializedString[] names = new SerializedString[64];
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
    int encode(final long seq, final byte[] slots, final int slot, final SerializedString source, final boolean withoutPayload)
    {
        out.wrap(buffer);
        try
        {
            final JsonGenerator g = generator;
            g.writeStartObject();
            g.writeName(SEQ);
            g.writeNumber(seq);
            g.writeName(TYPE);
            final EventType type = EventType.byId(PayloadCodec.getUnsignedShort(slots, slot + SlotLayout.TYPE_OFFSET));
            if (null == type)
            {
                throw new IllegalStateException("slot has no known event type");
            }
            g.writeString(type.jsonName());
            g.writeName(TIMESTAMP);
            final long nanos = PayloadCodec.getLong(slots, slot + SlotLayout.TIMESTAMP_OFFSET);
            g.writeRawUTF8String(timestamp.formatAscii(nanos), 0, IsoTimestamp.LENGTH);
            g.writeName(SOURCE);
            g.writeString(source);
            g.writeName(PAYLOAD);
            if (withoutPayload)
            {
                g.writeStartObject();
                g.writeEndObject();
            }
            else
            {
                writePayload(g, slots, slot);
            }
            if (0 != slots[slot + SlotLayout.TRUNCATED_OFFSET] || withoutPayload)
            {
                g.writeName(TRUNCATED);
                g.writeBoolean(true);
            }
            g.writeEndObject();
            g.flush();
            return out.position();
        }
        catch (final RuntimeException ex)
        {
            reset();
            throw ex;
        }
    }

    byte[] bytes()
    {
        return buffer.byteArray();
    }

    private void writePayload(final JsonGenerator g, final byte[] p, final int slot)
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
                g.writeName(name(PayloadCodec.getUnsignedShort(p, pos)));
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
                    if (needsEscaping(p, pos, bytes))
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
     * (SWAR): a byte-at-a-time scan was the largest single cost of encoding an event.
     */
    static boolean needsEscaping(final byte[] bytes, final int offset, final int length)
    {
        int i = offset;
        final int end = offset + length;
        for (; i + 8 <= end; i += 8)
        {
            final long x = PayloadCodec.getLong(bytes, i);
            final long controls = (x - 0x2020202020202020L) & ~x;
            final long quotes = hasZeroByte(x ^ 0x2222222222222222L);
            final long backslashes = hasZeroByte(x ^ 0x5C5C5C5C5C5C5C5CL);
            if (((controls & 0x8080808080808080L) | quotes | backslashes) != 0)
            {
                return true;
            }
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
        }
        final SerializedString name = new SerializedString(wellFormed(key));
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
