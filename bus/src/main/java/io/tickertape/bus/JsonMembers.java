package io.tickertape.bus;

/**
 * Finds a top-level payload member in an event's JSON as the collector wrote it, without parsing the event or
 * allocating: for consumers of the history that look at a member or two of many events (alert rules, say). The
 * result is the value's place packed in a {@code long}: {@link #offset(long)} and {@link #length(long)}, the bytes
 * as written (a string with its quotes and escapes, a number's text, {@code true}, {@code false}, {@code null}, an
 * object or array whole); -1 when the member is not there.
 */
public final class JsonMembers
{
    private JsonMembers()
    {
    }

    /**
     * Find a payload member.
     *
     * @param json   bytes holding the event's JSON.
     * @param offset where it starts.
     * @param length its length.
     * @param name   the member's name, as UTF-8 (names the collector wrote without escapes).
     * @return the value's place, or -1.
     */
    public static long payloadMember(final byte[] json, final int offset, final int length, final byte[] name)
    {
        return RecordMembers.payloadValue(json, offset, length, name);
    }

    /**
     * @param place a place {@link #payloadMember} returned.
     * @return where the value starts.
     */
    public static int offset(final long place)
    {
        return RecordMembers.offset(place);
    }

    /**
     * @param place a place {@link #payloadMember} returned.
     * @return the value's length, or -1 for -1.
     */
    public static int length(final long place)
    {
        return RecordMembers.length(place);
    }
}
