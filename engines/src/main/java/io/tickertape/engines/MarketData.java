package io.tickertape.engines;

/**
 * Prices from the market data engine, readable from any thread.
 */
public interface MarketData
{
    /**
     * The last traded price of a symbol. A symbol the engine has no data for (not in the universe, or not
     * ticked, like an option) is a lookup failure: it is counted, and reported once per symbol as an
     * {@code mde_lookup_failure} event.
     *
     * @param symbol a trading symbol, e.g. {@code RELIANCE} or {@code NIFTY25JANFUT}.
     * @return the price, or NaN when the lookup failed.
     */
    double lastPrice(String symbol);
}
