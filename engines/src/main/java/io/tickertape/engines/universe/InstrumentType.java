package io.tickertape.engines.universe;

/**
 * The kinds of instrument in the universe, named as the exchanges name them.
 */
public enum InstrumentType
{
    /** A cash equity on NSE. */
    EQ("NSE", 0.20),
    /** An index future on NFO. */
    FUT("NFO", 0.12),
    /** A call option on NFO. */
    CE("NFO", 1.0),
    /** A put option on NFO. */
    PE("NFO", 1.0);

    private final String exchange;
    private final double marginRate;

    InstrumentType(final String exchange, final double marginRate)
    {
        this.exchange = exchange;
        this.marginRate = marginRate;
    }

    /**
     * The exchange segment the type trades on.
     *
     * @return {@code NSE} or {@code NFO}.
     */
    String exchange()
    {
        return exchange;
    }

    /**
     * The fraction of an order's notional the paper broker blocks as margin.
     *
     * @return a fraction of 1.
     */
    public double marginRate()
    {
        return marginRate;
    }
}
