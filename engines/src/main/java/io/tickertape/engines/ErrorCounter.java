package io.tickertape.engines;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts an engine's errors and logs each distinct one (by class and message) once, so a failure repeated on
 * every cycle neither floods the log nor goes unnoticed. Counting is thread-safe; the count can be read anywhere.
 */
final class ErrorCounter
{
    private static final int MAX_DISTINCT = 256;
    private static final System.Logger LOGGER = System.getLogger("io.tickertape.engines");

    private final String engine;
    private final AtomicLong count = new AtomicLong();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    ErrorCounter(final String engine)
    {
        this.engine = engine;
    }

    /**
     * Count an error, and log it if it is the first of its kind.
     *
     * @param error what was thrown.
     */
    void record(final Throwable error)
    {
        count.incrementAndGet();
        try
        {
            final String key = error.getClass().getName() + ": " + error.getMessage();
            if (seen.size() < MAX_DISTINCT && seen.add(key))
            {
                LOGGER.log(System.Logger.Level.WARNING, "engine " + engine + " error (logged once, counted always)", error);
            }
        }
        catch (final Throwable ignore)
        {
            // The count above is what matters; a failure to log must not take the engine down.
        }
    }

    /**
     * Errors counted so far.
     *
     * @return the count.
     */
    long count()
    {
        return count.get();
    }
}
