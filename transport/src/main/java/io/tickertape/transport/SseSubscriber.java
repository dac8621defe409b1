package io.tickertape.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.tickertape.bus.CursorHandler;
import io.tickertape.bus.EventFilter;
import io.tickertape.bus.HistoryCursor;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.HistoryRing;
import io.tickertape.bus.IsoTimestamp;
import io.tickertape.bus.journal.JournalHandler;
import io.tickertape.bus.journal.JournalReader;
import io.tickertape.bus.journal.JournalRecord;
import org.agrona.concurrent.EpochNanoClock;

/**
 * One stream subscriber, SSE or WebSocket (its {@link StreamFraming}): a cursor into the history ring and the channel it is drained to. There is no queue per
 * subscriber: the history ring is the buffer, and this only remembers a position in it.
 * <p>
 * Everything but the figures read by stats runs on the channel's event loop. A drain writes frames into pooled
 * buffers of at most {@link #CHUNK_BYTES} while the channel is writable, and flushes once at the end; when the
 * channel stops being writable (the client reads slower than events arrive) the drain stops, and it resumes when
 * the channel becomes writable again. A client too slow for the ring is lapped and told so with a {@code gap}.
 */
final class SseSubscriber implements CursorHandler, JournalHandler
{
    /** Bytes of frames gathered into one buffer before it is written. */
    static final int CHUNK_BYTES = 64 * 1024;
    /** Records examined per cursor poll. */
    private static final int POLL_LIMIT = 256;

    private final ChannelHandlerContext ctx;
    private final HistoryRing history;
    private final EventFilter filter;
    private final JournalReaders journal;
    private HistoryCursor cursor;
    /** While replaying from the journal: the next sequence to replay; 0 once live (reading the history). */
    private long replayNext;
    private int replayed;
    private byte[] copy = new byte[1024];
    private final String remote;
    private final EpochNanoClock clock;
    private final IsoTimestamp timestamp = new IsoTimestamp();
    private final TransportCounters counters;
    private final StreamFraming framing;
    private ByteBuf out;
    private long lastWriteNanos;
    private long unwritableSinceNanos;
    private volatile long lastSeq;
    private volatile long lag;
    private boolean closed;

    SseSubscriber(
        final ChannelHandlerContext ctx, final HistoryCursor cursor, final String remote, final EpochNanoClock clock,
        final TransportCounters counters, final StreamFraming framing)
    {
        this(ctx, cursor, null, null, null, 0, remote, clock, counters, framing);
    }

    /**
     * A subscriber that first replays from the journal what is older than the in-memory history, from
     * {@code afterSeq + 1}, then goes live on the history right after the last sequence replayed (Aeron's
     * ReplayMerge is the model): no event twice, none lost without a {@code gap}.
     */
    static SseSubscriber replaying(
        final ChannelHandlerContext ctx, final HistoryRing history, final EventFilter filter, final JournalReaders journal,
        final long afterSeq, final String remote, final EpochNanoClock clock, final TransportCounters counters, final StreamFraming framing)
    {
        return new SseSubscriber(ctx, null, history, filter, journal, afterSeq + 1, remote, clock, counters, framing);
    }

    private SseSubscriber(
        final ChannelHandlerContext ctx, final HistoryCursor cursor, final HistoryRing history, final EventFilter filter,
        final JournalReaders journal, final long replayNext, final String remote, final EpochNanoClock clock,
        final TransportCounters counters, final StreamFraming framing)
    {
        this.framing = framing;
        this.ctx = ctx;
        this.cursor = cursor;
        this.history = history;
        this.filter = null == cursor ? filter : cursor.filter();
        this.journal = journal;
        this.replayNext = replayNext;
        this.remote = remote;
        this.clock = clock;
        this.counters = counters;
        this.lastWriteNanos = System.nanoTime();
        this.lastSeq = null == cursor ? replayNext - 1 : cursor.lastDeliveredSeq();
    }

    /**
     * Stop this subscriber without closing its connection (a WebSocket client changed its subscription, and another
     * subscriber takes over the connection).
     */
    void detach()
    {
        closed = true;
    }

    /** @return the last sequence delivered or passed. */
    long position()
    {
        return null == cursor ? replayNext - 1 : cursor.passedSeq();
    }

    Channel channel()
    {
        return ctx.channel();
    }

    /**
     * Write what is new, within a budget of records examined.
     *
     * @return true if records remain and the connection can take them (the caller schedules another round).
     */
    boolean drain(final int budget, final LoopSubscribers group)
    {
        final Channel channel = ctx.channel();
        if (closed || !channel.isActive())
        {
            return false;
        }
        final ByteBuf scratch = group.scratch();
        int remaining = budget;
        boolean wrote = false;
        if (replayNext > 0)
        {
            remaining = replay(scratch, remaining, group);
            wrote = remaining < budget;
            if (replayNext > 0)
            {
                if (wrote)
                {
                    ctx.flush();
                    lastWriteNanos = System.nanoTime();
                }
                lastSeq = replayNext - 1;
                lag = history.head() - lastSeq;
                return channel.isWritable();
            }
        }
        while (remaining > 0 && channel.isWritable() && !group.isClosed())
        {
            // Frames gather in the loop's scratch buffer, then go out in a pooled buffer of exactly their size:
            // what a stalled client holds is then what the water mark counts, not buffers' spare capacity.
            scratch.clear();
            out = scratch;
            final int examined = cursor.poll(this, Math.min(remaining, POLL_LIMIT));
            out = null;
            remaining -= examined;
            if (scratch.isReadable())
            {
                final ByteBuf chunk = ctx.alloc().ioBuffer(scratch.readableBytes());
                chunk.writeBytes(scratch);
                ctx.write(chunk, ctx.voidPromise());
                wrote = true;
            }
            if (examined == 0)
            {
                break;
            }
        }
        if (wrote)
        {
            ctx.flush();
            lastWriteNanos = System.nanoTime();
        }
        lastSeq = cursor.lastDeliveredSeq();
        lag = cursor.lag();
        // More to do whenever records wait and the connection takes writes, the budget spent or not: a drain that
        // stopped at the high water mark finds the connection writable again when the flush above went to the socket,
        // and the signal of that came inside this round, which holds the loop's wake flag and so dropped it.
        return cursor.hasMore() && channel.isWritable();
    }

