package io.tickertape.bench.harness;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Finds one whole-number member in a JSON text held as bytes, without parsing the rest or allocating: enough for
 * the harnesses to read back the send time they put into each event's payload.
 */
final class JsonLongField
{
    /** Returned when the member is not there. */
    static final long ABSENT = Long.MIN_VALUE;

    private final byte[] pattern;

    /**
     * A finder for {@code "name":}.
     *
     * @param name the member's name (plain ASCII, nothing to escape).
     */
    JsonLongField(final String name)
    {
        this.pattern = ("\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The value of the first occurrence of the member in {@code buffer[from, to)}.
     *
     * @param buffer the bytes.
     * @param from   first byte to look at.
     * @param to     one past the last byte.
     * @return the value, or {@link #ABSENT}.
     */
    long find(final byte[] buffer, final int from, final int to)
    {
        final int last = to - pattern.length;
        outer:
        for (int i = from; i <= last; i++)
        {
            for (int k = 0; k < pattern.length; k++)
            {
                if (buffer[i + k] != pattern[k])
                {
                    continue outer;
                }
            }
            return parse(buffer, i + pattern.length, to);
        }
        return ABSENT;
    }

    /**
     * The value of the last occurrence of the member in {@code buffer[from, to)}, found by scanning back from the
     * end: cheap when the member is written last.
     *
     * @param buffer the bytes.
     * @param from   first byte to look at.
     * @param to     one past the last byte.
     * @return the value, or {@link #ABSENT}.
     */
    long findLast(final ByteBuf buffer, final int from, final int to)
    {
        outer:
        for (int i = to - pattern.length; i >= from; i--)
        {
            for (int k = 0; k < pattern.length; k++)
            {
                if (buffer.getByte(i + k) != pattern[k])
                {
                    continue outer;
                }
            }
            int at = i + pattern.length;
            final boolean negative = at < to && buffer.getByte(at) == '-';
            if (negative)
            {
                at++;
            }
            long value = 0;
            int digits = 0;
            for (byte b; at < to && (b = buffer.getByte(at)) >= '0' && b <= '9'; at++)
            {
                value = value * 10 + (b - '0');
                digits++;
            }
            return 0 == digits ? ABSENT : negative ? -value : value;
        }
        return ABSENT;
    }

    private static long parse(final byte[] buffer, final int from, final int to)
    {
        int i = from;
        final boolean negative = i < to && buffer[i] == '-';
        if (negative)
        {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < to && buffer[i] >= '0' && buffer[i] <= '9')
        {
            value = value * 10 + (buffer[i++] - '0');
            digits++;
        }
        if (0 == digits)
        {
            return ABSENT;
        }
        return negative ? -value : value;
    }
}
