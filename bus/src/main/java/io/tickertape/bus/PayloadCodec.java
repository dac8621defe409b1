package io.tickertape.bus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The binary payload written by {@link EventWriter} into a {@link Slot} and read by the collector.
 * <pre>
 *   value := tag [body]
 *   tag   :  0 1 2 3 4 5 6 7
 *           +-------+-------+
 *           | kind  |  .  K |   K (0x80): the value has a member name, the next one in Slot.keys
 *           +-------+-------+
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
    static final int KIND_MASK = 0x0F;
    static final int MAX_STRING_BYTES = 0xFFFF;
    /** Deepest nesting of objects and arrays inside the payload object. */
    static final int MAX_DEPTH = 32;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private PayloadCodec()
    {
    }

    static void putLong(final byte[] buffer, final int index, final long value)
    {
        LONGS.set(buffer, index, value);
    }

    static long getLong(final byte[] buffer, final int index)
    {
        return (long)LONGS.get(buffer, index);
    }

    static void putUnsignedShort(final byte[] buffer, final int index, final int value)
    {
        SHORTS.set(buffer, index, (short)value);
    }

    static int getUnsignedShort(final byte[] buffer, final int index)
    {
        return ((short)SHORTS.get(buffer, index)) & 0xFFFF;
    }

    /**
     * Encode a char sequence as UTF-8 without allocating (String#getBytes would allocate on every call).
     * Unpaired surrogates become U+FFFD so the output is always valid UTF-8.
     *
     * @return bytes written, or -1 if the encoding does not fit in {@code limit - index} bytes.
     */
    static int putUtf8(final byte[] buffer, final int index, final int limit, final CharSequence value)
    {
        int pos = index;
        final int length = value.length();
        for (int i = 0; i < length; i++)
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
