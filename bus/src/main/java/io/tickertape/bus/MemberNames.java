package io.tickertape.bus;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bus's vocabulary of member names: each distinct name gets a small id on first use, and a payload carries the
 * two-byte id instead of the name. Names are nearly always a few string constants, so the producer resolves them
 * through a small identity cache of its own ({@link EventWriter}) and reaches this table only on a name it has not
 * seen; the collector turns ids back into names by indexing an array.
 * <p>
 * Registration takes a lock and allocates, once per name. Lookups of a known name do neither. The table holds at
 * most {@link #MAX_NAMES} names, so a program that makes names without bound (from data) cannot grow it without
 * bound; past that, names travel inside the payload instead (see {@link PayloadCodec#INLINE_NAME}).
 * <p>
 * Visibility: a producer registers a name before it writes the id into a slot and publishes the slot with a
 * release store; the collector reads the slot after the matching acquire, and so sees the array the name was
 * added to (or a later copy).
 */
final class MemberNames
{
    /** Most distinct names one bus keeps: ids are unsigned 16-bit. */
    static final int MAX_NAMES = 1 << 16;
    /** Returned by {@link #idOf(String)} when the table is full. */
    static final int NO_ID = -1;

    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private volatile String[] names = new String[64];
    private int count;

    /**
     * The id of a name, registering it on first use.
     *
     * @param name a member name, not null.
     * @return its id, or {@link #NO_ID} when the table is full and the name is not in it.
     */
    int idOf(final String name)
    {
        final Integer id = ids.get(name);
        if (null != id)
        {
            return id;
        }
        return register(name);
    }

    private synchronized int register(final String name)
    {
        final Integer existing = ids.get(name);
        if (null != existing)
        {
            return existing;
        }
        if (count == MAX_NAMES)
        {
            return NO_ID;
        }
        String[] current = names;
        if (count == current.length)
        {
            current = Arrays.copyOf(current, current.length * 2);
        }
        // Written in place when there is room: a reader only ever asks for ids it read from a published slot, and
        // the slot was published after this. The volatile store below makes the entry visible with the array.
        current[count] = name;
        names = current;
        ids.put(name, count);
        return count++;
    }

    /**
     * The name with an id.
     *
     * @param id an id returned by {@link #idOf(String)}.
     * @return the name, or {@code null} if no name has that id.
     */
    String name(final int id)
    {
        final String[] current = names;
        return id >= 0 && id < current.length ? current[id] : null;
    }

    /** @return how many names are registered. */
    synchronized int size()
    {
        return count;
    }
}
