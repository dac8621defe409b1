package io.tickertape.engines;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A bounded single-producer single-consumer handoff between two engine threads, over pre-allocated mutable
 * entries, so passing a candle or a signal allocates nothing.
 * <pre>
 *   producer thread                           consumer thread
 *   E e = ring.claim();   // null when full   E e = ring.peek();   // null when empty
 *   e.fields = ...;                           read e's fields
 *   ring.publish();       // release store    ring.release();      // release store: the slot is free again
 *
 *   entries[sequence &amp; mask]:   released &lt;= consumed position &lt;= published &lt;= claimed
 * </pre>
 * The producer's published position is stored with release semantics after the entry is written, and read
 * with acquire by the consumer, so the consumer sees a whole entry; the consumer's position works the same way
 * in the other direction, so the producer never reuses an entry still being read. Each side caches the other's
 * position and reloads it only when the ring looks full (or empty).
 *
 * @param <E> the entry type.
 */
final class SpscRing<E>
{
    private final Object[] entries;
    private final int mask;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();

    // Producer side only.
    private long claimed;
    private long consumedCache;

    // Consumer side only.
    private long publishedCache;

    /**
     * A ring of {@code capacity} entries made by the factory.
     *
     * @param capacity a power of two of at least 2.
     * @param factory  makes each entry once.
     */
    SpscRing(final int capacity, final Supplier<E> factory)
    {
        if (capacity < 2 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        entries = new Object[capacity];
        for (int i = 0; i < capacity; i++)
        {
            entries[i] = factory.get();
        }
        mask = capacity - 1;
    }

    /**
     * Producer: the next free entry to fill, or null when the ring is full. Follow with {@link #publish()}.
     *
     * @return the entry, or null.
     */
    E claim()
    {
        if (claimed - consumedCache >= entries.length)
        {
            consumedCache = consumed.get();
            if (claimed - consumedCache >= entries.length)
            {
                return null;
            }
        }
        return entry(claimed);
    }

    /**
     * Producer: make the entry returned by the last {@link #claim()} visible to the consumer.
     */
    void publish()
    {
        claimed++;
        published.lazySet(claimed);
    }

    /**
     * Producer: how many entries can be claimed now without the ring being full.
     *
     * @return free entries.
     */
    int freeCapacity()
    {
        consumedCache = consumed.get();
        return (int)(entries.length - (claimed - consumedCache));
    }

    /**
     * Consumer: the oldest published entry, or null when there is none. Follow with {@link #release()}.
     *
     * @return the entry, or null.
     */
    E peek()
    {
        final long next = consumed.get();
        if (next >= publishedCache)
        {
            publishedCache = published.get();
            if (next >= publishedCache)
            {
                return null;
            }
        }
        return entry(next);
    }

    /**
     * Consumer: hand the entry returned by {@link #peek()} back to the producer.
     */
    void release()
    {
        consumed.lazySet(consumed.get() + 1);
    }

    /**
     * Entries published and not yet released; readable from any thread.
     *
     * @return the depth.
     */
    int size()
    {
        return (int)(published.get() - consumed.get());
    }

    /**
     * The number of entries.
     *
     * @return the capacity.
     */
    int capacity()
    {
        return entries.length;
    }

    @SuppressWarnings("unchecked")
    private E entry(final long sequence)
    {
        return (E)entries[(int)(sequence & mask)];
    }
}
