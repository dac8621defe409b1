package io.tickertape.engines.strategy;

import io.tickertape.engines.Action;

/**
 * Trend following on an EMA 20/50 crossover: buy when the fast average crosses above the slow one, sell short
 * when it crosses below, and exit a position when the averages cross against it. Confidence grows with the
 * close's distance from the slow average, up to two ATRs.
 */
final class MomentumStrategy implements Strategy
{
    static final String NAME = "momentum";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void decide(final Indicators in, final int position, final Decision decision)
    {
        final boolean crossUp = in.previousEma20() <= in.previousEma50() && in.ema20() > in.ema50();
        final boolean crossDown = in.previousEma20() >= in.previousEma50() && in.ema20() < in.ema50();
        final double strength = Math.abs(in.close() - in.ema50()) / (2 * in.atr());
        if (crossUp)
        {
            if (position == 0)
            {
                decision.set(Action.BUY, Decision.confidence(strength), "ema_20 crossed above ema_50");
            }
            else if (position < 0)
            {
                decision.set(Action.EXIT, Decision.confidence(strength), "ema_20 crossed above ema_50 against short");
            }
            else
            {
                decision.set(Action.HOLD, Decision.confidence(strength), "already long on bullish cross");
            }
        }
        else if (crossDown)
        {
            if (position == 0)
            {
                decision.set(Action.SELL, Decision.confidence(strength), "ema_20 crossed below ema_50");
            }
            else if (position > 0)
            {
                decision.set(Action.EXIT, Decision.confidence(strength), "ema_20 crossed below ema_50 against long");
            }
            else
            {
                decision.set(Action.HOLD, Decision.confidence(strength), "already short on bearish cross");
            }
        }
        else
        {
            final double gap = Math.abs(in.ema20() - in.ema50()) / in.atr();
            decision.set(Action.HOLD, Decision.confidence(gap), in.ema20() > in.ema50() ? "uptrend, no crossover" : "downtrend, no crossover");
        }
    }
}
