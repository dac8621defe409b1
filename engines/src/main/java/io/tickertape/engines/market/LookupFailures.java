package io.tickertape.engines.market;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failed symbol lookups, recorded by any thread and reported by the market data thread: every failure is
 * counted, and each distinct symbol is queued for reporting once.
 */
final class LookupFailures
{
    /** Distinct symbols remembered; beyond this, failures are still counted but no longer reported. */
    static final int MAX_DISTINCT = 10_000;

    private final AtomicLong count = new AtomicLong();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final Queue<Failure> pending = new ConcurrentLinkedQueue<>();

    /**
     * Any thread: a lookup of {@code symbol} failed.
     *
     * @param symbol   the symbol asked for.
     * @param exchange the exchange segment it was looked for on.
     * @param reason   why it failed.
     */
    void record(final String symbol, final String exchange, final String reason)
    {
        count.incrementAndGet();
        if (reported.size() < MAX_DISTINCT && reported.add(symbol))
        {
            pending.add(new Failure(symbol, exchange, reason));
        }
    }

    /**
     * Reporting thread: the next failure of a symbol not reported before.
     *
     * @return the failure, or null when none is waiting.
     */
    Failure poll()
    {
        return pending.poll();
    }

    /** @return failed lookups so far, all symbols and repeats included. */
    long count()
    {
        return count.get();
    }

    /**
     * A symbol that could not be looked up.
     *
     * @param symbol   the symbol.
     * @param exchange the exchange segment it was looked for on.
     * @param reason   why.
     */
    record Failure(String symbol, String exchange, String reason)
    {
    }
}
