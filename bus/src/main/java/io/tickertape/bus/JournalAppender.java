package io.tickertape.bus;

import java.nio.ByteBuffer;

import io.tickertape.bus.journal.JournalWriter;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The journal's appending agent, on a thread of its own: it reads the history with a cursor of its own and appends
 * every record to the journal, writing out a duty cycle's worth at a time. The collector pays nothing for it while
 * it keeps up, and the page cache, page faults and write-back stalls land on this thread.
 * <p>
 * When it falls further behind than the history holds (a slow moment of the device, a busy machine, a small
 * history), the collector, as it lets go of a record this agent has not passed, copies it into a spill buffer of
 * the journal's own ({@link EvictionSpill}): an Agrona one-to-one ring of {@code JournalContext.bufferBytes}. Where
 * the cursor reports a gap, this agent takes the gap's records from the spill buffer, in order. Only what finds the
 * spill buffer full is missed, counted as holes.
 * <pre>
 * spilled record (type id = event type id + 1)
 * +---------+----------------+----------------------+
 * | seq (8) | timestamp (8)  | JSON (UTF-8)         |
 * +---------+----------------+----------------------+
 * </pre>
 */
final class JournalAppender implements Agent, CursorHandler, EvictionSpill, ControlledMessageHandler
{
    /** Records read per duty cycle: a bound on the work between two writes and two checks of the runner's state. */
    static final int BATCH = 4096;
    private static final int SEQ_OFFSET = 0;
    private static final int TIMESTAMP_OFFSET = 8;
    private static final int JSON_OFFSET = 16;
    /**
     * Idle: a park of 1 ms whenever the history has nothing new. Not a spin or a short park: each wake-up then finds
     * a millisecond of events to write at once (fewer, larger writes; fewer system calls), and a tailing reader sees
     * a record at most about that late.
     */
    private static final long PARK_NANOS = 1_000_000L;

    private final JournalWriter writer;
    private final HistoryRing history;
    private final HistoryCursor cursor;
    private final RingBuffer spilled;
    private volatile long passedSeq;
    private int gaps;
    private long gapFrom;
    private long gapTo;
    /** The gap's next sequence not yet appended from the spill or counted missed. */
    private long gapNext;
    private boolean stopped;

    JournalAppender(final HistoryRing history, final JournalWriter writer, final int bufferBytes)
    {
        this.writer = writer;
        this.spilled = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(bufferBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.history = history;
        this.cursor = history.cursorAfter(history.head(), TypeFilter.ALL);
        this.passedSeq = cursor.passedSeq();
    }

    @Override
    public int doWork()
    {
        writer.keepIssuedAhead(history.head()); // so that the collector need not store the mark itself
        gaps = 0;
        final int examined = cursor.poll(this, BATCH) + gaps; // a gap alone is work too (its records are spilled ones)
        if (examined > 0)
        {
            if (spilled.size() > 0)
            {
                // Spilled after this agent had read them (it publishes its position once a cycle): let them go now,
                // so they never take room that a gap's records need.
                takeSpilled(Long.MAX_VALUE, cursor.passedSeq());
            }
            writer.flush(); // what this cycle read goes to the file in one write (or a few, when it is large)
            passedSeq = cursor.passedSeq();
        }
        return examined;
    }

    @Override
    public boolean onRecord(final HistoryRecord record)
    {
        writer.append(record.seq(), record.timestampNanos(), record.typeId(), record.buffer(), 0, record.length());
        return true;
    }

    @Override
    public void onGap(final long fromSeq, final long toSeq)
    {
        gaps++;
        takeSpilled(fromSeq, toSeq);
        if (gapNext <= toSeq)
        {
            writer.missed(toSeq - gapNext + 1, gapNext, toSeq);
        }
    }

    /**
     * Append the spilled records from {@code fromSeq} to {@code toSeq}, let go of those before, and leave those
     * after. One read stops where the ring's buffer wraps, so this reads until it is stopped or finds nothing more.
     */
    private void takeSpilled(final long fromSeq, final long toSeq)
    {
        gapFrom = fromSeq;
        gapTo = toSeq;
        gapNext = fromSeq;
        stopped = false;
        long position;
        do
        {
            position = spilled.consumerPosition();
            spilled.controlledRead(this);
        }
        while (!stopped && spilled.consumerPosition() != position);
    }

    @Override
    public ControlledMessageHandler.Action onMessage(
        final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long seq = buffer.getLong(index + SEQ_OFFSET);
        if (seq > gapTo)
        {
            stopped = true;
            return ControlledMessageHandler.Action.ABORT; // a later gap's: left where it is
        }
        if (seq >= gapFrom)
        {
            if (seq > gapNext)
            {
                // Counted before any later record is appended, so that the journal's holes count every sequence
                // below its last one that it does not hold, whenever the two are read (the spill is in order).
                writer.missed(seq - gapNext, gapNext, seq - 1);
            }
            writer.append(seq, buffer.getLong(index + TIMESTAMP_OFFSET), msgTypeId - 1,
                buffer, index + JSON_OFFSET, length - JSON_OFFSET);
            gapNext = seq + 1;
        }
        // else: spilled after this agent had read it from the history (it publishes its position once a cycle)
        return ControlledMessageHandler.Action.CONTINUE;
    }

    @Override
    public long passedSeq()
    {
        return passedSeq;
    }

    @Override
    public void spill(final long seq, final long timestampNanos, final int typeId, final byte[] arena, final int offset, final int length)
    {
        final int index = length + JSON_OFFSET > spilled.maxMsgLength() ? -1 : spilled.tryClaim(typeId + 1, length + JSON_OFFSET);
        if (index < 0)
        {
            return; // the buffer is full: this agent finds the record missing from its gap and counts it
        }
        final MutableDirectBuffer buffer = spilled.buffer();
        buffer.putLong(index + SEQ_OFFSET, seq);
        buffer.putLong(index + TIMESTAMP_OFFSET, timestampNanos);
        buffer.putBytes(index + JSON_OFFSET, arena, offset, length);
        spilled.commit(index);
    }

    /** Append what the history holds beyond the cursor: the last duty cycles, after the collector has stopped. */
    void drain()
    {
        int work;
        do
        {
            work = doWork();
        }
        while (work > 0);
    }

    /** @return how the appender's thread idles when the history has nothing new. */
    static IdleStrategy idleStrategy()
    {
        return new SleepingIdleStrategy(PARK_NANOS);
    }

    /**
     * The appender's thread: a daemon, like the collector's.
     *
     * @param runnable the agent runner.
     * @return the thread, not started.
     */
    static Thread newThread(final Runnable runnable)
    {
        final Thread thread = new Thread(runnable, "tickertape-journal-appender");
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String roleName()
    {
        return "tickertape-journal-appender";
    }
}
