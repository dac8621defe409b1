package io.tickertape.bus;

import static io.tickertape.bus.PayloadCodec.ARRAY;
import static io.tickertape.bus.PayloadCodec.DOUBLE;
import static io.tickertape.bus.PayloadCodec.END;
import static io.tickertape.bus.PayloadCodec.FALSE;
import static io.tickertape.bus.PayloadCodec.KEYED;
import static io.tickertape.bus.PayloadCodec.LONG;
import static io.tickertape.bus.PayloadCodec.MAX_DEPTH;
import static io.tickertape.bus.PayloadCodec.MAX_STRING_BYTES;
import static io.tickertape.bus.PayloadCodec.NULL;
import static io.tickertape.bus.PayloadCodec.OBJECT;
import static io.tickertape.bus.PayloadCodec.STRING;
import static io.tickertape.bus.PayloadCodec.TRUE;

/**
 * A flyweight over one claimed slot of a producer ring: the payload of one event, written in place.
 * <pre>{@code
 * try (EventWriter e = producer.claim(EventType.ORDER))
 * {
 *     e.put("order_id", id).put("symbol", symbol).put("qty", 50).put("price", 19755.0);
 * }
 * }</pre>
 * The payload is a JSON object. {@code put(name, value)} adds a member; {@code beginObject(name)} and
 * {@code beginArray(name)} open nested containers, {@link #end()} closes the innermost one, and the
 * {@code add(value)} methods append elements to an array. Containers left open are closed when the event is
 * collected. Closing the writer commits the event; it is then visible to the collector.
 * <p>
 * Writing never throws and never allocates. When the ring was full at claim (or the bus is closed), the writer is
 * a no-op that discards what it is given ({@link #isAccepted()} is false) and the event is counted as dropped.
 * When a value does not fit in what is left of the slot, it and every later value are left out, the event is marked
 * {@code "truncated":true} and counted; the same happens past {@code slotCapacity / 8} named members, and when
 * containers nest deeper than 31. Misuse that could not make valid JSON is ignored: {@code add} inside an object,
 * a member without a name, {@link #end()} with nothing open.
 * <p>
 * A writer belongs to the producer's thread and is valid only between {@code claim} and {@code close}.
 */
public final class EventWriter implements AutoCloseable
{
    private final Producer producer;
    private Slot slot;
    private byte[] buffer;
    private String[] keys;
    private int position;
    private int limit;
    private int keyCount;
    private int depth;
    /** Bit d set when the container at depth d (1-based) is an array; depth 0 is the payload object. */
    private long arrayBits;
    private boolean truncated;

    EventWriter(final Producer producer)
    {
        this.producer = producer;
    }

    void wrap(final Slot slot)
    {
        this.slot = slot;
        this.buffer = slot.payload;
        this.keys = slot.keys;
        this.position = 0;
        this.limit = buffer.length;
        this.keyCount = 0;
        this.depth = 0;
        this.arrayBits = 0;
        this.truncated = false;
    }

    /**
     * Whether this event was accepted into the ring: false when it was dropped (ring full or bus closed), in which
     * case everything written to it is discarded.
     *
     * @return true if closing this writer will publish an event.
     */
    public boolean isAccepted()
    {
        return null != slot;
    }

    /**
     * Add a member with a whole number value.
     *
     * @param name  member name; a string constant is cheapest.
     * @param value the value.
     * @return this writer.
     */
    public EventWriter put(final String name, final long value)
    {
        if (begin(name, 9))
        {
            buffer[position] = (byte)(LONG | keyFlag());
            PayloadCodec.putLong(buffer, position + 1, value);
            position += 9;
        }
        return this;
    }

    /**
     * Add a member with a floating point value; NaN and infinities are written as JSON {@code null}.
     *
     * @param name  member name.
     * @param value the value.
     * @return this writer.
     */
    public EventWriter put(final String name, final double value)
    {
        if (begin(name, 9))
        {
            buffer[position] = (byte)(DOUBLE | keyFlag());
            PayloadCodec.putLong(buffer, position + 1, Double.doubleToRawLongBits(value));
            position += 9;
        }
        return this;
    }

    /**
     * Add a member with a boolean value.
     *
     * @param name  member name.
     * @param value the value.
     * @return this writer.
     */
    public EventWriter put(final String name, final boolean value)
    {
        if (begin(name, 1))
        {
            buffer[position++] = (byte)((value ? TRUE : FALSE) | keyFlag());
        }
        return this;
    }

