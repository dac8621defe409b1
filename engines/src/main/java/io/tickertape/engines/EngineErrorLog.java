package io.tickertape.engines;

import static org.agrona.BitUtil.CACHE_LINE_LENGTH;
import static org.agrona.BitUtil.SIZE_OF_INT;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.CountedErrorHandler;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorConsumer;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The trading system's one error log. Each engine counts its errors in an {@link AtomicCounter} of its own; every
 * error is recorded in an Agrona {@link DistinctErrorLog}, once per distinct cause (class, message and stack trace)
 * with its observation count and times, and the first observation of each cause is logged as a warning. Recording
 * never throws: an error that cannot be recorded or logged (the log is full) is still counted. This class is kept
 * because a {@link DistinctErrorLog} records without logging and does not say which error was new.
 */
final class EngineErrorLog
{
    /** Bytes for distinct error records: some dozens of stack traces. */
    static final int CAPACITY_DEFAULT = 64 * 1024;

    private static final System.Logger LOGGER = System.getLogger("io.tickertape.engines");

    private final DistinctErrorLog log;
    private final CountersManager counters;
    private int nextRecordOffset; // guarded by this: where the next distinct record will be written
    private boolean fullLogged; // guarded by this

    /**
     * @param engines  how many engines will have a counter.
     * @param capacity bytes for distinct error records, a multiple of 8.
     */
    EngineErrorLog(final int engines, final int capacity)
    {
        log = new DistinctErrorLog(
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity, CACHE_LINE_LENGTH)), SystemEpochClock.INSTANCE);
        counters = new CountersManager(
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(engines * CountersReader.METADATA_LENGTH, CACHE_LINE_LENGTH)),
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(engines * CountersReader.COUNTER_LENGTH, CACHE_LINE_LENGTH)));
    }

    /**
     * A new counter of an engine's errors. Called before the engines start, from one thread.
     *
     * @param engine the engine's name.
     * @return the counter.
     */
    AtomicCounter newCounter(final String engine)
    {
        return counters.newCounter(engine + " errors");
    }

    /**
     * An engine's error handler: counts each error in the engine's counter, then records it here.
     *
     * @param engine the engine's name, in the warnings.
     * @param errors the engine's counter.
     * @return the handler; any thread.
     */
    ErrorHandler handler(final String engine, final AtomicCounter errors)
    {
        return new CountedErrorHandler((error) -> record(engine, error), errors);
    }

    /**
     * Read the distinct errors recorded so far.
     *
     * @param consumer given each distinct error: observation count, first and last observation (epoch
     *                 milliseconds), and the stack trace.
     * @return the number of distinct errors.
     */
    int read(final ErrorConsumer consumer)
    {
        return ErrorLogReader.read(log.buffer(), consumer);
    }

    private synchronized void record(final String engine, final Throwable error)
    {
        try
        {
            if (!log.record(error))
            {
                if (!fullLogged)
                {
                    fullLogged = true;
                    LOGGER.log(System.Logger.Level.WARNING,
                        "engine error log full: new kinds of error are now counted, not logged (engine " + engine + ")", error);
                }
                return;
            }
            // Records are appended and this is their only writer: a length at the next offset is a new distinct error.
            final AtomicBuffer buffer = log.buffer();
            if (nextRecordOffset <= buffer.capacity() - SIZE_OF_INT)
            {
                final int length = buffer.getIntVolatile(nextRecordOffset + DistinctErrorLog.LENGTH_OFFSET);
                if (length > 0)
                {
                    nextRecordOffset += BitUtil.align(length, DistinctErrorLog.RECORD_ALIGNMENT);
                    LOGGER.log(System.Logger.Level.WARNING, "engine " + engine + " error (logged once, counted always)", error);
                }
            }
        }
        catch (final Throwable ignore)
        {
            // The count is what matters; a failure to record or log must not take the engine down.
        }
    }
}
