package io.tickertape.engines.strategy;

/**
 * A trading rule over an instrument's indicators. Strategies hold no state of their own: the engine keeps each
 * strategy's position per instrument and passes it in, so one instance serves every instrument.
 */
interface Strategy
{
    /** @return the name, as written in events. */
    String name();

    /**
     * Decide what to do on a completed candle.
     *
     * @param indicators the instrument's indicators, ready.
     * @param position   the strategy's position in the instrument: 1 long, -1 short, 0 flat.
     * @param decision   filled with the decision.
     */
    void decide(Indicators indicators, int position, Decision decision);
}
