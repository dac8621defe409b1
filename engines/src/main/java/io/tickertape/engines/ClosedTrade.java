package io.tickertape.engines;

import io.tickertape.engines.universe.Universe;

/**
 * A strategy's trade that the execution engine closed (its position went back to flat), on its way back to the
 * strategy engine: a mutable entry of a {@link Handoff}, written by the execution thread and read by the strategy
 * thread, never kept by either.
 */
public final class ClosedTrade
{
    private int strategy;
    private int instrument;
    private double pnl;

    /**
     * Fill the entry in.
     *
     * @param strategy   index of the strategy in the strategy engine's list.
     * @param instrument index of the instrument in {@link Universe#tradable()}.
     * @param pnl        realised pnl of the whole trade, from open to flat.
     * @return this.
     */
    public ClosedTrade set(final int strategy, final int instrument, final double pnl)
    {
        this.strategy = strategy;
        this.instrument = instrument;
        this.pnl = pnl;
        return this;
    }

    /** @return index of the strategy in the strategy engine's list. */
    public int strategy()
    {
        return strategy;
    }

    /** @return index of the instrument in {@link Universe#tradable()}. */
    public int instrument()
    {
        return instrument;
    }

    /** @return realised pnl of the whole trade, from open to flat. */
    public double pnl()
    {
        return pnl;
    }
}
