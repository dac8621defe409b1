package io.tickertape.bus;

import io.tickertape.bus.journal.JournalWriter;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The journal's appending agent: a reader of the history with a cursor of its own, on a thread of its own, that
 * appends every collected record to the journal. The collector never waits for the journal and pays nothing for
 * it: the page faults and write-back stalls of the mapped files land on this thread. When the device is slower than
 * the events for longer than the history holds, the collector laps this cursor; the records it missed are the
 * journal's holes, counted and logged once by the writer.
 */
final class JournalAppender implements Agent, CursorHandler
{
    /** Records read per duty cycle: a bound on the work between two checks of the runner's state. */
    static final int BATCH = 4096;

    /** Idle: a few spins and yields, then parks of 1 us growing to 1 ms (a tailing reader sees records that late). */
    private static final long MAX_PARK_NANOS = 1_000_000L;

    private final HistoryRing history;
    private final JournalWriter writer;
    private final HistoryCursor cursor;
    private volatile long passedSeq;

    JournalAppender(final HistoryRing history, final JournalWriter writer)
    {
        this.history = history;
        this.writer = writer;
        this.cursor = history.cursorAfter(history.head(), TypeFilter.ALL);
        this.passedSeq = cursor.passedSeq();
    }

    @Override
    public int doWork()
    {
        final int examined = cursor.poll(this, BATCH);
        if (examined > 0)
        {
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
        writer.missed(fromSeq, toSeq);
    }

    /**
     * Append what the history holds beyond the cursor, up to its head now: the last duty cycle, after the collector
     * has stopped.
     */
    void drain()
    {
        while (doWork() > 0)
        {
            passedSeq = cursor.passedSeq();
        }
    }

    /** @return every sequence up to this one is journaled or counted as a hole. */
    long passedSeq()
    {
        return passedSeq;
    }

    /** @return how the appender's thread idles when it has caught up with the history. */
    static IdleStrategy idleStrategy()
    {
        return new BackoffIdleStrategy(10, 10, 1_000, MAX_PARK_NANOS);
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
