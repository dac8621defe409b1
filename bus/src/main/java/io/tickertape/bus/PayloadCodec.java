package io.tickertape.bus;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

import org.agrona.UnsafeApi;

/**
 * The binary payload written by {@link EventWriter} into a slot (see {@link SlotLayout}) and read by the collector.
 * <pre>
 *   value := tag [name] [body]
 *   tag   :  0 1 2 3 4 5 6 7
 *           +-------+-------+
 *           | kind  | . I K |   K (0x80): a member name follows as a 2-byte id (little-endian), see MemberNames
 *           +-------+-------+   I (0x40): a member name follows inline: 2 bytes length, then that many of UTF-8
 *                                         (only when the bus's table of names is full)
 *                               neither: an array element, no name
 *   kind   body
 *   LONG   8 bytes, little-endian
 *   DOUBLE 8 bytes, IEEE 754, little-endian
 *   TRUE, FALSE, NULL          none
 *   STRING 2 bytes length (little-endian, unsigned) then that many bytes of UTF-8
 *   OBJECT, ARRAY              none: opens a container; its values follow
 *   END                        none: closes the innermost open container
 * </pre>
 * A writer only ever appends whole values, so the payload is always a valid prefix; containers still open at the
 * end are closed by the reader.
 */
final class PayloadCodec
{
    static final byte LONG = 1;
    static final byte DOUBLE = 2;
    static final byte TRUE = 3;
    static final byte FALSE = 4;
    static final byte NULL = 5;
    static final byte STRING = 6;
    static final byte OBJECT = 7;
    static final byte ARRAY = 8;
    static final byte END = 9;

    static final int KEYED = 0x80;
    static final int INLINE_NAME = 0x40;
    static final int KIND_MASK = 0x0F;
    static final int MAX_STRING_BYTES = 0xFFFF;
    /** Deepest nesting of objects and arrays inside the payload object. */
    static final int MAX_DEPTH = 32;

    private static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private PayloadCodec()
    {
    }

    // Little-endian numbers at any byte offset of an array, bounds-checked, through Unsafe (as Agrona's buffers do):
    // byte-array view VarHandles did the same, but on the producer's path the JIT left their invocation only
    // partly inlined, which cost more than the rest of a publish's stores together.

    static void putLong(final byte[] buffer, final int index, final long value)
    {
        Objects.checkFromIndexSize(index, Long.BYTES, buffer.length);
        UnsafeApi.putLong(buffer, BYTE_ARRAY_BASE + index, NATIVE_LITTLE_ENDIAN ? value : Long.reverseBytes(value));
    }

    /**
     * A word at {@code index} with no bounds check of its own, for a loop of word moves whose whole range the caller
     * checked once ({@link Objects#checkFromIndexSize}): a check per word was a measurable part of a string's copy.
     */
    static long getLongInCheckedRange(final byte[] buffer, final int index)
    {
        final long value = UnsafeApi.getLong(buffer, BYTE_ARRAY_BASE + index);
        return NATIVE_LITTLE_ENDIAN ? value : Long.reverseBytes(value);
    }

    /**
     * Write a word at {@code index} with no bounds check of its own, for a loop of word moves whose whole range the
     * caller checked once ({@link Objects#checkFromIndexSize}).
     */
    static void putLongInCheckedRange(final byte[] buffer, final int index, final long value)
    {
        UnsafeApi.putLong(buffer, BYTE_ARRAY_BASE + index, NATIVE_LITTLE_ENDIAN ? value : Long.reverseBytes(value));
    }

    /**
     * A little-endian int at {@code index} with no bounds check of its own, for code that checked the range it reads
     * in before (a shape's writer, {@link ShapeCompiler}).
     */
    static int getIntInCheckedRange(final byte[] buffer, final int index)
    {
        final int value = UnsafeApi.getInt(buffer, BYTE_ARRAY_BASE + index);
        return NATIVE_LITTLE_ENDIAN ? value : Integer.reverseBytes(value);
    }

    static long getLong(final byte[] buffer, final int index)
    {
        Objects.checkFromIndexSize(index, Long.BYTES, buffer.length);
        final long value = UnsafeApi.getLong(buffer, BYTE_ARRAY_BASE + index);
        return NATIVE_LITTLE_ENDIAN ? value : Long.reverseBytes(value);
    }

