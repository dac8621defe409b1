package io.tickertape.engines.market;

import io.tickertape.engines.Handoff;
import io.tickertape.engines.universe.Universe;

/**
 * A completed OHLCV candle as handed from the market data engine to a subscriber: a mutable entry of a
 * {@link Handoff}, written by the market data thread and read by the subscriber's, never kept by either.
 */
public final class Candle
{
    int instrument;
    Timeframe timeframe;
    long startMillis;
    double open;
    double high;
    double low;
    double close;
    long volume;
    boolean backfill;

    Candle()
    {
    }

    void copyFrom(final Candle other)
    {
        instrument = other.instrument;
        timeframe = other.timeframe;
        startMillis = other.startMillis;
        open = other.open;
        high = other.high;
        low = other.low;
        close = other.close;
        volume = other.volume;
        backfill = other.backfill;
    }

    /** @return index of the instrument in {@link Universe#tradable()}. */
    public int instrument()
    {
        return instrument;
    }

    /** @return the candle's timeframe. */
    public Timeframe timeframe()
    {
        return timeframe;
    }

    /** @return simulated epoch milliseconds of the candle's start. */
    public long startMillis()
    {
        return startMillis;
    }

    /** @return the first price. */
    public double open()
    {
        return open;
    }

    /** @return the highest price. */
    public double high()
    {
        return high;
    }

    /** @return the lowest price. */
    public double low()
    {
        return low;
    }

    /** @return the last price. */
    public double close()
    {
        return close;
    }

    /** @return the quantity traded. */
    public long volume()
    {
        return volume;
    }

    /** @return true for history replayed before live trading starts: for warming indicators up, not for trading. */
    public boolean isBackfill()
    {
        return backfill;
    }
}
