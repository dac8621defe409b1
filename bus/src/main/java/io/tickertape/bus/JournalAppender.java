package io.tickertape.bus;

import java.nio.ByteBuffer;

import io.tickertape.bus.journal.JournalWriter;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Hands collected events to the journal without making the collector wait for the device: the collector copies
 * each event (sequence, timestamp, type, JSON) into a buffer of the journal's own, an Agrona one-to-one ring, and
 * this agent, on a thread of its own, appends what it finds there to the journal and writes it out, a duty cycle's
 * worth at a time. The page cache, page faults and write-back stalls land on this thread.
 * <p>
 * The buffer is sized by {@code JournalContext.bufferBytes}, apart from the history, so a small in-memory history
 * does not shorten how far the journal may fall behind. When it is full (the device has been slower than the
 * events for that long) the event is not journaled: the collector counts it as a hole and goes on.
 * <pre>
 * message in the ring (type id = event type id + 1)
 * +---------+----------------+----------------------+
 * | seq (8) | timestamp (8)  | JSON (UTF-8)         |
 * +---------+----------------+----------------------+
 * </pre>
 */
final class JournalAppender implements Agent, MessageHandler
{
    /** Messages read per duty cycle: a bound on the work between two writes and two checks of the runner's state. */
    static final int BATCH = 4096;
    private static final int SEQ_OFFSET = 0;
    private static final int TIMESTAMP_OFFSET = 8;
    private static final int JSON_OFFSET = 16;
    /**
     * Idle: a park of 1 ms whenever the buffer is empty. Not a spin or a short park: each wake-up then finds a
     * millisecond of events to write at once (fewer, larger writes; fewer system calls), and a tailing reader sees a
     * record at most about that late.
     */
    private static final long PARK_NANOS = 1_000_000L;

    private final JournalWriter writer;
    private final RingBuffer ring;
    private final UnsafeBuffer source;

    JournalAppender(final JournalWriter writer, final int bufferBytes)
    {
        this.writer = writer;
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(bufferBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.source = new UnsafeBuffer(new byte[1]);
    }

    /**
     * Collector: copy an event into the journal's buffer, or count it as a hole when the buffer is full.
     *
     * @param seq            its sequence.
     * @param timestampNanos its timestamp.
     * @param typeId         its type's id.
     * @param json           the collector's encoder buffer, holding its JSON from 0.
     * @param length         JSON bytes.
     */
    void offer(final long seq, final long timestampNanos, final int typeId, final byte[] json, final int length)
    {
        if (source.byteArray() != json)
        {
            source.wrap(json); // the encoder grew its buffer: once in a while, not per event
        }
        final int total = JSON_OFFSET + length;
        if (total > ring.maxMsgLength())
        {
            writer.missed(seq, seq);
            return;
        }
        final int index = ring.tryClaim(typeId + 1, total);
        if (index < 0)
        {
            writer.missed(seq, seq);
            return;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        buffer.putLong(index + SEQ_OFFSET, seq);
        buffer.putLong(index + TIMESTAMP_OFFSET, timestampNanos);
        buffer.putBytes(index + JSON_OFFSET, source, 0, length);
        ring.commit(index);
    }

    @Override
    public int doWork()
    {
        final int read = ring.read(this, BATCH);
        if (read > 0)
        {
            writer.flush(); // what this cycle read goes to the file in one write (or a few, when it is large)
        }
        return read;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        writer.append(buffer.getLong(index + SEQ_OFFSET), buffer.getLong(index + TIMESTAMP_OFFSET), msgTypeId - 1,
            buffer, index + JSON_OFFSET, length - JSON_OFFSET);
    }

    /** Append what the buffer holds: the last duty cycles, after the collector and this agent's thread have stopped. */
    void drain()
    {
        while (doWork() > 0)
        {
            Thread.onSpinWait();
        }
    }

    /** @return how the appender's thread idles when the buffer is empty. */
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
