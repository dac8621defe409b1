package io.tickertape.engines.strategy;

import io.tickertape.engines.Action;

/**
 * A strategy's decision for one evaluation, with its confidence and reason: reused for every evaluation, never
 * kept.
 */
final class Decision
{
    Action action = Action.HOLD;
    /** From 0 to 1. */
    double confidence;
    /** A constant string, so publishing it allocates nothing. */
    String reason = "";

    void set(final Action action, final double confidence, final String reason)
    {
        this.action = action;
        this.confidence = Math.rint(Math.max(0, Math.min(1, confidence)) * 10_000) / 10_000;
        this.reason = reason;
    }

    /**
     * A confidence from a strength: 0.5 for none, rising to 1 as the strength reaches 1.
     *
     * @param strength how far past its threshold a reading is, in units the strategy chooses.
     * @return a confidence from 0.5 to 1.
     */
    static double confidence(final double strength)
    {
        return 0.5 + 0.5 * Math.max(0, Math.min(1, strength));
    }
}
