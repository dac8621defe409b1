package io.tickertape.bus;

import static io.tickertape.bus.PayloadCodec.INLINE_NAME;
import static io.tickertape.bus.PayloadCodec.KEYED;
import static io.tickertape.bus.PayloadCodec.KIND_MASK;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import tools.jackson.core.io.NumberOutput;

/**
 * Writes a slot's payload (see {@link PayloadCodec}) as the JSON object it stands for, straight into the collector's
 * buffer as UTF-8.
 * <p>
 * Written by hand rather than through jackson-core's generator, because the payload is not arbitrary input: the
 * writer on the producer's side made every string valid UTF-8, every member name is known by id and can be rendered
 * once (quotes, escapes and colon included), and the nesting was checked when it was written. A general generator
 * re-checks all of that per token (its write context, its name copies, its per-character escape table, its
 * buffer's room), and that was most of the collector's time per event. What remains per value is one room check,
 * the separator, and a copy. jackson-core still writes what this writer cannot do better: doubles that are not
 * short decimals (its Schubfach writer, {@link NumberOutput#outputDouble(double, byte[], int)}) and longs.
 * <p>
 * Escaping follows JSON (RFC 8259) as jackson-core does: quote and backslash with a backslash; {@code \b \t \n \f
 * \r} in their short forms; other control characters as a six-byte {@code u00XX} escape; everything else, non-ASCII included, as it
 * is. Non-finite doubles become {@code null}.
 * <p>
 * On the way it notes where the payload's top-level {@code symbol}, {@code strategy} (or {@code strategy_name}) and
 * {@code status} strings are ({@link #keyOffset(int)}); a member name's id says whether it is one of them, looked
 * up once per id. Not thread-safe: it belongs to the collector.
 */
