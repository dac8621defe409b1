package io.tickertape.bus;

import static io.tickertape.bus.PayloadCodec.ARRAY;
import static io.tickertape.bus.PayloadCodec.DOUBLE;
import static io.tickertape.bus.PayloadCodec.END;
import static io.tickertape.bus.PayloadCodec.FALSE;
import static io.tickertape.bus.PayloadCodec.INLINE_NAME;
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
 * {@code "truncated":true} and counted; the same happens when containers nest deeper than 31. A member costs its
 * value plus three bytes (a tag and the name's two-byte id): names are not copied, see below. Misuse that could not make valid JSON is ignored: {@code add} inside an object,
 * a member without a name, {@link #end()} with nothing open.
 * <p>
 * A writer belongs to the producer's thread and is valid only between {@code claim} and {@code close}.
 * <p>
 * Member names are kept once per bus and travel as ids: the first use of a name registers it (a lock and an
 * allocation, once); later uses of the same {@code String} instance cost a lookup in a small cache. String
 * constants are best. A bus keeps at most 65,536 distinct names; past that a new name is copied into the payload
 * with its value, and the collector allocates to read it.
 */
public final class EventWriter implements AutoCloseable
{
    /** Entries in the cache of name ids; a power of two. */
    private static final int NAME_CACHE_SIZE = 256;

    private final Producer producer;
    private final MemberNames names;
    private final String[] cachedNames;
    private final int[] cachedIds;
    private byte[] buffer;
    private int slot;
    private int payloadStart;
    private int position;
    private int limit;
    private int depth;
    /** Bit d set when the container at depth d (1-based) is an array; depth 0 is the payload object. */
    private long arrayBits;
    private boolean truncated;

    EventWriter(final Producer producer, final MemberNames names)
    {
        this.producer = producer;
        this.names = names;
        this.cachedNames = null == names ? null : new String[NAME_CACHE_SIZE];
        this.cachedIds = null == names ? null : new int[NAME_CACHE_SIZE];
    }

    void wrap(final byte[] slots, final int slot, final int payloadCapacity)
    {
        this.buffer = slots;
        this.slot = slot;
        this.payloadStart = slot + SlotLayout.HEADER_LENGTH;
        this.position = payloadStart;
        this.limit = payloadStart + payloadCapacity;
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
        return null != buffer;
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
        if (begin(name, LONG, 8))
        {
            PayloadCodec.putLong(buffer, position, value);
            position += 8;
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
        if (begin(name, DOUBLE, 8))
        {
            PayloadCodec.putLong(buffer, position, Double.doubleToRawLongBits(value));
            position += 8;
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
        begin(name, value ? TRUE : FALSE, 0);
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
        final int mark = position;
        if (begin(name, STRING, 2))
        {
            final int room = Math.min(limit, position + 2 + MAX_STRING_BYTES);
            final int bytes = value instanceof String ?
                PayloadCodec.putUtf8(buffer, position + 2, room, (String)value) :
                PayloadCodec.putUtf8(buffer, position + 2, room, value);
            if (bytes < 0)
            {
                position = mark; // take back the tag and name of the value that did not fit
                truncated = true;
            }
            else
            {
                PayloadCodec.putUnsignedShort(buffer, position, bytes);
                position += 2 + bytes;
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
        begin(name, NULL, 0);
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
        if (null != buffer && !truncated && depth > 0)
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
        final byte[] buffer = this.buffer;
        if (null != buffer)
        {
            PayloadCodec.putInt(buffer, slot + SlotLayout.LENGTH_OFFSET, position - payloadStart);
            buffer[slot + SlotLayout.TRUNCATED_OFFSET] = (byte)(truncated ? 1 : 0);
            this.buffer = null;
            producer.commit(truncated, position - slot);
        }
    }

    private boolean inArray()
    {
        return (arrayBits & (1L << depth)) != 0;
    }

    /**
     * Check there is room for a value with a body of {@code bodyBytes}, then write its tag and, inside an object,
     * its member name; the caller writes the body at {@link #position}. A member without a name inside an object is
     * ignored; a value that does not fit stops the payload there.
     */
    private boolean begin(final String name, final int kind, final int bodyBytes)
    {
        if (null == buffer || truncated)
        {
            return false;
        }
        if (inArray())
        {
            if (position + 1 + bodyBytes > limit)
            {
                truncated = true;
                return false;
            }
            buffer[position++] = (byte)kind;
            return true;
        }
        if (null == name)
        {
            return false;
        }
        final int id = nameId(name);
        if (MemberNames.NO_ID != id)
        {
            if (position + 3 + bodyBytes > limit)
            {
                truncated = true;
                return false;
            }
            buffer[position] = (byte)(kind | KEYED);
            PayloadCodec.putUnsignedShort(buffer, position + 1, id);
            position += 3;
            return true;
        }
        return beginInlineName(name, kind, bodyBytes);
    }

    /** The bus's table of names is full: the name goes into the payload, before the value. */
    private boolean beginInlineName(final String name, final int kind, final int bodyBytes)
    {
        final int bytes = PayloadCodec.putUtf8(buffer, position + 3, Math.min(limit, position + 3 + MAX_STRING_BYTES), name);
        if (bytes < 0 || position + 3 + bytes + bodyBytes > limit)
        {
            truncated = true;
            return false;
        }
        buffer[position] = (byte)(kind | INLINE_NAME);
        PayloadCodec.putUnsignedShort(buffer, position + 1, bytes);
        position += 3 + bytes;
        return true;
    }

    /**
     * The id of a member name: a direct-mapped cache keyed by the string's identity (two loads when the name is a
     * constant already seen) in front of the bus's table.
     */
    private int nameId(final String name)
    {
        final int index = name.hashCode() & (NAME_CACHE_SIZE - 1);
        if (cachedNames[index] == name)
        {
            return cachedIds[index];
        }
        final int id = names.idOf(name);
        cachedNames[index] = name;
        cachedIds[index] = id;
        return id;
    }

    private EventWriter open(final String name, final byte kind, final boolean array)
    {
        if (depth + 1 >= MAX_DEPTH)
        {
            if (null != buffer && !truncated)
            {
                truncated = true;
            }
            return this;
        }
        // Reserve the byte of the END that will close this container, so closing always fits.
        if (begin(name, kind, 1))
        {
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
