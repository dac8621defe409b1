package io.tickertape.bus;

import java.util.HashSet;
import java.util.Set;

import org.agrona.ErrorHandler;

/**
 * Counts every error and passes each distinct one (by exception class and throwing frame) to the error handler
 * once, so a failure repeating a million times neither floods the log nor costs a formatted message each time.
 */
final class DistinctErrorLog
{
    private static final int MAX_DISTINCT = 256;

    private final ErrorHandler handler;
    private final Set<String> seen = new HashSet<>();
    private volatile long count;

    DistinctErrorLog(final ErrorHandler handler)
    {
        this.handler = handler;
    }

    void record(final Throwable error)
    {
        count = count + 1; // single writer: the collector thread
        final StackTraceElement[] trace = error.getStackTrace();
        final String key = error.getClass().getName() + '@' + (trace.length > 0 ? trace[0] : "?");
        final boolean first;
        synchronized (seen)
        {
            first = seen.size() < MAX_DISTINCT && seen.add(key);
        }
        if (first)
        {
            try
            {
                handler.onError(error);
            }
            catch (final Throwable ignore)
            {
                // An error handler that fails must not take the collector down with it.
            }
        }
    }

    long count()
    {
        return count;
    }
}
