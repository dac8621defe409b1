package io.tickertape.demo;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.tickertape.bus.journal.JournalException;
import io.tickertape.bus.journal.JournalReader;
import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * {@code tail DIR}: follows a journal written by another process (or this one), printing each record journaled
 * after it started as a JSON line. When it has caught up it flushes its output and polls again after
 * {@link #POLL_NANOS}; the reader takes in the segments the writer starts. It runs on a thread of its own,
 * {@code tickertape-tail}, until the barrier is signalled (SIGINT, SIGTERM), then flushes and returns.
 */
final class JournalTail
{
    /** How long to wait before looking again when caught up. */
    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int BATCH = 4096;

    private final JournalReader reader;
    private final JournalToolOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private volatile boolean running = true;
    private volatile String failure;

    JournalTail(final JournalReader reader, final JournalToolOptions options, final PrintStream out, final PrintStream err)
    {
        this.reader = reader;
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Follow until the barrier is signalled, or the journal cannot be read on.
     *
     * @param barriers makes the barrier whose signal stops the tail.
     * @return the exit status.
     */
    int run(final Supplier<ShutdownSignalBarrier> barriers)
    {
        try (ShutdownSignalBarrier barrier = barriers.get())
        {
            final Thread follower = new Thread(() -> follow(barrier), "tickertape-tail");
            follower.start();
            barrier.await();
            running = false;
            LockSupport.unpark(follower);
            try
            {
                follower.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (null != failure)
        {
            err.println("tickertape: tail: " + failure);
            err.flush();
            return JournalTool.EXIT_BAD_JOURNAL;
        }
        return JournalTool.EXIT_OK;
    }

    private void follow(final ShutdownSignalBarrier barrier)
    {
        final JsonLines lines = new JsonLines(out);
        try
        {
            final JournalTool.Cursor cursor = new JournalTool.Cursor(reader.lastSeq() + 1, record ->
            {
                if (options.wants(record.type()))
                {
                    lines.write(record);
                }
                return running;
            });
            while (running)
            {
                final int read = reader.read(cursor.next, BATCH, cursor);
                if (null != reader.lastCorruption())
                {
                    failure = "stopped at a " + reader.lastCorruption() + "; run verify";
                    break;
                }
                if (read == 0 || !lines.ok())
                {
                    if (!lines.flush())
                    {
                        failure = "cannot write the output (closed, or the device is full)";
                        break;
                    }
                    LockSupport.parkNanos(POLL_NANOS);
                }
            }
            if (null == failure && !lines.flush())
            {
                failure = "cannot write the output (closed, or the device is full)";
            }
        }
        catch (final RuntimeException ex)
        {
            lines.flush();
            failure = ex instanceof JournalException ? ex.getMessage() : ex.toString();
        }
        finally
        {
            barrier.signal(); // a failure ends the wait too
        }
    }
}
