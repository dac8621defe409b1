package io.tickertape.engines.strategy;

/**
 * Wilder's average true range. The true range of a candle is the largest of high - low, |high - previous close|
 * and |low - previous close| (just high - low for the first candle); the first ATR is the simple average of the
 * first {@code period} true ranges, later ones {@code atr = (atr * (period - 1) + tr) / period}.
 */
final class Atr
{
    private final int period;
    private int count;
    private double previousClose = Double.NaN;
    private double sum;
    private double value = Double.NaN;

    /**
     * @param period true ranges averaged, at least 1 (Wilder used 14).
     */
    Atr(final int period)
    {
        if (period < 1)
        {
            throw new IllegalArgumentException("period must be >= 1: " + period);
        }
        this.period = period;
    }

    /**
     * Add the next candle.
     *
     * @param high  its high.
     * @param low   its low.
     * @param close its close.
     * @return the ATR, NaN until {@code period} candles were seen.
     */
    double update(final double high, final double low, final double close)
    {
        double trueRange = high - low;
        if (!Double.isNaN(previousClose))
        {
            trueRange = Math.max(trueRange, Math.max(Math.abs(high - previousClose), Math.abs(low - previousClose)));
        }
        previousClose = close;
        count++;
        if (count < period)
        {
            sum += trueRange;
        }
        else if (count == period)
        {
            sum += trueRange;
            value = sum / period;
        }
        else
        {
            value = (value * (period - 1) + trueRange) / period;
        }
        return value;
    }

    /** @return the ATR, NaN until ready. */
    double value()
    {
        return value;
    }

    /** @return whether a value is available. */
    boolean isReady()
    {
        return count >= period;
    }
}
