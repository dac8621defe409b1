package io.tickertape.engines;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventFactory;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import org.agrona.LangUtil;

/**
 * A bounded hand-off of pre-allocated mutable entries from one engine thread to another: a single-producer
 * Disruptor {@link RingBuffer} read by one {@link EventPoller}, so passing a candle or a signal allocates nothing.
 * <pre>
 *   producer thread                               consumer thread
 *   E e = handoff.claim();  // null when full     handoff.poll(handler);  // handler.onEvent(e, ...) per entry,
 *   e.set(...);                                                           // oldest first, until it answers false
 *   handoff.publish();
 * </pre>
 * This class exists to keep in one place the rules the ring and its poller need: the poller gates the producer
 * from the start, a full ring answers {@code null} without throwing or blocking, and an entry whose handler throws
 * is consumed (the throwable is passed on) instead of being delivered again forever.
 *
 * @param <E> the entry type.
 */
public final class Handoff<E>
{
    private final RingBuffer<E> ring;
    private final EventPoller<E> poller;
    private final EventPoller.Handler<E> guard = this::deliver;

    // Producer side only.
    private long claimed = -1;

    // Consumer side only.
    private EventPoller.Handler<E> handler;
    private Throwable failure;
    private int delivered;

    /**
     * A hand-off of {@code capacity} entries made by the factory.
     *
     * @param capacity a power of two.
     * @param factory  makes each entry once.
     * @throws IllegalArgumentException if the capacity is not a power of two.
     */
    public Handoff(final int capacity, final EventFactory<E> factory)
    {
        // A poller needs no wait strategy; the busy-spin one does nothing on publish (the default takes a lock).
        ring = RingBuffer.createSingleProducer(factory, capacity, new BusySpinWaitStrategy());
        poller = ring.newPoller();
        // A new poller does not hold the producer back until its sequence gates the ring.
        ring.addGatingSequences(poller.getSequence());
    }

    /**
     * Producer: the next free entry to fill, or null when the ring is full. Follow with {@link #publish()}.
     *
     * @return the entry, or null.
     */
    public E claim()
    {
        // Checking first spares a full ring the fenced store and the exception of a failing tryNext.
        if (!ring.hasAvailableCapacity(1))
        {
            return null;
        }
        try
        {
            claimed = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            return null; // not reached: this is the only producer and there was room
        }
        return ring.get(claimed);
    }

    /**
     * Producer: make the entry returned by the last {@link #claim()} visible to the consumer.
     */
    public void publish()
    {
        ring.publish(claimed);
    }

    /**
     * Producer: how many entries can be claimed now without the ring being full.
     *
     * @return free entries.
     */
    public int freeCapacity()
    {
        return (int)ring.remainingCapacity();
    }

    /**
     * Consumer: pass the published entries, oldest first, to the handler, until there are no more or the handler
     * answers false (its entry counts as taken). The entries are freed for the producer when the call returns.
     * If the handler throws, its entry is taken all the same, and the throwable is rethrown once the poll is over.
     *
     * @param handler reads an entry (without keeping it) and answers whether to go on.
     * @return the entries passed to the handler.
     */
    public int poll(final EventPoller.Handler<E> handler)
    {
        this.handler = handler;
        delivered = 0;
        try
        {
            poller.poll(guard);
        }
        catch (final Exception ex)
        {
            LangUtil.rethrowUnchecked(ex); // not reached: the guard catches what the handler throws
        }
        finally
        {
            this.handler = null;
        }
        final Throwable thrown = failure;
        if (null != thrown)
        {
            failure = null;
            LangUtil.rethrowUnchecked(thrown);
        }
        return delivered;
    }

    /**
     * Entries published and not yet taken; readable from any thread.
     *
     * @return the depth.
     */
    public int size()
    {
        return (int)(ring.getCursor() - poller.getSequence().get());
    }

    /**
     * The number of entries.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return ring.getBufferSize();
    }

    private boolean deliver(final E entry, final long sequence, final boolean endOfBatch)
    {
        delivered++;
        try
        {
            return handler.onEvent(entry, sequence, endOfBatch);
        }
        catch (final Throwable t)
        {
            // Answering false ends the batch with this entry taken; the poller would otherwise deliver it again.
            failure = t;
            return false;
        }
    }
}
