package io.tickertape.bench.harness;

import org.HdrHistogram.Histogram;

/**
 * Latencies recorded into the unmeasured time's histogram or a measured window's, chosen by arithmetic on the
 * event's intended time rather than by a branch: a branch first taken when a window opens would make the JIT
 * recompile the reader at that moment, and the compilation's time would land in the window as latency that is the
 * harness's own.
 * <p>
 * The measured windows are {@code rounds} windows of {@code length} nanoseconds, one every {@code period}: the k-th
 * covers intended times in {@code [from + k * period, from + k * period + length)}. Everything else (the warm-up,
 * the pre-roll before each window, the time between windows) is recorded apart and not reported.
 */
final class WindowedLatency
{
    /** The unmeasured time's histogram, then one a window. */
    private final Histogram[] phases;
    private final long highest;
    private final long from;
    private final long period;
    private final long length;
    private final long rounds;
    /** Whole periods added to an offset so that every intended time since {@code earliest} divides as a positive number. */
    private final long biasPeriods;

    /**
     * Measured windows that repeat.
     *
     * @param earliest     no event is intended before it, {@code System.nanoTime()}.
     * @param from         the first measured window's start, at or after {@code earliest}.
     * @param period       the time from one window's start to the next's.
     * @param length       a window's length, at most {@code period}.
     * @param rounds       how many windows.
     * @param highestNanos the highest latency kept apart (higher ones are recorded as it).
     */
    WindowedLatency(
        final long earliest, final long from, final long period, final long length, final int rounds, final long highestNanos)
    {
        if (from < earliest || period < 1 || length < 1 || length > period || rounds < 1)
        {
            throw new IllegalArgumentException("windows: from " + from + " before earliest " + earliest + ", period " +
                period + ", length " + length + ", rounds " + rounds);
        }
        this.from = from;
        this.period = period;
        this.length = length;
        this.rounds = rounds;
        this.biasPeriods = (from - earliest) / period + 1;
        this.highest = highestNanos;
        this.phases = new Histogram[rounds + 1];
        for (int i = 0; i <= rounds; i++)
        {
            phases[i] = new Histogram(highestNanos, 3);
        }
    }

    /**
     * Record one latency.
     *
     * @param intended the event's intended send time, at or after the earliest given.
     * @param latency  its latency, nanoseconds.
     */
    void record(final long intended, final long latency)
    {
        phases[phase(intended)].recordValue(Math.min(highest, Math.max(0, latency)));
    }

    /**
     * @param intended an intended send time, at or after the earliest given.
     * @return the number of the measured window it falls in, counted from 1, or 0 if none.
     */
    int phase(final long intended)
    {
        // A positive offset from a whole number of periods before the first window: its quotient is the window's
        // number plus biasPeriods, its remainder the place in the period. Each condition is a sign bit, so no branch.
        final long offset = intended - from + biasPeriods * period;
        final long quotient = offset / period;
        final long round = quotient - biasPeriods;
        final long inPeriod = offset - quotient * period;
        final long outside = (round | (rounds - 1 - round) | (length - 1 - inPeriod)) >>> 63;
        return (int)((outside ^ 1) * (round + 1));
    }

    /** @return the measured windows' latencies together, a new histogram. */
    Histogram measured()
    {
        final Histogram all = new Histogram(highest, 3);
        for (int i = 1; i < phases.length; i++)
        {
            all.add(phases[i]);
        }
        return all;
    }

    /**
     * @param window a window's number, from 0.
     * @return that window's latencies.
     */
    Histogram window(final int window)
    {
        return phases[window + 1];
    }

    /** @return events recorded in the measured windows. */
    long measuredCount()
    {
        long count = 0;
        for (int i = 1; i < phases.length; i++)
        {
            count += phases[i].getTotalCount();
        }
        return count;
    }
}
