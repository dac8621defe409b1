package io.tickertape.engines.strategy;

/**
 * Exponential moving average: seeded with the simple average of the first {@code period} values, then
 * {@code ema += k * (value - ema)} with {@code k = 2 / (period + 1)}.
 */
final class Ema
{
    private final int period;
    private final double k;
    private int count;
    private double sum;
    private double value = Double.NaN;

    /**
     * @param period values averaged, at least 1.
     */
    Ema(final int period)
    {
        if (period < 1)
        {
            throw new IllegalArgumentException("period must be >= 1: " + period);
        }
        this.period = period;
        this.k = 2.0 / (period + 1);
    }

    /**
     * Add the next value.
     *
     * @param x the value.
     * @return the average, NaN until {@code period} values were added.
     */
    double update(final double x)
    {
        count++;
        if (count < period)
        {
            sum += x;
        }
        else if (count == period)
        {
            sum += x;
            value = sum / period;
        }
        else
        {
            value += k * (x - value);
        }
        return value;
    }

    /** @return the average, NaN until ready. */
    double value()
    {
        return value;
    }

    /** @return whether {@code period} values were added. */
    boolean isReady()
    {
        return count >= period;
    }
}
