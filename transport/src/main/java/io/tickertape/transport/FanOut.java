package io.tickertape.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.tickertape.bus.BatchListener;
import io.tickertape.bus.ErrorLog;
import io.tickertape.bus.HistoryRing;

/**
 * Broadcast from the history ring to every stream subscriber, with no per-subscriber queue.
 * <p>
 * The collector calls {@link #onBatch(long)} once per batch; that wakes each event loop that has subscribers
 * (at most one pending wake per loop), and each loop drains its own subscribers from their cursors. Each loop
 * also ticks every {@value #TICK_MILLIS} ms for heartbeats and for cutting off clients that stopped reading. A
 * throw in a loop's stream work (a drain or a tick of one subscriber) is caught, counted and logged once, and closes
 * that subscriber; the loop's drains and ticks go on for the others.
 * <p>
 * It also keeps the subscriber places: a stream request takes one ({@link #reserve(Channel, int)}) before it is
 * answered, and holds it until its connection closes, so the cap holds exactly however many connect at once.
 */
final class FanOut implements BatchListener
{
    static final long TICK_MILLIS = 50;

    /** Set on a channel whose stream request holds a place not yet taken over by a subscriber. */
    /** The subscriber draining to a channel now. */
    private static final AttributeKey<SseSubscriber> SUBSCRIBER = AttributeKey.valueOf(FanOut.class, "subscriber");
    private static final AttributeKey<Boolean> RESERVED = AttributeKey.valueOf(FanOut.class, "reserved");

    private final HistoryRing history;
    private final JournalReaders journal;
    private final ServerContext context;
    private final TransportCounters counters;
    private final ErrorLog errors;
    /** Places taken: subscribers plus stream requests between the limits check and their subscriber. */
    private final AtomicInteger places = new AtomicInteger();
    private final AtomicInteger deflating = new AtomicInteger();
    private final ConcurrentHashMap<EventLoop, LoopSubscribers> byLoop = new ConcurrentHashMap<>();
    private final Set<SseSubscriber> all = ConcurrentHashMap.newKeySet();
    private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
    private volatile LoopSubscribers[] loops = new LoopSubscribers[0];
    private volatile boolean closed;

    FanOut(
        final HistoryRing history, final JournalReaders journal, final ServerContext context, final TransportCounters counters,
        final ErrorLog errors)
    {
        this.history = history;
        this.journal = journal;
        this.context = context;
        this.counters = counters;
        this.errors = errors;
    }

    @Override
    public void onBatch(final long headSeq)
    {
        for (final LoopSubscribers loop : loops)
        {
            loop.wake();
        }
    }

    /**
     * From any thread: take one of the {@code max} subscriber places for the stream request of a channel. The
     * subscriber made for it takes the place over ({@link #add}); a request that makes none gives it back
     * ({@link #release}).
     *
     * @return false when every place is taken.
     */
    boolean reserve(final Channel channel, final int max)
    {
        for (int taken = places.get(); taken < max; taken = places.get())
        {
            if (places.compareAndSet(taken, taken + 1))
            {
                channel.attr(RESERVED).set(Boolean.TRUE);
                return true;
            }
        }
        return false;
    }

    /**
     * Take one of the places for a WebSocket connection with permessage-deflate (each costs a compressor, about
     * 256 KiB of native memory, and its CPU per event).
     *
     * @return false when all are taken: the connection is offered no compression.
     */
    boolean takeDeflatePlace()
    {
        for (int taken = deflating.get(); taken < context.webSocketDeflateConnections(); taken = deflating.get())
        {
            if (deflating.compareAndSet(taken, taken + 1))
            {
                return true;
            }
        }
        return false;
    }

    /** Give back a place taken by {@link #takeDeflatePlace()}. */
    void releaseDeflatePlace()
    {
        deflating.decrementAndGet();
    }

    /** On the channel's loop, once its stream request is answered: give back a place no subscriber took over. */
    void release(final Channel channel)
    {
        if (null != channel.attr(RESERVED).getAndSet(null))
        {
            places.decrementAndGet();
        }
    }

    /** On the subscriber's event loop: start draining to it, from its cursor. It holds its place until it closes. */
    void add(final SseSubscriber subscriber)
    {
        final Channel channel = subscriber.channel();
        if (null == channel.attr(RESERVED).getAndSet(null))
        {
            places.incrementAndGet(); // made without the limits check: it holds a place all the same
        }
        final LoopSubscribers group = groupFor(channel.eventLoop());
        channel.attr(SUBSCRIBER).set(subscriber);
        group.add(subscriber);
        all.add(subscriber);
        channel.closeFuture().addListener(f ->
        {
            final SseSubscriber current = channel.attr(SUBSCRIBER).getAndSet(null);
            if (null != current)
            {
                group.remove(current);
                all.remove(current);
            }
            places.decrementAndGet();
        });
        if (closed)
        {
            subscriber.close(); // the server closed while this stream was being set up: closeAll may not have seen it
            return;
        }
        group.wake(); // its first drain comes in the loop's next round, after the I/O at hand
    }

    /**
     * On the channel's event loop: another subscriber takes over a channel added before (a WebSocket client changed
     * what it follows), or none ({@code next} null: it follows nothing for now). The channel keeps its place.
     */
    void replace(final Channel channel, final SseSubscriber next)
    {
        final LoopSubscribers group = groupFor(channel.eventLoop());
        final SseSubscriber previous = channel.attr(SUBSCRIBER).getAndSet(next);
        if (null != previous)
        {
            previous.detach();
            group.remove(previous);
            all.remove(previous);
        }
        if (null != next)
        {
            group.add(next);
            all.add(next);
            if (closed)
            {
                next.close();
                return;
            }
            group.wake();
        }
    }

    /** On the subscriber's event loop, when its channel can take writes again. */
    void resume(final SseSubscriber subscriber)
    {
        groupFor(subscriber.channel().eventLoop()).wake();
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

    /** On the subscriber's loop: a drain or a tick of it threw. Count it, log it once, and cut the subscriber off. */
    void taskFailed(final SseSubscriber subscriber, final Throwable error)
    {
        counters.increment(TransportCounter.SSE_TASK_ERRORS);
        errors.record(error);
        subscriber.abort();
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

    /** @return readers of the bus's journal, or null when it has none. */
    JournalReaders journal()
    {
        return journal;
    }

    /**
     * End every stream (from any thread).
     *
     * @return each stream's close future: a stream ends with its terminating chunk, then its connection closes.
     */
    List<ChannelFuture> closeAll()
    {
        synchronized (byLoop)
        {
            closed = true; // every drain stops, and groups made from now on start closed; see groupFor and add
            for (final ScheduledFuture<?> tick : ticks)
            {
                tick.cancel(false);
            }
        }
        final List<ChannelFuture> closing = new ArrayList<>();
        for (final SseSubscriber subscriber : all)
        {
            closing.add(subscriber.channel().closeFuture());
            subscriber.channel().eventLoop().execute(subscriber::close);
        }
        for (final LoopSubscribers group : loops)
        {
            group.loop().execute(group::release);
        }
        return closing;
    }
}
