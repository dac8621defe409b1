package io.tickertape.engines;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last traded price of each tradable instrument: written by the market data thread, read by any thread
 * without locks. Each price is one atomic 64-bit value, so a reader never sees half of one.
 */
public final class PriceBoard
{
    private final AtomicLongArray prices;

    /**
     * A board of NaN prices.
     *
     * @param instruments the number of tradable instruments.
     */
    public PriceBoard(final int instruments)
    {
        prices = new AtomicLongArray(instruments);
        for (int i = 0; i < instruments; i++)
        {
            prices.set(i, Double.doubleToRawLongBits(Double.NaN));
        }
    }

    /**
     * Writer: publish a new last price.
     *
     * @param instrument the tradable index.
     * @param price      the price.
     */
    public void set(final int instrument, final double price)
    {
        prices.lazySet(instrument, Double.doubleToRawLongBits(price));
    }

    /**
     * Any thread: the last price.
     *
     * @param instrument the tradable index.
     * @return the price, NaN before the first tick.
     */
    public double get(final int instrument)
    {
        return Double.longBitsToDouble(prices.get(instrument));
    }

    /** @return the number of instruments. */
    int size()
    {
        return prices.length();
    }
}
