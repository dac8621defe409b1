package io.tickertape.bus;

import static org.agrona.BitUtil.CACHE_LINE_LENGTH;
import static org.agrona.BitUtil.SIZE_OF_INT;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorConsumer;
import org.agrona.concurrent.errors.ErrorLogReader;

/**
 * The project's one error log, used by the collector, the engines and the server alike. Every error is counted;
 * each distinct one (by class, message and stack trace) is recorded once in an Agrona {@link DistinctErrorLog}, with
 * its observation count and first and last time, and handed to the {@code firstSeen} handler (which logs it) the
 * first time only, so a failure repeating a million times neither floods the log nor costs a formatted message each
 * time. Recording never throws: an error that cannot be recorded (the log is full) is still counted, and the
 * handler is told once that the log is full. Thread-safe.
 * <p>
 * This class is kept beside Agrona's because a {@link DistinctErrorLog} records without telling which error was new.
 */
public final class ErrorLog implements ErrorHandler
{
    /** Default bytes for distinct error records: some dozens of stack traces. */
    public static final int CAPACITY_DEFAULT = 64 * 1024;

    private final DistinctErrorLog log;
    private final ErrorHandler firstSeen;
    /** Held while the handler runs: it is never called from two threads at once. */
    private final Object tellLock = new Object();
    private long count; // guarded by this
    private int nextRecordOffset; // guarded by this: where the next distinct record will be written
    private boolean fullReported; // guarded by this

    /**
     * A log of {@link #CAPACITY_DEFAULT} bytes.
     *
     * @param firstSeen given each distinct error the first time it is seen; it may throw, which is ignored.
     */
    public ErrorLog(final ErrorHandler firstSeen)
    {
        this(CAPACITY_DEFAULT, firstSeen);
    }

    /**
     * A log of the given size.
     *
     * @param capacity  bytes for distinct error records, a multiple of 8.
     * @param firstSeen given each distinct error the first time it is seen; it may throw, which is ignored.
     */
    public ErrorLog(final int capacity, final ErrorHandler firstSeen)
    {
        this.log = new DistinctErrorLog(
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity, CACHE_LINE_LENGTH)), SystemEpochClock.INSTANCE);
        this.firstSeen = firstSeen;
    }

    /**
     * Count an error and record it; the first of its kind goes to the handler.
     *
     * @param error the error.
     * @return true if it was the first of its kind (and went to the handler).
     */
    public boolean record(final Throwable error)
    {
        final Throwable news = recordAndSayWhatIsNew(error);
        if (null == news)
        {
            return false;
        }
        synchronized (tellLock) // one at a time, as before, but a slow handler holds up only other first-seen errors
        {
            tell(news);
        }
        return news == error;
    }

    /** @return the error to hand to the handler: this one when it is the first of its kind, or news of a full log. */
    private synchronized Throwable recordAndSayWhatIsNew(final Throwable error)
    {
        count++;
        try
        {
            if (!log.record(error))
            {
                if (!fullReported)
                {
                    fullReported = true;
                    return new IllegalStateException("error log full: new kinds of error are now counted, not logged", error);
                }
                return null;
            }
            // Records are appended and this is their only writer: a length at the next offset is a new distinct error.
            final AtomicBuffer buffer = log.buffer();
            if (nextRecordOffset <= buffer.capacity() - SIZE_OF_INT)
            {
                final int length = buffer.getIntVolatile(nextRecordOffset + DistinctErrorLog.LENGTH_OFFSET);
                if (length > 0)
                {
                    nextRecordOffset += BitUtil.align(length, DistinctErrorLog.RECORD_ALIGNMENT);
                    return error;
                }
            }
            return null;
        }
        catch (final Throwable ignore)
        {
            return null; // the count is what matters; a failure to record must not take the caller down
        }
    }

    private void tell(final Throwable error)
    {
        try
        {
            firstSeen.onError(error);
        }
        catch (final Throwable ignore)
        {
            // A handler that fails must not take the recording thread down with it.
        }
    }

    /**
     * Record an error: {@link #record(Throwable)}, as an Agrona error handler.
     *
     * @param error the error.
     */
    @Override
    public void onError(final Throwable error)
    {
        record(error);
    }

    /**
     * Errors recorded so far, repeats included.
     *
     * @return the count.
     */
    public synchronized long count()
    {
        return count;
    }

    /**
     * Read the distinct errors recorded so far.
     *
     * @param consumer given each distinct error: observation count, first and last observation (epoch
     *                 milliseconds), and the stack trace.
     * @return the number of distinct errors.
     */
    public int read(final ErrorConsumer consumer)
    {
        return ErrorLogReader.read(log.buffer(), consumer);
    }
}
