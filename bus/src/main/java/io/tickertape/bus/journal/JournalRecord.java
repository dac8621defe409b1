package io.tickertape.bus.journal;

import static io.tickertape.bus.journal.JournalLayout.SEQ_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.TIMESTAMP_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.TYPE_LENGTH_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.TYPE_OFFSET;

import java.nio.charset.StandardCharsets;

import io.tickertape.bus.EventType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One journaled event as a reader sees it: a flyweight over the mapped segment, valid only inside the handler
 * call that receives it. Its JSON is the collector's bytes, unchanged.
 */
public final class JournalRecord
{
    private static final int TYPE_CACHE = 64;

    private final byte[][] cachedNames = new byte[TYPE_CACHE][];
    private final EventType[] cachedTypes = new EventType[TYPE_CACHE];
    private UnsafeBuffer buffer;
    private int position;
    private int length;

    void wrap(final UnsafeBuffer buffer, final int position, final int length)
    {
        this.buffer = buffer;
        this.position = position;
        this.length = length;
    }

    /** @return the event's sequence. */
    public long seq()
    {
        return buffer.getLong(position + SEQ_OFFSET);
    }

    /** @return the event's timestamp, nanoseconds since the epoch. */
    public long timestampNanos()
    {
        return buffer.getLong(position + TIMESTAMP_OFFSET);
    }

    private int typeLength()
    {
        return buffer.getInt(position + TYPE_LENGTH_OFFSET);
    }

    /**
     * The event's type in this process, found by the name the record holds (a type first seen here is declared,
     * once).
     *
     * @return the type.
     */
    public EventType type()
    {
        final int typeLength = typeLength();
        final int at = position + TYPE_OFFSET;
        int hash = typeLength;
        for (int i = 0; i < typeLength; i++)
        {
            hash = 31 * hash + buffer.getByte(at + i);
        }
        final int slot = hash & (TYPE_CACHE - 1);
        final byte[] cached = cachedNames[slot];
        if (null != cached && equalsName(cached, at, typeLength))
        {
            return cachedTypes[slot];
        }
        final byte[] name = new byte[typeLength];
        buffer.getBytes(at, name);
        final String text = new String(name, StandardCharsets.US_ASCII);
        EventType type = EventType.find(text);
        if (null == type)
        {
            type = EventType.of(text);
        }
        cachedNames[slot] = name;
        cachedTypes[slot] = type;
        return type;
    }

    private boolean equalsName(final byte[] name, final int at, final int typeLength)
    {
        if (name.length != typeLength)
        {
            return false;
        }
        for (int i = 0; i < typeLength; i++)
        {
            if (name[i] != buffer.getByte(at + i))
            {
                return false;
            }
        }
        return true;
    }

    /** @return the buffer holding the JSON, from {@link #jsonOffset()}. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return where the JSON starts in {@link #buffer()}. */
    public int jsonOffset()
    {
        return position + TYPE_OFFSET + typeLength();
    }

    /** @return bytes of JSON. */
    public int jsonLength()
    {
        return length - TYPE_OFFSET - typeLength();
    }

    /** @return the JSON as a string (allocates; for tools and tests). */
    public String json()
    {
        return buffer.getStringWithoutLengthUtf8(jsonOffset(), jsonLength());
    }
}
