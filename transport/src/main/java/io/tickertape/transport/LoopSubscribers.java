package io.tickertape.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.tickertape.bus.HistoryRing;

/**
 * The stream subscribers of one event loop, drained together on that loop, in rounds that leave the loop to its
 * other work. The collector's signal reaches each loop at most once until a round has run (the wake is coalesced by
 * a flag), however many batches arrive meanwhile.
 * <p>
 * A round gives each subscriber at most {@link #DRAIN_BUDGET} records and ends at the first subscriber past
 * {@link #ROUND_NANOS}; the next round starts where it stopped. A round with work left continues after the loop's
 * next turn at I/O ({@code executeAfterEventLoopIteration}, then {@code execute}), and so does the first round after
 * a wake: never straight from the task queue. Netty runs queued tasks until the queue is empty, so rounds queued
 * one after another (by a drain continuing itself, or by the collector waking the loop after every batch while a
 * producer publishes flat out) would keep the loop from reading a request for as long as they came. While a round is
 * pending the wake flag stays set; it is cleared only by a round that found nothing left, which then looks once more
 * at the history's head, so that an event appended during the round is not left waiting for the next one. A new
 * subscriber, and one whose channel is writable again, is drained in the next round too, not inline in the I/O that
 * brought it: a hundred streams connecting at once would otherwise each drain a full budget inside one turn at I/O.
 */
final class LoopSubscribers implements Runnable
{
    /** Records one subscriber may be given per round. */
    static final int DRAIN_BUDGET = 1024;
    /** A round ends at the first subscriber past this much time, so a request waits at most about this long. */
    static final long ROUND_NANOS = 1_000_000;

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
    /** The subscriber the next round starts with. */
    private int next;
    /** Run after the loop's current iteration: queue the next round behind the loop's next turn at I/O. */
    private final Runnable queueRound = () -> loop().execute(this);

    LoopSubscribers(final EventLoop loop, final HistoryRing history, final FanOut fanOut)
    {
        this.loop = loop;
        this.history = history;
        this.fanOut = fanOut;
    }

    /** From any thread: make sure a round runs on the loop soon, after its next turn at I/O. */
    void wake()
    {
        if (size > 0 && !scheduled.get() && scheduled.compareAndSet(false, true))
        {
            runAfterIo();
        }
    }

    /** One round over this loop's subscribers (on the loop). */
    @Override
    public void run()
    {
        if (isClosed())
        {
            scheduled.set(false);
            return;
        }
        final long headAtStart = history.head();
        final SseSubscriber[] subscribers = this.subscribers;
        final int count = subscribers.length;
        final long start = System.nanoTime();
        boolean more = false;
        int visited = 0;
        int i = count == 0 ? 0 : next % count;
        while (visited < count)
        {
            final SseSubscriber subscriber = subscribers[i];
            try
            {
                more |= subscriber.drain(DRAIN_BUDGET, this);
            }
            catch (final Throwable ex)
            {
                fanOut.taskFailed(subscriber, ex);
            }
            visited++;
            i = i + 1 == count ? 0 : i + 1;
            if (System.nanoTime() - start >= ROUND_NANOS)
            {
                break;
            }
        }
        next = i;
        if (more || visited < count)
        {
            runAfterIo(); // the wake flag stays set: the collector's signals meanwhile are this continuation
        }
        else
        {
            scheduled.set(false);
            if (history.head() != headAtStart)
            {
                wake(); // appended during the round, while the flag kept the collector's signal out: after the I/O
            }
        }
    }

    private void runAfterIo()
    {
        if (loop instanceof SingleThreadEventLoop)
        {
            ((SingleThreadEventLoop)loop).executeAfterEventLoopIteration(queueRound);
        }
        else
        {
            loop.execute(this);
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