    /**
     * Replay from the journal within the budget; go live once the history holds the next sequence.
     *
     * @return the budget left.
     */
    private int replay(final ByteBuf scratch, final int budget, final LoopSubscribers group)
    {
        int remaining = budget;
        final Channel channel = ctx.channel();
        while (replayNext > 0 && remaining > 0 && channel.isWritable() && !group.isClosed())
        {
            final JournalReader reader = journal.get();
            if (null == reader || replayNext >= history.tail())
            {
                goLive();
                break;
            }
            scratch.clear();
            out = scratch;
            replayed = 0;
            reader.read(replayNext, Math.min(remaining, POLL_LIMIT), this);
            if (0 == replayed && replayNext < history.tail() && scratch.readableBytes() < CHUNK_BYTES)
            {
                // Nothing to read at the position (a damaged record, or events the journal does not have): the rest
                // up to what memory holds is a gap.
                onGap(replayNext, history.tail() - 1);
                replayNext = history.tail();
            }
            out = null;
            remaining -= Math.max(1, replayed);
            if (scratch.isReadable())
            {
                final ByteBuf chunk = ctx.alloc().ioBuffer(scratch.readableBytes());
                chunk.writeBytes(scratch);
                ctx.write(chunk, ctx.voidPromise());
            }
        }
        return remaining;
    }

    private void goLive()
    {
        cursor = history.cursorAfter(replayNext - 1, filter);
        replayNext = 0;
    }

    @Override
    public boolean onRecord(final JournalRecord record)
    {
        final long seq = record.seq();
        if (seq >= history.tail() || out.readableBytes() >= CHUNK_BYTES)
        {
            return false; // held in memory from here (read live), or this chunk is full
        }
        if (seq > replayNext)
        {
            onGap(replayNext, seq - 1); // not in the journal: a hole, or deleted by retention
        }
        final int typeId = record.type().id();
        if (filter.matchesType(typeId))
        {
            final int length = record.jsonLength();
            if (copy.length < length)
            {
                copy = new byte[Math.max(length, copy.length * 2)];
            }
            record.buffer().getBytes(record.jsonOffset(), copy, 0, length);
            if (!filter.hasKeys() || filter.matches(typeId, copy, 0, length))
            {
                framing.event(out, seq, copy, length);
            }
        }
        replayNext = seq + 1;
        replayed++;
        return true;
    }

    @Override
    public boolean onRecord(final HistoryRecord record)
    {
        if (out.readableBytes() >= CHUNK_BYTES)
        {
            return false; // this chunk is full: the record stays for the next one
        }
        framing.event(out, record);
        return true;
    }

    @Override
    public void onGap(final long fromSeq, final long toSeq)
    {
        counters.increment(TransportCounter.GAPS);
        framing.gap(out, timestamp, clock.nanoTime(), fromSeq, toSeq);
    }

    /**
     * Once per tick of the event loop: send a heartbeat when the stream has been quiet for the interval, and
     * disconnect a client that has not read for the stalled timeout.
     */
    void tick(final long nowNanos, final long heartbeatNanos, final long stalledNanos, final long headSeq)
    {
        final Channel channel = ctx.channel();
        if (closed || !channel.isActive())
        {
            return;
        }
        if (!channel.isWritable())
        {
            if (0 == unwritableSinceNanos)
            {
                unwritableSinceNanos = nowNanos;
            }
            else if (nowNanos - unwritableSinceNanos >= stalledNanos)
            {
                counters.increment(TransportCounter.STALLED_DISCONNECTS);
                abort();
            }
            return;
        }
        unwritableSinceNanos = 0;
        if (nowNanos - lastWriteNanos >= heartbeatNanos)
        {
            final ByteBuf frame = ctx.alloc().ioBuffer(192);
            framing.heartbeat(frame, null == cursor ? replayNext - 1 : cursor.passedSeq(), timestamp, clock.nanoTime(), headSeq);
            ctx.writeAndFlush(frame, ctx.voidPromise());
            lastWriteNanos = nowNanos;
            counters.increment(TransportCounter.HEARTBEATS);
        }
    }

    /**
     * End the stream in order (the server is closing): the terminating chunk goes out after what is queued, so the
     * client reads an ended response rather than a broken one, and the connection closes once it is written. A
     * connection that cannot take it (its client does not read) is closed at once, as by {@link #abort()}.
     */
    void close()
    {
        if (!closed)
        {
            closed = true;
            final Channel channel = ctx.channel();
            if (channel.isActive() && channel.isWritable())
            {
                ctx.writeAndFlush(framing.end()).addListener(ChannelFutureListener.CLOSE);
            }
            else
            {
                channel.close();
            }
        }
    }

    /**
     * Cut the subscriber off: close the connection now, without ending the response (a client that stopped reading
     * could not read the end past what it has not read; one whose drain or tick failed did not get all it should).
     */
    void abort()
    {
        if (!closed)
        {
            closed = true;
            ctx.channel().close();
        }
    }

    String remote()
    {
        return remote;
    }

    EventFilter filter()
    {
        return filter;
    }

    long lastSeq()
    {
        return lastSeq;
    }

    long lag()
    {
        return lag;
    }
}
