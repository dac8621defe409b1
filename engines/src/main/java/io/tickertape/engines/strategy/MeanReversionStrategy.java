package io.tickertape.engines.strategy;

import io.tickertape.engines.Action;

/**
 * Mean reversion on Wilder's RSI 14: buy below 30, sell short above 70, exit once RSI is back across 50.
 * Confidence grows with how far RSI is past its threshold (15 points for full confidence on entries, 20 on
 * exits).
 */
final class MeanReversionStrategy implements Strategy
{
    static final String NAME = "mean_reversion";
    static final double OVERSOLD = 30;
    static final double OVERBOUGHT = 70;
    static final double MIDDLE = 50;

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void decide(final Indicators in, final int position, final Decision decision)
    {
        final double rsi = in.rsi();
        if (position > 0 && rsi >= MIDDLE)
        {
            decision.set(Action.EXIT, Decision.confidence((rsi - MIDDLE) / 20), "rsi back above 50");
        }
        else if (position < 0 && rsi <= MIDDLE)
        {
            decision.set(Action.EXIT, Decision.confidence((MIDDLE - rsi) / 20), "rsi back below 50");
        }
        else if (position == 0 && rsi < OVERSOLD)
        {
            decision.set(Action.BUY, Decision.confidence((OVERSOLD - rsi) / 15), "rsi below 30 (oversold)");
        }
        else if (position == 0 && rsi > OVERBOUGHT)
        {
            decision.set(Action.SELL, Decision.confidence((rsi - OVERBOUGHT) / 15), "rsi above 70 (overbought)");
        }
        else
        {
            final double room = position == 0 ? Math.min(rsi - OVERSOLD, OVERBOUGHT - rsi) : Math.abs(rsi - MIDDLE);
            decision.set(Action.HOLD, Decision.confidence(room / 20), position == 0 ? "rsi in range" : "waiting for rsi to revert");
        }
    }
}
