package io.tickertape.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.tickertape.bus.HistoryRing;

/**
 * The stream subscribers of one event loop, drained together on that loop. The collector's signal reaches each
 * loop at most once until the loop has run its drain (the wake is coalesced by a flag), however many batches
 * arrive meanwhile.
 */
final class LoopSubscribers implements Runnable
{
    /** Records one subscriber may be given per drain before the loop turns to its other work. */
    static final int DRAIN_BUDGET = 8192;

    private final EventLoop loop;
    private final HistoryRing history;
    private static final SseSubscriber[] NONE = new SseSubscriber[0];
    /**
     * Replaced, never changed in place, on add and remove: a drain may close a channel whose close listener removes
     * the subscriber while the loop is still iterating.
     */
    private SseSubscriber[] subscribers = NONE;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Where a drain gathers frames; used only on the loop, grown once to the largest chunk. */
    private final ByteBuf scratch = Unpooled.directBuffer(SseSubscriber.CHUNK_BYTES + 16 * 1024);
    private volatile int size;
    private final FanOut fanOut;

    LoopSubscribers(final EventLoop loop, final HistoryRing history, final FanOut fanOut)
    {
        this.loop = loop;
        this.history = history;
        this.fanOut = fanOut;
    }

    /** From any thread: make sure a drain runs on the loop soon. */
    void wake()
    {
        if (size > 0 && !scheduled.get() && scheduled.compareAndSet(false, true))
        {
            loop.execute(this);
        }
    }

    /** Drain every subscriber of this loop (on the loop). */
    @Override
    public void run()
    {
        scheduled.set(false);
        if (isClosed())
        {
            return;
        }
        boolean more = false;
        for (final SseSubscriber subscriber : subscribers)
        {
            try
            {
                more |= subscriber.drain(DRAIN_BUDGET, this);
            }
            catch (final Throwable ex)
            {
                fanOut.taskFailed(subscriber, ex);
            }
        }
        if (more)
        {
            wake();
        }
    }

    /**
     * On the loop, every tick: heartbeats and stall checks. A subscriber whose tick throws is cut off; the others are
     * ticked all the same, and so is every later tick (a throw escaping a periodic task would cancel it for good).
     */
    void tick(final long nowNanos, final long heartbeatNanos, final long stalledNanos)
    {
        final long head = history.head();
        for (final SseSubscriber subscriber : subscribers)
        {
            try
            {
                subscriber.tick(nowNanos, heartbeatNanos, stalledNanos, head);
            }
            catch (final Throwable ex)
            {
                fanOut.taskFailed(subscriber, ex);
            }
        }
    }

    /** On the loop: drain one subscriber now, e.g. when it connects or its channel is writable again. */
    void drainNow(final SseSubscriber subscriber)
    {
        try
        {
            if (!isClosed() && subscriber.drain(DRAIN_BUDGET, this))
            {
                wake();
            }
        }
        catch (final Throwable ex)
        {
            fanOut.taskFailed(subscriber, ex);
        }
    }

    /** On the loop. */
    void add(final SseSubscriber subscriber)
    {
        final SseSubscriber[] next = Arrays.copyOf(subscribers, subscribers.length + 1);
        next[next.length - 1] = subscriber;
        subscribers = next;
        size = next.length;
    }

    /** On the loop. */
    void remove(final SseSubscriber subscriber)
    {
        final ArrayList<SseSubscriber> kept = new ArrayList<>(Arrays.asList(subscribers));
        kept.remove(subscriber);
        subscribers = kept.toArray(NONE);
        size = subscribers.length;
    }

    EventLoop loop()
    {
        return loop;
    }

    /** On the loop: where a drain gathers frames. */
    ByteBuf scratch()
    {
        return scratch;
    }

    /** @return whether the server is closing: no drain starts, and one in progress stops at its next chunk. */
    boolean isClosed()
    {
        return fanOut.isClosed();
    }

    /** On the loop, when the server closes: give the scratch buffer back. */
    void release()
    {
        if (scratch.refCnt() > 0)
        {
            scratch.release();
        }
    }
}
