package io.tickertape.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.tickertape.bus.BatchListener;
import io.tickertape.bus.HistoryRing;

/**
 * Broadcast from the history ring to every stream subscriber, with no per-subscriber queue.
 * <p>
 * The collector calls {@link #onBatch(long)} once per batch; that wakes each event loop that has subscribers
 * (at most one pending wake per loop), and each loop drains its own subscribers from their cursors. Each loop
 * also ticks every {@value #TICK_MILLIS} ms for heartbeats and for cutting off clients that stopped reading.
 */
final class FanOut implements BatchListener
{
    static final long TICK_MILLIS = 50;

    private final HistoryRing history;
    private final ServerContext context;
    private final ConcurrentHashMap<EventLoop, LoopSubscribers> byLoop = new ConcurrentHashMap<>();
    private final Set<SseSubscriber> all = ConcurrentHashMap.newKeySet();
    private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
    private volatile LoopSubscribers[] loops = new LoopSubscribers[0];
    private volatile boolean closed;

    FanOut(final HistoryRing history, final ServerContext context)
    {
        this.history = history;
        this.context = context;
    }

    @Override
    public void onBatch(final long headSeq)
    {
        for (final LoopSubscribers loop : loops)
        {
            loop.wake();
        }
    }

    /** On the subscriber's event loop: start draining to it, from its cursor. */
    void add(final SseSubscriber subscriber)
    {
        final LoopSubscribers group = groupFor(subscriber.channel().eventLoop());
        group.add(subscriber);
        all.add(subscriber);
        subscriber.channel().closeFuture().addListener(f ->
        {
            group.remove(subscriber);
            all.remove(subscriber);
        });
        if (closed)
        {
            subscriber.close(); // the server closed while this stream was being set up: closeAll may not have seen it
            return;
        }
        group.drainNow(subscriber);
    }

    /** On the subscriber's event loop, when its channel can take writes again. */
    void resume(final SseSubscriber subscriber)
    {
        groupFor(subscriber.channel().eventLoop()).drainNow(subscriber);
    }

    private LoopSubscribers groupFor(final EventLoop loop)
    {
        final LoopSubscribers existing = byLoop.get(loop);
        if (null != existing)
        {
            return existing;
        }
        synchronized (byLoop)
        {
            return byLoop.computeIfAbsent(loop, l ->
            {
                final LoopSubscribers group = new LoopSubscribers(l, history, this);
                if (closed)
                {
                    // Made after closeAll (we are on loop l, from add or resume): closed from the start, no ticks.
                    group.release();
                    return group;
                }
                final long heartbeatNanos = context.heartbeatInterval().toNanos();
                final long stalledNanos = context.stalledClientTimeout().toNanos();
                ticks.add(l.scheduleAtFixedRate(
                    () -> group.tick(System.nanoTime(), heartbeatNanos, stalledNanos), TICK_MILLIS, TICK_MILLIS,
                    TimeUnit.MILLISECONDS));
                final LoopSubscribers[] next = Arrays.copyOf(loops, loops.length + 1);
                next[next.length - 1] = group;
                loops = next;
                return group;
            });
        }
    }

    /** @return whether the server is closing: drains stop at their next chunk (set first in closeAll). */
    boolean isClosed()
    {
        return closed;
    }

    int subscriberCount()
    {
        return all.size();
    }

    List<SseSubscriber> subscribers()
    {
        return new ArrayList<>(all);
    }

    /** End every stream (from any thread). */
    void closeAll()
    {
        synchronized (byLoop)
        {
            closed = true; // every drain stops, and groups made from now on start closed; see groupFor and add
            for (final ScheduledFuture<?> tick : ticks)
            {
                tick.cancel(false);
            }
        }
        for (final SseSubscriber subscriber : all)
        {
            subscriber.channel().eventLoop().execute(subscriber::close);
        }
        for (final LoopSubscribers group : loops)
        {
            group.loop().execute(group::release);
        }
    }
}