    /**
     * Copy the whole of {@code src}, whose length is a multiple of eight, to {@code dst} at {@code at}, a word at a
     * time. For the collector's pre-rendered pieces (member names, the envelope's parts), padded to whole words and
     * copied whole: the padding lands in room the caller reserved, and the next write covers it. Runs this short,
     * with a length unknown to the JIT, cost more as a call into {@code System.arraycopy}'s stub than as a few
     * inlined word moves.
     */
    static void copyWords(final byte[] src, final byte[] dst, final int at)
    {
        final int length = src.length;
        if ((length & (Long.BYTES - 1)) != 0)
        {
            throw new IllegalArgumentException("not padded to whole words: " + length + " bytes");
        }
        Objects.checkFromIndexSize(at, length, dst.length);
        for (int i = 0; i < length; i += Long.BYTES)
        {
            UnsafeApi.putLong(dst, BYTE_ARRAY_BASE + at + i, UnsafeApi.getLong(src, BYTE_ARRAY_BASE + i));
        }
    }

    /**
     * {@code bytes} padded with zeros to a whole number of words, for {@link #copyWords}.
     */
    static byte[] padded(final byte[] bytes)
    {
        return Arrays.copyOf(bytes, (bytes.length + Long.BYTES - 1) & -Long.BYTES);
    }

    static void putInt(final byte[] buffer, final int index, final int value)
    {
        Objects.checkFromIndexSize(index, Integer.BYTES, buffer.length);
        UnsafeApi.putInt(buffer, BYTE_ARRAY_BASE + index, NATIVE_LITTLE_ENDIAN ? value : Integer.reverseBytes(value));
    }

    static int getInt(final byte[] buffer, final int index)
    {
        Objects.checkFromIndexSize(index, Integer.BYTES, buffer.length);
        final int value = UnsafeApi.getInt(buffer, BYTE_ARRAY_BASE + index);
        return NATIVE_LITTLE_ENDIAN ? value : Integer.reverseBytes(value);
    }

    static void putUnsignedShort(final byte[] buffer, final int index, final int value)
    {
        buffer[index] = (byte)value;
        buffer[index + 1] = (byte)(value >>> 8);
    }

    static int getUnsignedShort(final byte[] buffer, final int index)
    {
        return (buffer[index] & 0xFF) | (buffer[index + 1] & 0xFF) << 8;
    }

    /**
     * Encode a char sequence as UTF-8 without allocating (String#getBytes would allocate on every call).
     * Unpaired surrogates become U+FFFD so the output is always valid UTF-8.
     *
     * @return bytes written, or -1 if the encoding does not fit in {@code limit - index} bytes.
     */
    static int putUtf8(final byte[] buffer, final int index, final int limit, final CharSequence value)
    {
        return putUtf8(buffer, index, limit, value, 0, index);
    }

    /**
     * As {@link #putUtf8(byte[], int, int, CharSequence)}, for a {@code String}: while the characters are ASCII, as
     * telemetry text nearly always is, one test and one store per character, with no call through the
     * {@code CharSequence} interface and no room check per character.
     */
    static int putUtf8(final byte[] buffer, final int index, final int limit, final String value)
    {
        final int length = value.length();
        if (length > limit - index)
        {
            return -1; // every character takes at least a byte
        }
        int i = 0;
        for (; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c >= 0x80)
            {
                break;
            }
            buffer[index + i] = (byte)c;
        }
        return i == length ? length : putUtf8(buffer, index, limit, value, i, index + i);
    }

    /** Characters from {@code from} on, written from {@code pos}; {@code index} is where the text began. */
    private static int putUtf8(
        final byte[] buffer, final int index, final int limit, final CharSequence value, final int from, final int pos0)
    {
        int pos = pos0;
        final int length = value.length();
        int i = from;
        if (length - i <= limit - pos)
        {
            // Room for the rest if it is ASCII, as telemetry strings nearly always are: one test per character.
            for (char c; i < length && (c = value.charAt(i)) < 0x80; i++)
            {
                buffer[pos++] = (byte)c;
            }
        }
        for (; i < length; i++)
        {
            char c = value.charAt(i);
            if (c < 0x80)
            {
                if (pos >= limit)
                {
                    return -1;
                }
                buffer[pos++] = (byte)c;
            }
            else if (c < 0x800)
            {
                if (pos + 2 > limit)
                {
                    return -1;
                }
                buffer[pos++] = (byte)(0xC0 | (c >> 6));
                buffer[pos++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                if (pos + 4 > limit)
                {
                    return -1;
                }
                final int cp = Character.toCodePoint(c, value.charAt(++i));
                buffer[pos++] = (byte)(0xF0 | (cp >> 18));
                buffer[pos++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                buffer[pos++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                buffer[pos++] = (byte)(0x80 | (cp & 0x3F));
            }
            else
            {
                if (Character.isSurrogate(c))
                {
                    c = '\uFFFD';
                }
                if (pos + 3 > limit)
                {
                    return -1;
                }
                buffer[pos++] = (byte)(0xE0 | (c >> 12));
                buffer[pos++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[pos++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        return pos - index;
    }
}
