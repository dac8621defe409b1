package io.tickertape.engines.strategy;

/**
 * Wilder's relative strength index of closes: the first average gain and loss are simple averages of the first
 * {@code period} changes, later ones are smoothed as {@code avg = (avg * (period - 1) + change) / period}; then
 * {@code RSI = 100 - 100 / (1 + avgGain / avgLoss)}. With no losses it is 100, with no movement at all 50.
 */
final class Rsi
{
    private final int period;
    private int changes;
    private double previous = Double.NaN;
    private double sumGain;
    private double sumLoss;
    private double avgGain;
    private double avgLoss;
    private double value = Double.NaN;

    /**
     * @param period changes averaged, at least 1 (Wilder used 14).
     */
    Rsi(final int period)
    {
        if (period < 1)
        {
            throw new IllegalArgumentException("period must be >= 1: " + period);
        }
        this.period = period;
    }

    /**
     * Add the next close.
     *
     * @param close the close.
     * @return the RSI from 0 to 100, NaN until {@code period} changes (period + 1 closes) were seen.
     */
    double update(final double close)
    {
        if (Double.isNaN(previous))
        {
            previous = close;
            return value;
        }
        final double change = close - previous;
        previous = close;
        final double gain = Math.max(change, 0);
        final double loss = Math.max(-change, 0);
        changes++;
        if (changes <= period)
        {
            sumGain += gain;
            sumLoss += loss;
            if (changes < period)
            {
                return value;
            }
            avgGain = sumGain / period;
            avgLoss = sumLoss / period;
        }
        else
        {
            avgGain = (avgGain * (period - 1) + gain) / period;
            avgLoss = (avgLoss * (period - 1) + loss) / period;
        }
        if (avgLoss == 0)
        {
            value = avgGain == 0 ? 50 : 100;
        }
        else
        {
            value = 100 - 100 / (1 + avgGain / avgLoss);
        }
        return value;
    }

    /** @return the RSI, NaN until ready. */
    double value()
    {
        return value;
    }

    /** @return whether a value is available. */
    boolean isReady()
    {
        return changes >= period;
    }
}
