package io.tickertape.engines;

/**
 * A strategy's trade that the execution engine closed (its position went back to flat), on its way back to the
 * strategy engine: a mutable entry of a {@link Handoff}.
 */
final class ClosedTrade
{
    /** Index of the strategy in the strategy engine's list. */
    int strategy;
    /** Index of the instrument in {@link Universe#tradable()}. */
    int instrument;
    /** Realised pnl of the whole trade, from open to flat. */
    double pnl;
}
