package io.tickertape.engines.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickertape.engines.Action;
import org.junit.jupiter.api.Test;

class StrategiesTest
{
    private final Indicators indicators = new Indicators();
    private final Decision decision = new Decision();

    private void candle(final double close, final double range)
    {
        indicators.update(close + range / 2, close - range / 2, close);
    }

    @Test
    void shouldBuyOversoldAndExitOnceRsiIsBackAboveFifty()
    {
        final Strategy strategy = new MeanReversionStrategy();
        double close = 1000;
        for (int i = 0; i < 60; i++)
        {
            close -= 2;
            candle(close, 4);
        }
        assertThat(indicators.isReady()).isTrue();
        assertThat(indicators.rsi()).isLessThan(30);

        strategy.decide(indicators, 0, decision);
        assertThat(decision.action).isEqualTo(Action.BUY);
        assertThat(decision.confidence).isEqualTo(1.0);
        strategy.decide(indicators, 1, decision);
        assertThat(decision.action).as("long already: wait").isEqualTo(Action.HOLD);

        while (indicators.rsi() < 50)
        {
            close += 3;
            candle(close, 4);
        }
        strategy.decide(indicators, 1, decision);
        assertThat(decision.action).isEqualTo(Action.EXIT);
        assertThat(decision.reason).isEqualTo("rsi back above 50");
    }

    @Test
    void shouldSellOverboughtShort()
    {
        double close = 1000;
        for (int i = 0; i < 60; i++)
        {
            close += 2;
            candle(close, 4);
        }
        new MeanReversionStrategy().decide(indicators, 0, decision);
        assertThat(decision.action).isEqualTo(Action.SELL);
    }

    @Test
    void shouldBuyTheCandleWhereEma20CrossesAboveEma50()
    {
        final Strategy strategy = new MomentumStrategy();
        double close = 1000;
        for (int i = 0; i < 60; i++)
        {
            close -= 1;
            candle(close, 3);
        }
        strategy.decide(indicators, 0, decision);
        assertThat(decision.action).isEqualTo(Action.HOLD);
        assertThat(decision.reason).isEqualTo("downtrend, no crossover");

        int candles = 0;
        while (!(indicators.ema20() > indicators.ema50()))
        {
            close += 3;
            candle(close, 3);
            candles++;
        }
        assertThat(candles).isBetween(2, 40);
        strategy.decide(indicators, 0, decision);
        assertThat(decision.action).isEqualTo(Action.BUY);
        assertThat(decision.confidence).isBetween(0.5, 1.0);
        strategy.decide(indicators, -1, decision);
        assertThat(decision.action).as("the cross closes a short").isEqualTo(Action.EXIT);

        close += 3;
        candle(close, 3);
        strategy.decide(indicators, 1, decision);
        assertThat(decision.action).as("no second cross").isEqualTo(Action.HOLD);
    }

    @Test
    void shouldBuyACloseAboveTheUpperAtrBandAndExitBelowTheMiddle()
    {
        final Strategy strategy = new BreakoutStrategy();
        for (int i = 0; i < 60; i++)
        {
            candle(i % 2 == 0 ? 100 : 101, 2);
        }
        strategy.decide(indicators, 0, decision);
        assertThat(decision.action).isEqualTo(Action.HOLD);

        candle(110, 2);
        assertThat(indicators.close()).isGreaterThan(indicators.ema20() + BreakoutStrategy.WIDTH * indicators.atr());
        strategy.decide(indicators, 0, decision);
        assertThat(decision.action).isEqualTo(Action.BUY);

        candle(95, 2);
        strategy.decide(indicators, 1, decision);
        assertThat(decision.action).isEqualTo(Action.EXIT);
        strategy.decide(indicators, 0, decision);
        assertThat(decision.action).as("flat: a close under the middle alone is no signal").isIn(Action.HOLD, Action.SELL);
    }
}
