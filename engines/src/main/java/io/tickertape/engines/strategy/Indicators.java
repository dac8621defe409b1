package io.tickertape.engines.strategy;

/**
 * The indicators the strategies read for one instrument: EMA 20 and 50 (with their previous values, for
 * crossovers), Wilder's RSI 14 and ATR 14, and the last close. Owned by the strategy engine's thread.
 */
final class Indicators
{
    private final Ema ema20 = new Ema(20);
    private final Ema ema50 = new Ema(50);
    private final Rsi rsi14 = new Rsi(14);
    private final Atr atr14 = new Atr(14);
    private double previousEma20 = Double.NaN;
    private double previousEma50 = Double.NaN;
    private double close = Double.NaN;

    /**
     * Add a completed candle.
     *
     * @param high  the candle's high.
     * @param low   the candle's low.
     * @param close the candle's close.
     */
    void update(final double high, final double low, final double close)
    {
        previousEma20 = ema20.value();
        previousEma50 = ema50.value();
        ema20.update(close);
        ema50.update(close);
        rsi14.update(close);
        atr14.update(high, low, close);
        this.close = close;
    }

    /** @return whether every indicator, and the previous EMAs, have values. */
    boolean isReady()
    {
        return !Double.isNaN(previousEma50) && rsi14.isReady() && atr14.isReady();
    }

    double ema20()
    {
        return ema20.value();
    }

    double ema50()
    {
        return ema50.value();
    }

    double previousEma20()
    {
        return previousEma20;
    }

    double previousEma50()
    {
        return previousEma50;
    }

    double rsi()
    {
        return rsi14.value();
    }

    double atr()
    {
        return atr14.value();
    }

    double close()
    {
        return close;
    }
}
