package io.tickertape.bus;

import java.nio.charset.StandardCharsets;

/**
 * A reader's own copy of one record of the {@link HistoryRing}: the event's sequence, type and JSON bytes.
 * <p>
 * A reader allocates one and reuses it for every read; the ring copies into it and validates the copy, so what it
 * holds after a successful read is never torn. Not thread-safe: one per reading thread.
 */
public final class HistoryRecord
{
    private static final int INITIAL_LENGTH = 1024;

    private final int maxLength;
    private byte[] buffer;
    private long seq;
    private int typeId;
    private int length;
    private long timestampNanos;
    private long keys;

    /**
     * A record for reading from the given ring. Its buffer starts at 1 KiB and grows (to the next power of two)
     * when a longer record is read, so a reader holds only as much memory as the events it sees need.
     *
     * @param ring the ring this record will be read from.
     */
    public HistoryRecord(final HistoryRing ring)
    {
        this.maxLength = ring.maxRecordLength();
        this.buffer = new byte[Math.min(INITIAL_LENGTH, maxLength)];
    }

    /**
     * The buffer, grown to hold at least {@code length} bytes.
     *
     * @return the buffer, or null if {@code length} is beyond what the ring can hold.
     */
    byte[] bufferFor(final int length)
    {
        if (length > buffer.length)
        {
            if (length > maxLength)
            {
                return null;
            }
            buffer = new byte[Math.min(maxLength, Integer.highestOneBit(length - 1) << 1)];
        }
        return buffer;
    }

    void set(
        final long seq, final int typeId, final int length, final long timestampNanos, final long keys)
    {
        this.keys = keys;
        this.timestampNanos = timestampNanos;
        this.seq = seq;
        this.typeId = typeId;
        this.length = length;
    }

    /**
     * The global sequence of the event.
     *
     * @return the sequence.
     */
    /**
     * The event's timestamp (when it was published), nanoseconds since the epoch; 0 for a record appended without one.
     *
     * @return the timestamp.
     */
    public long timestampNanos()
    {
        return timestampNanos;
    }

    /**
     * The record's sequence.
     *
     * @return the sequence.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * The id of the event's type.
     *
     * @return the type id, see {@link EventType#id()}.
     */
    public int typeId()
    {
        return typeId;
    }

    /** @return the id of the event's symbol in its history's dictionary (see {@link EventFilter}). */
    int symbolId()
    {
        return HistoryRing.symbolOf(keys);
    }

    /** @return the id of the event's strategy in its history's dictionary. */
    int strategyId()
    {
        return HistoryRing.strategyOf(keys);
    }

    /** @return the id of the event's source in its history's dictionary. */
    int sourceId()
    {
        return HistoryRing.sourceOf(keys);
    }

    /** @return the code of the payload's status ({@link Aggregates#statusCode}), 0 for none. */
    int statusCode()
    {
        return HistoryRing.statusOf(keys);
    }

    /**
     * The event's type.
     *
     * @return the type.
     */
    public EventType type()
    {
        return EventType.byId(typeId);
    }

    /**
     * The bytes holding the JSON; only the first {@link #length()} are valid. The array may be replaced by a
     * larger one on a later read: fetch it again after each read.
     *
     * @return the backing array (not a copy).
     */
    public byte[] buffer()
    {
        return buffer;
    }

    /**
     * The number of JSON bytes.
     *
     * @return the length.
     */
    public int length()
    {
        return length;
    }

    /**
     * The JSON as a string (allocates; for tests and tools, not for a hot path).
     *
     * @return the event's JSON object.
     */
    public String json()
    {
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString()
    {
        return json();
    }
}
