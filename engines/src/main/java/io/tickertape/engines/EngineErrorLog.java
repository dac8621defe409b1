package io.tickertape.engines;

import static org.agrona.BitUtil.CACHE_LINE_LENGTH;

import io.tickertape.bus.ErrorLog;
import org.agrona.BufferUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.CountedErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.ErrorConsumer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The trading system's errors: each engine counts its errors in an {@link AtomicCounter} of its own, and every error
 * goes to the project's one {@link ErrorLog}, which records each distinct cause once (class, message and stack
 * trace, with its observation count and times) and logs its first observation as a warning, naming the engine's
 * thread. Recording never throws: an error that cannot be recorded (the log is full) is still counted.
 */
final class EngineErrorLog
{
    /** Bytes for distinct error records: some dozens of stack traces. */
    static final int CAPACITY_DEFAULT = ErrorLog.CAPACITY_DEFAULT;

    private static final System.Logger LOGGER = System.getLogger("io.tickertape.engines");

    private final ErrorLog log;
    private final CountersManager counters;

    /**
     * @param engines  how many engines will have a counter.
     * @param capacity bytes for distinct error records, a multiple of 8.
     */
    EngineErrorLog(final int engines, final int capacity)
    {
        log = new ErrorLog(capacity, (error) -> LOGGER.log(System.Logger.Level.WARNING,
            "engine error on " + Thread.currentThread().getName() + " (logged once, counted always)", error));
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
     * An engine's error handler: counts each error in the engine's counter, then records it in the log.
     *
     * @param engine the engine's name.
     * @param errors the engine's counter.
     * @return the handler; any thread.
     */
    ErrorHandler handler(final String engine, final AtomicCounter errors)
    {
        return new CountedErrorHandler(log, errors);
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
        return log.read(consumer);
    }
}
