package io.tickertape.engines.execution;

import java.util.SplittableRandom;

/**
 * How the paper broker's simulated market treats an order, from a seeded random source so the same orders always
 * meet the same fate: the price found on arrival (the signal's price plus a small normal slippage), the limit an
 * entry is sent with (a little through the signal's price), and whether the first fill is partial.
 */
final class FillModel
{
    /** Standard deviation of the arrival price around the signal's price, as a fraction. */
    static final double SLIPPAGE = 0.0003;
    /** How far through the signal's price an entry's limit is set, as a fraction. */
    static final double LIMIT_TOLERANCE = 0.0005;
    /** Chance that an order of two lots or more is filled in two parts. */
    static final double PARTIAL_PROBABILITY = 0.2;

    private final SplittableRandom random;

    FillModel(final long seed)
    {
        random = new SplittableRandom(seed);
    }

    /**
     * The price the market offers when an order arrives.
     *
     * @param reference the signal's price.
     * @return the arrival price, in steps of five paise.
     */
    double arrival(final double reference)
    {
        return tick(reference * (1 + SLIPPAGE * random.nextGaussian()));
    }

    /**
     * The limit price of an entry order.
     *
     * @param buy       true for a buy.
     * @param reference the signal's price.
     * @return the limit, in steps of five paise.
     */
    static double limit(final boolean buy, final double reference)
    {
        return tick(reference * (buy ? 1 + LIMIT_TOLERANCE : 1 - LIMIT_TOLERANCE));
    }

    /**
     * The quantity of a partial first fill.
     *
     * @param quantity the order's quantity.
     * @param lotSize  the instrument's lot.
     * @return a whole number of lots less than the quantity, or 0 when the order fills at once.
     */
    long partial(final long quantity, final int lotSize)
    {
        final long lots = quantity / lotSize;
        if (lots < 2 || random.nextDouble() >= PARTIAL_PROBABILITY)
        {
            return 0;
        }
        return (1 + random.nextLong(lots - 1)) * lotSize;
    }

    static double tick(final double price)
    {
        return Math.rint(price * 20) / 20;
    }
}
