package io.tickertape.transport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.agrona.ErrorHandler;

/**
 * Passes each distinct error the server meets to its error handler once: distinct by exception class and the stack
 * frame that threw, so a failure repeating on every request or every tick is logged once however often it repeats.
 * Whoever records an error also counts it, each time, in its {@link TransportCounter}: a request answered 500
 * ({@code http.errors}), a fault caught on a connection ({@code http.exceptions}), a throw in an event loop's stream
 * work ({@code sse.task_errors}). At most {@value #MAX_DISTINCT} distinct errors are passed on; later new ones are
 * only counted. Any thread; an error handler that throws is ignored.
 */
final class DistinctErrorLog
{
    /** Most distinct errors passed to the handler. */
    static final int MAX_DISTINCT = 256;

    /** The default handler: a warning on the {@code io.tickertape.transport} system logger. */
    static final ErrorHandler LOG_WARNING = error -> System.getLogger("io.tickertape.transport")
        .log(System.Logger.Level.WARNING, "transport error (each distinct cause is logged once, every one counted)", error);

    private final ErrorHandler handler;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    DistinctErrorLog(final ErrorHandler handler)
    {
        this.handler = handler;
    }

    /**
     * Pass the error to the handler if no error of its class thrown at the same frame came before.
     *
     * @return whether it was passed on (it was the first of its kind).
     */
    boolean record(final Throwable error)
    {
        final StackTraceElement[] trace = error.getStackTrace();
        final String key = error.getClass().getName() + '@' + (trace.length > 0 ? trace[0] : "?");
        if (seen.size() >= MAX_DISTINCT || !seen.add(key))
        {
            return false;
        }
        try
        {
            handler.onError(error);
        }
        catch (final Throwable ignore)
        {
            // A failing error handler must not take an event loop's task down with it.
        }
        return true;
    }
}
