package io.tickertape.engines;

/**
 * A strategy's BUY, SELL or EXIT on its way from the strategy engine to the execution engine: a mutable entry of
 * a {@link Handoff}.
 */
final class Signal
{
    /** Index of the strategy in the strategy engine's list. */
    int strategy;
    /** Index of the instrument in {@link Universe#tradable()}. */
    int instrument;
    Action action;
    /** The close the signal was taken at. */
    double price;
    double confidence;
}
