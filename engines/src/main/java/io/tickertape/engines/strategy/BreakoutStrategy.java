package io.tickertape.engines.strategy;

import io.tickertape.engines.Action;

/**
 * Volatility breakout on an ATR channel around EMA 20 (a Keltner channel, {@value #WIDTH} ATR 14 either side):
 * buy a close above the upper band, sell short a close below the lower band, exit when the close crosses back
 * over the middle. Confidence grows with the distance past the band (or the middle, on exits), up to one ATR.
 */
final class BreakoutStrategy implements Strategy
{
    static final String NAME = "breakout";
    static final double WIDTH = 2.0;

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void decide(final Indicators in, final int position, final Decision decision)
    {
        final double middle = in.ema20();
        final double atr = in.atr();
        final double upper = middle + WIDTH * atr;
        final double lower = middle - WIDTH * atr;
        final double close = in.close();
        if (position > 0 && close < middle)
        {
            decision.set(Action.EXIT, Decision.confidence((middle - close) / atr), "close fell back below channel middle");
        }
        else if (position < 0 && close > middle)
        {
            decision.set(Action.EXIT, Decision.confidence((close - middle) / atr), "close rose back above channel middle");
        }
        else if (position == 0 && close > upper)
        {
            decision.set(Action.BUY, Decision.confidence((close - upper) / atr), "close broke above upper atr channel");
        }
        else if (position == 0 && close < lower)
        {
            decision.set(Action.SELL, Decision.confidence((lower - close) / atr), "close broke below lower atr channel");
        }
        else
        {
            final double room = Math.min(upper - close, close - lower) / atr;
            decision.set(Action.HOLD, Decision.confidence(room), "close inside atr channel");
        }
    }
}