final class PayloadJson
{
    /** {@link #keyOffset(int)} of the payload's top-level {@code symbol}. */
    static final int SYMBOL = 1;
    /** {@link #keyOffset(int)} of the payload's top-level {@code strategy} or {@code strategy_name}. */
    static final int STRATEGY = 2;
    /** {@link #keyOffset(int)} of the payload's top-level {@code status}. */
    static final int STATUS = 3;
    private static final int KEYS = 4;
    private static final byte[][] KEY_NAMES = {ascii("symbol"), ascii("strategy"), ascii("strategy_name"), ascii("status")};
    private static final byte[] KEY_OF_NAME = {SYMBOL, STRATEGY, STRATEGY, STATUS};
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] HEX = ascii("0123456789ABCDEF"); // as jackson-core writes them (WRITE_HEX_UPPER_CASE)
    /** Most bytes one scalar value other than a string takes, with its separator. */
    static final int SCALAR_ROOM = 2 + Math.max(NumberOutput.MAX_DOUBLE_BYTES, 24);
    /** Most bytes one byte of a string takes escaped (a six-byte {@code u00XX} escape). */
    private static final int ESCAPED_BYTE_ROOM = 6;
    /** Per byte value, the bytes {@link #escaped} writes for it: taken from it, so the rules live in one place. */
    private static final byte[] ESCAPED_WIDTH = new byte[256];

    static
    {
        final byte[] out = new byte[ESCAPED_BYTE_ROOM];
        for (int c = 0; c < ESCAPED_WIDTH.length; c++)
        {
            ESCAPED_WIDTH[c] = (byte)escaped(new byte[] {(byte)c}, 0, 1, out, 0);
        }
    }

    /** What {@link #write} returns when the object does not fit in the room it was given. */
    static final int NO_ROOM = -1;

    private final MemberNames memberNames;
    /** Each member name as written ({@code "name":}), padded to whole words for {@link PayloadCodec#copyWords}. */
    private byte[][] names = new byte[64][];
    private int[] nameLengths = new int[64];
    private byte[] keyOfName = new byte[64];
    private final int[] keyOffsets = new int[KEYS];
    private final int[] keyLengths = new int[KEYS];
    /** The writers made for shapes seen often; null when the bus makes none. */
    private final PayloadShapes shapes;

    PayloadJson(final MemberNames memberNames)
    {
        this(memberNames, true);
    }

    /**
     * @param memberNames   the bus's member names.
     * @param compileShapes whether payload shapes seen often get a writer of their own ({@link PayloadShapes}).
     */
    PayloadJson(final MemberNames memberNames, final boolean compileShapes)
    {
        this.memberNames = memberNames;
        this.shapes = compileShapes ? new PayloadShapes() : null;
    }

    /**
     * The writers made for payload shapes.
     *
     * @return null if this writer makes none.
     */
    PayloadShapes shapes()
    {
        return shapes;
    }

    /**
     * Where the last written payload's slot holds a key's value (the UTF-8 of a top-level string member).
     *
     * @param key {@link #SYMBOL}, {@link #STRATEGY} or {@link #STATUS}.
     * @return the offset in the slots array, or -1 if the payload has no such member (or was not written).
     */
    int keyOffset(final int key)
    {
        return keyOffsets[key];
    }

    /**
     * The length of a key's value; valid when {@link #keyOffset(int)} is not -1.
     *
     * @param key {@link #SYMBOL}, {@link #STRATEGY} or {@link #STATUS}.
     * @return bytes.
     */
    int keyLength(final int key)
    {
        return keyLengths[key];
    }

    /** Forget the keys of the last payload, for an event written without one. */
    void clearKeys()
    {
        keyOffsets[SYMBOL] = -1;
        keyOffsets[STRATEGY] = -1;
        keyOffsets[STATUS] = -1;
    }

    /**
     * Write the payload of the slot at {@code slot} as a JSON object.
     *
     * @param b       where to write.
     * @param at      where in {@code b} the object starts.
     * @param limit   the end of the room in {@code b}: nothing is written at or past it.
     * @param p       the producer's slots.
     * @param slot    the slot's offset in {@code p}.
     * @param slotEnd the end of the slot (bytes up to it may be read past a value, and are ignored).
     * @return where the object ends in {@code b}, or {@link #NO_ROOM} if it did not fit before {@code limit} (some
     *         bytes may have been written; writing again with more room gives the whole object).
     * @throws IllegalStateException if the slot is malformed; nothing but bytes of {@code b} is changed.
     */
    int write(final byte[] b, final int at, final int limit, final byte[] p, final int slot, final int slotEnd)
    {
        clearKeys();
        final int start = slot + SlotLayout.HEADER_LENGTH;
        final int length = PayloadCodec.getInt(p, slot + SlotLayout.LENGTH_OFFSET);
        if (length < 0 || start + length > p.length)
        {
            throw new IllegalStateException("slot payload length " + length + " is out of range");
        }
        final int end = start + length;
        final PayloadShapes shapes = this.shapes;
        if (null == shapes)
        {
            return writeMembers(b, at, limit, p, start, end, slotEnd);
        }
        final int type = PayloadCodec.getUnsignedShort(p, slot + SlotLayout.TYPE_OFFSET);
        final int written = shapes.write(this, type, b, at, limit, p, start, end, slotEnd);
        if (written != ShapeWriter.MISMATCH)
        {
            return written;
        }
        clearKeys();
        final int o = writeMembers(b, at, limit, p, start, end, slotEnd);
        if (o >= 0)
        {
            shapes.learn(this, type, p, start, end);
        }
        return o;
    }

    /** The general writer: the payload's members one by one, whatever their shape. */
    private int writeMembers(
        final byte[] b, final int at, final int limit, final byte[] p, final int start, final int end, final int slotEnd)
    {
        int pos = start;
        if (at + SCALAR_ROOM > limit)
        {
            return NO_ROOM;
        }
        int o = at;
        b[o++] = '{';
        int depth = 0;
        long arrayBits = 0;
        long firstBits = 1; // bit d: the next value at depth d is the first in its container (no comma before it)
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
                if (o + 1 > limit)
                {
                    return NO_ROOM;
                }
                b[o++] = (byte)((arrayBits & (1L << depth)) != 0 ? ']' : '}');
                arrayBits &= ~(1L << depth);
                depth--;
                continue;
            }
            byte[] name = null;
            int nameLength = 0;
            int inlineName = -1;
            int nameBytes = 0;
            int key = 0;
            if ((tag & KEYED) != 0)
            {
                final int nameId = PayloadCodec.getUnsignedShort(p, pos);
                pos += 2;
                name = name(nameId);
                nameLength = nameLengths[nameId]; // set for every id name() returned
                nameBytes = name.length; // padded: the room the word copy needs
                key = depth == 0 ? keyOfName[nameId] : 0; // set for every id name() returned
            }
            else if ((tag & INLINE_NAME) != 0)
            {
                nameBytes = PayloadCodec.getUnsignedShort(p, pos);
                pos += 2;
                if (pos + nameBytes > end)
                {
                    throw new IllegalStateException("payload name runs past the payload");
                }
                // Only past the bus's limit of distinct names: rare, so escaped here each time.
                inlineName = pos;
                key = depth == 0 ? keyOf(p, pos, nameBytes) : 0;
                pos += nameBytes;
                nameBytes = nameBytes * ESCAPED_BYTE_ROOM + 3;
            }
            int stringBytes = 0;
            if (kind == PayloadCodec.STRING)
            {
                stringBytes = PayloadCodec.getUnsignedShort(p, pos);
                pos += 2;
                if (pos + stringBytes > end)
                {
                    throw new IllegalStateException("payload string runs past the payload");
                }
            }
            // Room for the plain copy of a string (whole words); one that needs escaping checks again for more.
            if (o + SCALAR_ROOM + nameBytes + stringBytes + Long.BYTES > limit)
            {
                return NO_ROOM;
            }
            if ((firstBits & (1L << depth)) != 0)
            {
                firstBits &= ~(1L << depth);
            }
            else
            {
                b[o++] = ',';
            }
            if (null != name)
            {
                PayloadCodec.copyWords(name, b, o);
                o += nameLength;
            }
            else if (inlineName >= 0)
            {
                o = string(p, inlineName, PayloadCodec.getUnsignedShort(p, inlineName - 2), slotEnd, b, o, limit);
                b[o++] = ':'; // the name's room was reserved escaped: it fits
            }
            switch (kind)
            {
                case PayloadCodec.LONG:
                    o = NumberOutput.outputLong(PayloadCodec.getLong(p, pos), b, o);
                    pos += 8;
                    break;
                case PayloadCodec.DOUBLE:
                    o = writeDouble(Double.longBitsToDouble(PayloadCodec.getLong(p, pos)), b, o);
                    pos += 8;
                    break;
                case PayloadCodec.TRUE:
                    o = copy(TRUE, b, o);
                    break;
                case PayloadCodec.FALSE:
                    o = copy(FALSE, b, o);
                    break;
                case PayloadCodec.NULL:
                    o = copy(NULL, b, o);
                    break;
                case PayloadCodec.STRING:
                    if (key != 0)
                    {
                        noteKey(key, pos, stringBytes);
                    }
                    o = string(p, pos, stringBytes, slotEnd, b, o, limit);
                    if (o < 0)
                    {
                        return NO_ROOM;
                    }
                    pos += stringBytes;
                    break;
                case PayloadCodec.OBJECT:
                case PayloadCodec.ARRAY:
                    if (++depth >= PayloadCodec.MAX_DEPTH)
                    {
                        throw new IllegalStateException("payload nests too deep");
                    }
                    firstBits |= 1L << depth;
                    if (kind == PayloadCodec.ARRAY)
                    {
                        arrayBits |= 1L << depth;
                        b[o++] = '[';
                    }
                    else
                    {
                        b[o++] = '{';
                    }
                    break;
                default:
                    throw new IllegalStateException("payload has unknown tag " + tag);
            }
        }
        if (o + depth + 1 > limit)
        {
            return NO_ROOM;
        }
        for (; depth > 0; depth--)
        {
            b[o++] = (byte)((arrayBits & (1L << depth)) != 0 ? ']' : '}');
        }
        b[o++] = '}';
        return o;
    }

    private static int copy(final byte[] bytes, final byte[] b, final int o)
    {
        System.arraycopy(bytes, 0, b, o, bytes.length);
        return o + bytes.length;
    }

    /**
     * A quoted string from UTF-8 the producer wrote; the caller made room for its bytes as they are and a word
     * more. Returns {@link #NO_ROOM} if it needs escaping and the escaped form might not fit before {@code limit}.
     */
    private static int string(
        final byte[] p, final int from, final int length, final int readLimit, final byte[] b, final int at, final int limit)
    {
        b[at] = '"';
        final int o = stringContent(p, from, length, readLimit, b, at + 1, limit - 1);
        if (o < 0)
        {
            return NO_ROOM;
        }
        b[o] = '"';
        return o + 1;
    }

    /**
     * A string's content, without its quotes, from UTF-8 the producer wrote; the caller made room for its bytes as
     * they are and a word more.
     *
     * @return where the content ends, or {@link #NO_ROOM} if it needs escaping and the escaped form does not fit
     *         before {@code limit}.
     */
    static int stringContent(
        final byte[] p, final int from, final int length, final int readLimit, final byte[] b, final int at, final int limit)
    {
        final int words = (length + Long.BYTES - 1) & -Long.BYTES;
        if (words <= readLimit - from && words <= limit - at)
        {
            // The words the plain copy would move are inside both arrays, or this throws before any is moved.
            Objects.checkFromIndexSize(from, words, p.length);
            Objects.checkFromIndexSize(at, words, b.length);
        }
        return stringContentInRange(p, from, length, readLimit, b, at, limit);
    }

    /**
     * As {@link #stringContent}, for a caller that has made sure that the string's whole words, when they lie before
     * {@code readLimit} and {@code limit}, lie inside {@code p} and {@code b}: a shape's writer does once at its entry
     * ({@code 0 <= from}, {@code 0 <= at}, {@code readLimit <= p.length}, {@code limit <= b.length}), so the copy
     * needs no check against the arrays of its own (those two checks per string were a measurable part of the
     * collector's time); {@link #stringContent} checks them and comes here.
     */
    static int stringContentInRange(
        final byte[] p, final int from, final int length, final int readLimit, final byte[] b, final int at, final int limit)
    {
        final int words = (length + Long.BYTES - 1) & -Long.BYTES;
        if (words <= readLimit - from && words <= limit - at && copyPlain(p, from, length, b, at))
        {
            return at + length;
        }
        return stringContentCarefully(p, from, length, readLimit, b, at, limit);
    }

    /** A string whose words could not all be copied plain: it needs escaping, or its last word lies past a limit. */
    private static int stringContentCarefully(
        final byte[] p, final int from, final int length, final int readLimit, final byte[] b, final int at, final int limit)
    {
        if (!needsEscaping(p, from, length, readLimit))
        {
            // Already valid UTF-8 (the writer made it) with nothing to escape: copied as it is.
            System.arraycopy(p, from, b, at, length);
            return at + length;
        }
        if (at + escapedLength(p, from, from + length) > limit)
        {
            return NO_ROOM; // a second pass over the string, only for one that needs escaping: rare
        }
        return escaped(p, from, from + length, b, at);
    }

    /**
     * Copy a string's bytes a word at a time, checking each word for a byte JSON escapes as it goes: one pass over
     * the bytes instead of a scan then a copy. The last word is read and written whole (bytes past the string are
     * ignored by the check and overwritten by the next write), so the caller has checked that the string's whole
     * words lie inside both arrays.
     *
     * @return false if some byte needs escaping: the caller starts again the careful way.
     */
    private static boolean copyPlain(final byte[] p, final int from, final int length, final byte[] b, final int at)
    {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            final long x = PayloadCodec.getLongInCheckedRange(p, from + i);
            if (hasEscapable(x))
            {
                return false;
            }
            PayloadCodec.putLongInCheckedRange(b, at + i, x);
        }
        if (i < length)
        {
            final long x = PayloadCodec.getLongInCheckedRange(p, from + i);
            if (hasEscapableInFirst(x, length - i))
            {
                return false;
            }
            PayloadCodec.putLongInCheckedRange(b, at + i, x);
        }
        return true;
    }

    /** The bytes {@link #escaped} writes for these. */
    private static int escapedLength(final byte[] p, final int from, final int end)
    {
        int length = 0;
        for (int i = from; i < end; i++)
        {
            length += ESCAPED_WIDTH[p[i] & 0xFF];
        }
        return length;
    }

    private static int escaped(final byte[] p, final int from, final int end, final byte[] b, final int at)
    {
        int o = at;
        for (int i = from; i < end; i++)
        {
            final int c = p[i] & 0xFF;
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                b[o++] = (byte)c;
                continue;
            }
            b[o++] = '\\';
            switch (c)
            {
                case '"', '\\' -> b[o++] = (byte)c;
                case '\b' -> b[o++] = 'b';
                case '\t' -> b[o++] = 't';
                case '\n' -> b[o++] = 'n';
                case '\f' -> b[o++] = 'f';
                case '\r' -> b[o++] = 'r';
                default ->
                {
                    b[o++] = 'u';
                    b[o++] = '0';
                    b[o++] = '0';
                    b[o++] = HEX[c >> 4];
                    b[o++] = HEX[c & 0xF];
                }
            }
        }
        return o;
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
            // The last one to seven bytes, read as a whole word when that stays inside the slot, and only their own
            // flags looked at: short strings are the usual case and would otherwise be scanned a byte at a time.
            return hasEscapableInFirst(PayloadCodec.getLong(bytes, i), rest);
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

    /**
     * Whether any of the word's first {@code bytes} bytes (1 to 7: a string's last, the rest lie past it) is a control
     * character, a quote or a backslash. {@link #escapableBits}'s flag for a byte depends only on that byte and the
     * bytes below it (a subtraction borrows upwards), which are the string's: so the flags of those bytes alone say
     * it, whatever lies past the string.
     */
    static boolean hasEscapableInFirst(final long word, final int bytes)
    {
        return (escapableBits(word) & 0x8080808080808080L >>> (64 - 8 * bytes)) != 0; // little-endian: the low bytes
    }

    /**
     * Whether any byte of the word is a control character, a quote or a backslash. Three per-byte tests (the byte
     * less than 0x20; the byte xor 0x22 less than 1; the byte xor 0x5C less than 1) share one mask: a byte's high bit
     * comes out set only where that byte, or a lower one, is a hit (a subtraction borrows only out of a hit), and bytes
     * of 0x80 and above are masked off by {@code ~x}, which serves all three because xor with 0x22 or 0x5C leaves
     * each byte's high bit as it was. So the word has a hit exactly when the result is not 0.
     */
    static boolean hasEscapable(final long x)
    {
        return escapableBits(x) != 0;
    }

    /**
     * {@link #hasEscapable}'s mask: the high bit of the lowest byte that is a hit is set, and of no byte below it;
     * bytes above it may be set either way.
     */
    private static long escapableBits(final long x)
    {
        final long controls = x - 0x2020202020202020L;
        final long quotes = (x ^ 0x2222222222222222L) - 0x0101010101010101L;
        final long backslashes = (x ^ 0x5C5C5C5C5C5C5C5CL) - 0x0101010101010101L;
        return (controls | quotes | backslashes) & ~x & 0x8080808080808080L;
    }

    /**
     * Prices, quantities and ratios in telemetry are mostly decimals with a few fraction digits, and a general
     * shortest-representation double writer spends most of the encode on them. This writes such a value
     * straight from its scaled digits when that is provably the same number: below 1e9 in magnitude and at most
     * six fraction digits, and only if the decimal converts back to exactly the same double (so nothing is
     * rounded). Anything else goes to jackson-core's writer. Non-finite values become null.
     */
    static int writeDouble(final double d, final byte[] b, final int o)
    {
        if (!Double.isFinite(d))
        {
            return copy(NULL, b, o);
        }
        final double magnitude = Math.abs(d);
        if (magnitude < 1e9 && (magnitude >= 1e-3 || d == 0))
        {
            final double scaled = magnitude * 1e6;
            final double whole = Math.rint(scaled);
            if (whole == scaled && whole / 1e6 == magnitude)
            {
                return formatScaled(d < 0 || (d == 0 && 1 / d < 0), (long)whole, b, o);
            }
        }
        return NumberOutput.outputDouble(d, b, o);
    }

    /** Write {@code units / 10^6} (below 10^15) as decimal text, with at least one fraction digit. */
    private static int formatScaled(final boolean negative, final long units, final byte[] b, final int at)
    {
        int pos = at;
        if (negative)
        {
            b[pos++] = '-';
        }
        pos = NumberOutput.outputInt((int)(units / 1_000_000), b, pos);
        b[pos++] = '.';
        final int fraction = (int)(units % 1_000_000);
        Digits.six(fraction, b, pos); // all six, then only the significant ones kept
        return pos + fractionDigits(fraction);
    }

    /** Digits of a six-digit fraction without its trailing zeros; at least one. */
    private static int fractionDigits(final int fraction)
    {
        if (fraction == 0)
        {
            return 1;
        }
        int f = fraction;
        int digits = 6;
        if (f % 1000 == 0)
        {
            f /= 1000;
            digits = 3;
        }
        if (f % 100 == 0)
        {
            return digits - 2;
        }
        return f % 10 == 0 ? digits - 1 : digits;
    }

    void noteKey(final int key, final int offset, final int length)
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

    /**
     * A member name as written, {@code "name":} quoted and escaped, exactly (not padded).
     *
     * @param id a member name's id.
     * @return a new array.
     */
    byte[] renderedName(final int id)
    {
        return Arrays.copyOf(name(id), nameLengths[id]);
    }

    /**
     * Which key a member name is, for a top-level string: {@link #SYMBOL}, {@link #STRATEGY}, {@link #STATUS} or 0.
     *
     * @param id a member name's id, already rendered by {@link #renderedName(int)}.
     * @return the key.
     */
    int keyOfName(final int id)
    {
        return keyOfName[id];
    }

    /** A member name as written: {@code "name":}, quoted and escaped. */
    private byte[] name(final int id)
    {
        final byte[][] names = this.names;
        if (id < names.length)
        {
            final byte[] name = names[id];
            if (null != name)
            {
                return name;
            }
        }
        return register(id);
    }

    private byte[] register(final int id)
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
            nameLengths = Arrays.copyOf(nameLengths, names.length);
        }
        // As the producer writes strings: unpaired surrogates become U+FFFD, so the name is always valid UTF-8.
        final byte[] utf8 = new byte[key.length() * 3];
        final int length = PayloadCodec.putUtf8(utf8, 0, utf8.length, key);
        final byte[] rendered = new byte[length * ESCAPED_BYTE_ROOM + 3];
        int o = string(utf8, 0, length, length, rendered, 0, rendered.length);
        rendered[o++] = ':';
        keyOfName[id] = keyOf(utf8, 0, length);
        nameLengths[id] = o;
        names[id] = PayloadCodec.padded(Arrays.copyOf(rendered, o));
        return names[id];
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
