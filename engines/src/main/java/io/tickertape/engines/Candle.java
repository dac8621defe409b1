package io.tickertape.engines;

/**
 * A completed OHLCV candle as handed from the market data engine to a subscriber: a mutable entry of a
 * {@link Handoff}, written by the market data thread and read by the subscriber's, never kept by either.
 */
final class Candle
{
    /** Index of the instrument in {@link Universe#tradable()}. */
    int instrument;
    Timeframe timeframe;
    /** Simulated epoch milliseconds of the candle's start. */
    long startMillis;
    double open;
    double high;
    double low;
    double close;
    long volume;
    /** True for history replayed before live trading starts: for warming indicators up, not for trading. */
    boolean backfill;

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
}
