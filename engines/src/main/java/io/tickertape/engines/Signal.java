package io.tickertape.engines;

import io.tickertape.engines.universe.Universe;

/**
 * A strategy's BUY, SELL or EXIT on its way from the strategy engine to the execution engine: a mutable entry of
 * a {@link Handoff}, written by the strategy thread and read by the execution thread, never kept by either.
 */
public final class Signal
{
    private int strategy;
    private int instrument;
    private Action action;
    private double price;
    private double confidence;

    /**
     * Fill the entry in.
     *
     * @param strategy   index of the strategy in the strategy engine's list.
     * @param instrument index of the instrument in {@link Universe#tradable()}.
     * @param action     BUY, SELL or EXIT.
     * @param price      the close the signal was taken at.
     * @param confidence the strategy's confidence, 0 to 1.
     * @return this.
     */
    public Signal set(final int strategy, final int instrument, final Action action, final double price, final double confidence)
    {
        this.strategy = strategy;
        this.instrument = instrument;
        this.action = action;
        this.price = price;
        this.confidence = confidence;
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

    /** @return BUY, SELL or EXIT. */
    public Action action()
    {
        return action;
    }

    /** @return the close the signal was taken at. */
    public double price()
    {
        return price;
    }

    /** @return the strategy's confidence, 0 to 1. */
    public double confidence()
    {
        return confidence;
    }
}
