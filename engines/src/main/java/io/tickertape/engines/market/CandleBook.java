package io.tickertape.engines.market;

import java.util.Arrays;

/**
 * The candle being built for each tradable instrument at one timeframe, as parallel arrays (no object per
 * candle). Owned by the market data thread.
 */
final class CandleBook
{
    private static final long NONE = Long.MIN_VALUE;

    private final Timeframe timeframe;
    private final long[] start;
    private final double[] open;
    private final double[] high;
    private final double[] low;
    private final double[] close;
    private final long[] volume;
    private final long[] lastClosedStart;
    private long completed;

    CandleBook(final Timeframe timeframe, final int instruments)
    {
        this.timeframe = timeframe;
        start = new long[instruments];
        open = new double[instruments];
        high = new double[instruments];
        low = new double[instruments];
        close = new double[instruments];
        volume = new long[instruments];
        lastClosedStart = new long[instruments];
        Arrays.fill(start, NONE);
        Arrays.fill(lastClosedStart, NONE);
    }

    /**
     * Close the instrument's open candle if the time has moved past it.
     *
     * @param instrument the tradable index.
     * @param nowMillis  simulated time.
     * @param into       filled with the completed candle when one closes.
     * @return true when a candle closed.
     */
    boolean roll(final int instrument, final long nowMillis, final Candle into)
    {
        final long openStart = start[instrument];
        if (openStart == NONE || timeframe.bucket(nowMillis) == openStart)
        {
            return false;
        }
        into.instrument = instrument;
        into.timeframe = timeframe;
        into.startMillis = openStart;
        into.open = open[instrument];
        into.high = high[instrument];
        into.low = low[instrument];
        into.close = close[instrument];
        into.volume = volume[instrument];
        lastClosedStart[instrument] = openStart;
        start[instrument] = NONE;
        completed++;
        return true;
    }

    /**
     * Add a trade to the instrument's candle, opening one if none is open. Call {@link #roll} first.
     *
     * @param instrument the tradable index.
     * @param nowMillis  simulated time of the trade.
     * @param price      traded price.
     * @param quantity   traded quantity.
     */
    void tick(final int instrument, final long nowMillis, final double price, final long quantity)
    {
        if (start[instrument] == NONE)
        {
            start[instrument] = timeframe.bucket(nowMillis);
            open[instrument] = price;
            high[instrument] = price;
            low[instrument] = price;
            close[instrument] = price;
            volume[instrument] = quantity;
        }
        else
        {
            high[instrument] = Math.max(high[instrument], price);
            low[instrument] = Math.min(low[instrument], price);
            close[instrument] = price;
            volume[instrument] += quantity;
        }
    }

    /**
     * The end of the instrument's newest candle, open or completed.
     *
     * @param instrument the tradable index.
     * @return simulated epoch milliseconds, or {@link Long#MIN_VALUE} when it never had a candle.
     */
    long lastCandleEnd(final int instrument)
    {
        final long newest = start[instrument] != NONE ? start[instrument] : lastClosedStart[instrument];
        return newest == NONE ? NONE : newest + timeframe.millis();
    }

    /**
     * Whether the instrument has, or had, a candle.
     *
     * @param instrument the tradable index.
     * @return true once it has traded.
     */
    boolean hasCandles(final int instrument)
    {
        return start[instrument] != NONE || lastClosedStart[instrument] != NONE;
    }

    /** @return candles completed since the start. */
    long completed()
    {
        return completed;
    }

    /** @return the timeframe. */
    Timeframe timeframe()
    {
        return timeframe;
    }
}
