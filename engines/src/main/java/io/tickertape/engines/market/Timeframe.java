package io.tickertape.engines.market;

/**
 * The candle intervals the market data engine builds.
 */
public enum Timeframe
{
    /** One-minute candles. */
    M1(60_000L, "1m"),
    /** Five-minute candles. */
    M5(300_000L, "5m");

    private final long millis;
    private final String label;

    Timeframe(final long millis, final String label)
    {
        this.millis = millis;
        this.label = label;
    }

    /** @return the interval in milliseconds. */
    long millis()
    {
        return millis;
    }

    /** @return the name used in events, e.g. {@code 5m}. */
    public String label()
    {
        return label;
    }

    /**
     * The start of the candle holding a time.
     *
     * @param timeMillis simulated epoch milliseconds.
     * @return the candle's start.
     */
    long bucket(final long timeMillis)
    {
        return Math.floorDiv(timeMillis, millis) * millis;
    }
}
