package io.tickertape.bus;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Counts per key and per second, for one way of grouping events (by type, say), in fixed memory: at most
 * {@code maxKeys} keys get a row of their own, in the order they first come; every later key shares the last row,
 * {@code other}. Each row holds one count per second of the last {@link Aggregates#MAX_WINDOW_SECONDS} (a ring of
 * buckets, by second modulo its length) and, per second, the counts of order events by status.
 * <p>
 * Written by the aggregating thread only; read by any thread after {@link Aggregates}' release of its progress, so
 * counts written before it are visible. A reader racing a bucket's reuse for a newer second may see it part reset:
 * figures of a moving window, as the history's own counts are.
 */
final class AggregateTable
{
    static final int SECONDS = Aggregates.MAX_WINDOW_SECONDS;
    static final int STATUSES = Aggregates.ORDER_STATUSES.size();

    private final int maxKeys;
    private final int[] rowOfId;
    private final AtomicReferenceArray<String> names;
    private final int[] counts;
    private final int[] orders;
    private int rows;

    /**
     * @param maxKeys keys with a row of their own.
     * @param ids     ids a key can have (its dictionary's capacity, the overflow id included).
     */
    AggregateTable(final int maxKeys, final int ids)
    {
        this.maxKeys = maxKeys;
        this.rowOfId = new int[ids + 1];
        this.names = new AtomicReferenceArray<>(maxKeys);
        this.counts = new int[(maxKeys + 1) * SECONDS];
        this.orders = new int[(maxKeys + 1) * SECONDS * STATUSES];
    }

    /** @return the row of the {@code other} keys. */
    int otherRow()
    {
        return maxKeys;
    }

    /** @return how many keys have a row of their own. */
    int rows()
    {
        return Math.min(rows, maxKeys);
    }

    String name(final int row)
    {
        return names.get(row);
    }

    /**
     * The row of an id, giving it one on first sight while there is room.
     *
     * @param id    the key's id; negative for {@code other}.
     * @param names turns an id into its key's name, once per row.
     * @return the row.
     */
    int row(final int id, final IntFunction<String> names)
    {
        if (id < 0 || id >= rowOfId.length)
        {
            return maxKeys;
        }
        final int row = rowOfId[id] - 1;
        if (row >= 0)
        {
            return row;
        }
        if (rows >= maxKeys)
        {
            rowOfId[id] = maxKeys + 1;
            return maxKeys;
        }
        final String name = names.apply(id);
        if (null == name)
        {
            return maxKeys;
        }
        final int added = rows++;
        this.names.set(added, name);
        rowOfId[id] = added + 1;
        return added;
    }

    void count(final int row, final int bucket, final int status)
    {
        final int cell = row * SECONDS + bucket;
        counts[cell]++;
        if (status >= 0)
        {
            orders[cell * STATUSES + status]++;
        }
    }

    /** Zero one second's bucket in every row, before it counts a new second. */
    void clear(final int bucket)
    {
        for (int row = 0; row <= maxKeys; row++)
        {
            final int cell = row * SECONDS + bucket;
            counts[cell] = 0;
            for (int s = 0; s < STATUSES; s++)
            {
                orders[cell * STATUSES + s] = 0;
            }
        }
    }

    long count(final int row, final int bucket)
    {
        return counts[row * SECONDS + bucket];
    }

    long orders(final int row, final int bucket, final int status)
    {
        return orders[(row * SECONDS + bucket) * STATUSES + status];
    }
}
