package io.tickertape.bus;

import java.util.Arrays;

import java.nio.charset.StandardCharsets;

/**
 * Finds a filter key's value in an event's JSON as the collector wrote it, for records whose ids say nothing (read
 * from the journal, or whose value came after its dictionary was full). The envelope's shape is fixed and its
 * names and values need no escaping, so {@code source} is the first {@code ,"source":"}; the payload's top-level
 * members are walked, stepping over nested objects, arrays and strings (escapes included) without decoding them.
 * jackson-core's parser would decode every token and allocate per record; this only compares bytes.
 * <p>
 * Each method returns the value's place packed as {@code offset << 32 | length} (the bytes between the quotes,
 * escaped as written), or -1 when the member is not there.
 */
final class RecordMembers
{
    private static final byte[] SOURCE = ascii(",\"source\":\"");
    private static final byte[] PAYLOAD = ascii("\"payload\":{");
    /** What follows a relayed event's source: its origin, host first ({@link JsonEncoder}). */
    private static final byte[] ORIGIN_HOST = ascii(",\"origin\":{\"host\":\"");
    private static final byte[] SYMBOL = ascii("symbol");
    private static final byte[] STRATEGY = ascii("strategy");
    private static final byte[] STRATEGY_NAME = ascii("strategy_name");

    private RecordMembers()
    {
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static int offset(final long place)
    {
        return (int)(place >>> 32);
    }

    static int length(final long place)
    {
        return place < 0 ? -1 : (int)place;
    }

    /** The envelope's {@code source}. */
    static long source(final byte[] json, final int offset, final int length)
    {
        final int end = offset + length;
        final int at = indexOf(json, offset, end, SOURCE);
        if (at < 0)
        {
            return -1;
        }
        final int start = at + SOURCE.length;
        final int close = stringEnd(json, start, end);
        return close < 0 ? -1 : place(start, close - start);
    }

    /**
     * A relayed event's origin host: the string of the {@code origin} member that follows the envelope's
     * {@code source} (only there: a payload's own {@code origin} is not it).
     */
    static long host(final byte[] json, final int offset, final int length)
    {
        final long source = source(json, offset, length);
        if (source < 0)
        {
            return -1;
        }
        final int end = offset + length;
        final int after = offset(source) + length(source) + 1; // past the source's closing quote
        if (after + ORIGIN_HOST.length > end || !Arrays.equals(json, after, after + ORIGIN_HOST.length, ORIGIN_HOST, 0, ORIGIN_HOST.length))
        {
            return -1;
        }
        final int start = after + ORIGIN_HOST.length;
        final int close = stringEnd(json, start, end);
        return close < 0 ? -1 : place(start, close - start);
    }

    /** The payload's top-level {@code symbol} string. */
    static long symbol(final byte[] json, final int offset, final int length)
    {
        return payloadString(json, offset, length, SYMBOL, null);
    }

    /** The payload's first top-level {@code strategy} or {@code strategy_name} string. */
    static long strategy(final byte[] json, final int offset, final int length)
    {
        return payloadString(json, offset, length, STRATEGY, STRATEGY_NAME);
    }

    /**
     * A top-level payload member's value as it is written: a string with its quotes, a number, {@code true},
     * {@code false}, {@code null}, or an object or array whole.
     */
    static long payloadValue(final byte[] json, final int offset, final int length, final byte[] name)
    {
        return payloadMember(json, offset, length, name, null, false);
    }

    private static long place(final int offset, final int length)
    {
        return (long)offset << 32 | length;
    }

    /** The first top-level string member named {@code name} (or {@code alias}): its contents, without the quotes. */
    private static long payloadString(final byte[] json, final int offset, final int length, final byte[] name, final byte[] alias)
    {
        final long value = payloadMember(json, offset, length, name, alias, true);
        return value < 0 ? -1 : place(offset(value) + 1, length(value) - 2);
    }

    /**
     * Walk the payload's top-level members to the first named {@code name} or {@code alias} (whose value is a string,
     * when {@code strings}), stepping over the others' values without decoding them.
     *
     * @return the value's place as written, or -1.
     */
    private static long payloadMember(
        final byte[] json, final int offset, final int length, final byte[] name, final byte[] alias, final boolean strings)
    {
        final int end = offset + length;
        final int source = indexOf(json, offset, end, SOURCE); // the payload follows the envelope's source
        final int open = indexOf(json, source < 0 ? offset : source, end, PAYLOAD);
        if (open < 0)
        {
            return -1;
        }
        int pos = open + PAYLOAD.length;
        while (pos < end && json[pos] == '"')
        {
            final int nameStart = pos + 1;
            final int nameEnd = stringEnd(json, nameStart, end);
            if (nameEnd < 0 || nameEnd + 1 >= end || json[nameEnd + 1] != ':')
            {
                return -1;
            }
            final int value = nameEnd + 2;
            final int after = skipValue(json, value, end);
            if (after < 0)
            {
                return -1;
            }
            final boolean named = equals(json, nameStart, nameEnd, name) || (null != alias && equals(json, nameStart, nameEnd, alias));
            if (named && (!strings || json[value] == '"'))
            {
                return place(value, after - value);
            }
            if (after >= end || json[after] != ',')
            {
                return -1; // the payload's end (or bytes not of our making)
            }
            pos = after + 1;
        }
        return -1;
    }

    /** The position after a JSON value starting at {@code pos}, or -1. */
    private static int skipValue(final byte[] json, final int pos, final int end)
    {
        if (pos >= end)
        {
            return -1;
        }
        final byte first = json[pos];
        if (first == '"')
        {
            final int close = stringEnd(json, pos + 1, end);
            return close < 0 ? -1 : close + 1;
        }
        if (first == '{' || first == '[')
        {
            int depth = 0;
            for (int i = pos; i < end; i++)
            {
                final byte b = json[i];
                if (b == '"')
                {
                    i = stringEnd(json, i + 1, end);
                    if (i < 0)
                    {
                        return -1;
                    }
                }
                else if (b == '{' || b == '[')
                {
                    depth++;
                }
                else if ((b == '}' || b == ']') && --depth == 0)
                {
                    return i + 1;
                }
            }
            return -1;
        }
        int i = pos;
        while (i < end && json[i] != ',' && json[i] != '}')
        {
            i++; // a number, true, false or null
        }
        return i;
    }

    /** The position of the quote closing a string whose contents start at {@code pos}, or -1. */
    private static int stringEnd(final byte[] json, final int pos, final int end)
    {
        for (int i = pos; i < end; i++)
        {
            final byte b = json[i];
            if (b == '\\')
            {
                i++;
            }
            else if (b == '"')
            {
                return i;
            }
        }
        return -1;
    }

    private static boolean equals(final byte[] json, final int from, final int to, final byte[] name)
    {
        if (to - from != name.length)
        {
            return false;
        }
        for (int i = 0; i < name.length; i++)
        {
            if (json[from + i] != name[i])
            {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(final byte[] json, final int from, final int end, final byte[] pattern)
    {
        final byte first = pattern[0];
        for (int i = from, last = end - pattern.length; i <= last; i++)
        {
            if (json[i] == first && equals(json, i, i + pattern.length, pattern))
            {
                return i;
            }
        }
        return -1;
    }
}
