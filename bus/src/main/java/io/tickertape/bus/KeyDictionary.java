package io.tickertape.bus;

import java.util.Arrays;

/**
 * The distinct values of one filter key (symbols, say), each given a small id the first time the collector sees it,
 * so that the history can keep an {@code int} beside each record and a filter can match it without reading the
 * record. Id {@link #NONE} means the record has no such value; {@link #overflowId()} means the dictionary was full
 * when the value first came (or keys are off), and a filter must look at the record's bytes instead.
 * <p>
 * Single writer (the collector), any number of readers. The writer's lookup of a value it has seen hashes the bytes
 * and compares them in place: no allocation, no lock. A new value is copied once. Readers only turn ids back into
 * values, through an array published with a volatile store, and they only ask for ids they read from a record the
 * writer published after adding the value (as {@link MemberNames} does for names). Agrona's maps hold numbers or
 * objects, not byte ranges looked up without making a key, hence this small table.
 */
final class KeyDictionary
{
    /** The id of "no value". */
    static final int NONE = 0;
    private static final int INITIAL_IDS = 64;

    private final int capacity;
    private volatile byte[][] values = new byte[INITIAL_IDS][];
    /**
     * The writer's open-addressing table, three longs a slot: the value's first and last eight bytes (its bytes for a
     * value under eight, then 0), and its length and id ({@code length << 32 | id}; 0 for an empty slot). For values
     * of up to 16 bytes (symbols and names nearly always are) those words are the value, so a lookup compares three
     * longs in one place and reads nothing else; longer values are compared byte by byte after that.
     */
    private long[] table = new long[INITIAL_IDS * 2 * 3];
    private int count = 1;

    /**
     * A dictionary of at most {@code capacity - 1} values.
     *
     * @param capacity ids, {@link #NONE} included; a power of two from 2 to 2^24.
     */
    KeyDictionary(final int capacity)
    {
        if (capacity < 2 || capacity > 1 << 24 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("key dictionary capacity must be a power of two from 2 to 2^24: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * The id records carry when their value is not in the dictionary: it was full when the value first came.
     *
     * @return the id, one past the last a value can have.
     */
    int overflowId()
    {
        return capacity;
    }

    /**
     * The id of a value, adding it when new. Only the writer may call this.
     *
     * @param src    bytes holding the value, UTF-8.
     * @param offset where it starts.
     * @param length its length.
     * @return its id; {@link #overflowId()} if it is new and the dictionary is full.
     */
    int intern(final byte[] src, final int offset, final int length)
    {
        final long first = first(src, offset, length);
        final long last = length >= 8 ? PayloadCodec.getLong(src, offset + length - 8) : 0;
        final long[] table = this.table;
        final int mask = table.length / 3 - 1;
        for (int at = hash(first, last, length) & mask; ; at = (at + 1) & mask)
        {
            final long lengthAndId = table[at * 3 + 2];
            if (0 == lengthAndId)
            {
                return add(src, offset, length, first, last);
            }
            if (table[at * 3] == first && table[at * 3 + 1] == last && (int)(lengthAndId >>> 32) == length &&
                (length <= 16 || same(values[(int)lengthAndId], src, offset, length)))
            {
                return (int)lengthAndId;
            }
        }
    }

    private int add(final byte[] src, final int offset, final int length, final long first, final long last)
    {
        if (count == capacity)
        {
            return capacity;
        }
        final int id = count;
        byte[][] values = this.values;
        if (id == values.length)
        {
            values = Arrays.copyOf(values, id * 2);
            final long[] old = table;
            table = new long[id * 4 * 3];
            for (int slot = 0; slot < old.length; slot += 3)
            {
                if (0 != old[slot + 2])
                {
                    place(old[slot], old[slot + 1], old[slot + 2]);
                }
            }
        }
        values[id] = Arrays.copyOfRange(src, offset, offset + length);
        place(first, last, (long)length << 32 | id);
        count = id + 1;
        this.values = values; // volatile: publishes the value (and a grown array) before any record carries the id
        return id;
    }

    private void place(final long first, final long last, final long lengthAndId)
    {
        final int mask = table.length / 3 - 1;
        int at = hash(first, last, (int)(lengthAndId >>> 32)) & mask;
        while (0 != table[at * 3 + 2])
        {
            at = (at + 1) & mask;
        }
        table[at * 3] = first;
        table[at * 3 + 1] = last;
        table[at * 3 + 2] = lengthAndId;
    }

    /** The first eight bytes as a little-endian word; for a shorter value, its bytes and zeros. */
    private static long first(final byte[] src, final int offset, final int length)
    {
        if (length >= 8)
        {
            return PayloadCodec.getLong(src, offset);
        }
        if (length > 0 && offset <= src.length - Long.BYTES)
        {
            // A short value with a word's room after it in the array (in a slot, nearly always): one read, masked.
            return PayloadCodec.getLong(src, offset) & -1L >>> (Long.SIZE - Byte.SIZE * length);
        }
        long word = 0;
        for (int i = length - 1; i >= 0; i--)
        {
            word = word << 8 | (src[offset + i] & 0xFF);
        }
        return word;
    }

    private static int hash(final long first, final long last, final int length)
    {
        long h = first * 0x9E3779B97F4A7C15L ^ last * 0xC2B2AE3D27D4EB4FL ^ length;
        h ^= h >>> 29;
        return (int)(h ^ h >>> 32);
    }

    /** Bytes compared in a loop: values are short, and a call into the vectorised mismatch costs more than it saves here. */
    private static boolean same(final byte[] value, final byte[] src, final int offset, final int length)
    {
        if (value.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (value[i] != src[offset + i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The value with an id, from any thread.
     *
     * @param id an id read from a published record.
     * @return the value's UTF-8 bytes (not a copy: do not change them), or null for {@link #NONE}, the overflow id
     *         or an id not given out.
     */
    byte[] value(final int id)
    {
        final byte[][] values = this.values;
        return id > NONE && id < values.length ? values[id] : null;
    }
}