    /**
     * Add a member with a string value, copied now as UTF-8 (the sequence may be reused as soon as this returns).
     * A {@code null} value is written as JSON {@code null}.
     *
     * @param name  member name.
     * @param value the value, at most 65535 bytes in UTF-8.
     * @return this writer.
     */
    public EventWriter put(final String name, final CharSequence value)
    {
        if (null == value)
        {
            return putNull(name);
        }
        if (begin(name, 3))
        {
            final int bytes = PayloadCodec.putUtf8(buffer, position + 3, Math.min(limit, position + 3 + MAX_STRING_BYTES), value);
            if (bytes < 0)
            {
                if (!inArray())
                {
                    keys[--keyCount] = null; // begin() stored the name of the value that did not fit
                }
                truncated = true;
            }
            else
            {
                buffer[position] = (byte)(STRING | keyFlag());
                PayloadCodec.putUnsignedShort(buffer, position + 1, bytes);
                position += 3 + bytes;
            }
        }
        return this;
    }

    /**
     * Add a member whose value is JSON {@code null}.
     *
     * @param name member name.
     * @return this writer.
     */
    public EventWriter putNull(final String name)
    {
        if (begin(name, 1))
        {
            buffer[position++] = (byte)(NULL | keyFlag());
        }
        return this;
    }

    /**
     * Open a nested object as a member (or, inside an array, as an element); close it with {@link #end()}.
     *
     * @param name member name.
     * @return this writer.
     */
    public EventWriter beginObject(final String name)
    {
        return open(name, OBJECT, false);
    }

    /**
     * Open a nested array as a member (or, inside an array, as an element); close it with {@link #end()}.
     *
     * @param name member name.
     * @return this writer.
     */
    public EventWriter beginArray(final String name)
    {
        return open(name, ARRAY, true);
    }

    /**
     * Close the innermost open object or array.
     *
     * @return this writer.
     */
    public EventWriter end()
    {
        if (null != slot && !truncated && depth > 0)
        {
            // An END needs no room reserved: open() keeps one byte per open container free.
            buffer[position++] = END;
            arrayBits &= ~(1L << depth);
            depth--;
            limit++;
        }
        return this;
    }

    /**
     * Append a whole number to the array that is open.
     *
     * @param value the element.
     * @return this writer.
     */
    public EventWriter add(final long value)
    {
        return inArray() ? put(null, value) : this;
    }

    /**
     * Append a floating point number (NaN and infinities become {@code null}) to the array that is open.
     *
     * @param value the element.
     * @return this writer.
     */
    public EventWriter add(final double value)
    {
        return inArray() ? put(null, value) : this;
    }

    /**
     * Append a boolean to the array that is open.
     *
     * @param value the element.
     * @return this writer.
     */
    public EventWriter add(final boolean value)
    {
        return inArray() ? put(null, value) : this;
    }

    /**
     * Append a string (copied now) to the array that is open.
     *
     * @param value the element; {@code null} is written as JSON {@code null}.
     * @return this writer.
     */
    public EventWriter add(final CharSequence value)
    {
        return inArray() ? put(null, value) : this;
    }

    /**
     * Open an object as an element of the array that is open; close it with {@link #end()}.
     *
     * @return this writer.
     */
    public EventWriter addObject()
    {
        return inArray() ? open(null, OBJECT, false) : this;
    }

    /**
     * Open an array as an element of the array that is open; close it with {@link #end()}.
     *
     * @return this writer.
     */
    public EventWriter addArray()
    {
        return inArray() ? open(null, ARRAY, true) : this;
    }

    /**
     * Commit the event: it becomes visible to the collector. Does nothing for a dropped event. Never throws.
     */
    @Override
    public void close()
    {
        final Slot slot = this.slot;
        if (null != slot)
        {
            slot.length = position;
            slot.keyCount = keyCount;
            slot.truncated = truncated;
            this.slot = null;
            this.buffer = null;
            this.keys = null;
            producer.commit(truncated);
        }
    }

    private boolean inArray()
    {
        return (arrayBits & (1L << depth)) != 0;
    }

    private int keyFlag()
    {
        return inArray() ? 0 : KEYED;
    }

    /**
     * Check there is room for a value of {@code bytes} and, inside an object, store its member name.
     * A member without a name inside an object is ignored; a value that does not fit stops the payload there.
     */
    private boolean begin(final String name, final int bytes)
    {
        if (null == slot || truncated)
        {
            return false;
        }
        if (inArray())
        {
            if (position + bytes > limit)
            {
                truncated = true;
                return false;
            }
            return true;
        }
        if (null == name)
        {
            return false;
        }
        if (position + bytes > limit || keyCount == keys.length)
        {
            truncated = true;
            return false;
        }
        keys[keyCount++] = name;
        return true;
    }

    private EventWriter open(final String name, final byte kind, final boolean array)
    {
        if (depth + 1 >= MAX_DEPTH)
        {
            if (null != slot && !truncated)
            {
                truncated = true;
            }
            return this;
        }
        // Reserve the byte of the END that will close this container, so closing always fits.
        if (begin(name, 2))
        {
            buffer[position++] = (byte)(kind | keyFlag());
            depth++;
            limit--;
            if (array)
            {
                arrayBits |= 1L << depth;
            }
        }
        return this;
    }
}
