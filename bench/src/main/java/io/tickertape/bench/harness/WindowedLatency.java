package io.tickertape.bench.harness;

import org.HdrHistogram.Histogram;

/**
 * Latencies recorded into one of two histograms, the warm-up's or the measured window's, chosen by arithmetic on
 * the event's intended time rather than by a branch: a branch first taken when the window opens would make the JIT
 * recompile the reader at that moment, and the compilation's time would land in the window as latency that is the
 * harness's own.
 */
final class WindowedLatency
{
    private final Histogram[] phases;
    private final long highest;
    private final long measureFrom;

    /**
     * @param measureFrom  the measured window's start, {@code System.nanoTime()}; events intended before it are warm-up.
     * @param highestNanos the highest latency kept apart (higher ones are recorded as it).
     */
    WindowedLatency(final long measureFrom, final long highestNanos)
    {
        this.measureFrom = measureFrom;
        this.highest = highestNanos;
        this.phases = new Histogram[] {new Histogram(highestNanos, 3), new Histogram(highestNanos, 3)};
    }

    /**
     * Record one latency.
     *
     * @param intended the event's intended send time.
     * @param latency  its latency, nanoseconds.
     */
    void record(final long intended, final long latency)
    {
        // 1 once intended >= measureFrom (the sign bit of measureFrom - 1 - intended), else 0; both are nanoTime
        // readings within a run, so the difference cannot overflow.
        final int phase = (int)((measureFrom - 1 - intended) >>> 63);
        phases[phase].recordValue(Math.min(highest, Math.max(0, latency)));
    }

    /** @return the measured window's histogram. */
    Histogram measured()
    {
        return phases[1];
    }

    /** @return events recorded in the measured window. */
    long measuredCount()
    {
        return phases[1].getTotalCount();
    }
}
