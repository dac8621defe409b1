package io.tickertape.bench.harness;

import org.HdrHistogram.Histogram;

/**
 * Formats a nanosecond histogram as the harnesses print it: count, p50, p99, p99.9 and max in microseconds.
 */
final class Percentiles
{
    private Percentiles()
    {
    }

    /**
     * One line of figures.
     *
     * @param h a histogram of nanoseconds.
     * @return e.g. {@code n=1000000 p50=12.3 p99=45.6 p99.9=78.9 max=1234.5 (us)}.
     */
    static String micros(final Histogram h)
    {
        if (0 == h.getTotalCount())
        {
            return "n=0";
        }
        return String.format("n=%d p50=%.1f p99=%.1f p99.9=%.1f max=%.1f (us)",
            h.getTotalCount(),
            h.getValueAtPercentile(50) / 1000.0,
            h.getValueAtPercentile(99) / 1000.0,
            h.getValueAtPercentile(99.9) / 1000.0,
            h.getMaxValue() / 1000.0);
    }
}
