package io.tickertape.engines.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StrategyHealthTest
{
    @Test
    void shouldGiveZerosForStrategiesThatHaveNotTraded()
    {
        final StrategyStats[] stats = {new StrategyStats(), new StrategyStats(), new StrategyStats()};

        assertThat(StrategyHealth.avgWinRate(stats)).isZero();
        assertThat(StrategyHealth.maxLossStreak(stats)).isZero();
        assertThat(StrategyHealth.avgConfidence(stats)).isZero();
        assertThat(stats[0].winRate()).isZero();
        assertThat(StrategyHealth.avgWinRate(new StrategyStats[0])).isZero();
    }

    @Test
    void shouldAggregateWinRatesStreaksAndConfidence()
    {
        final StrategyStats a = new StrategyStats();
        final StrategyStats b = new StrategyStats();
        final StrategyStats c = new StrategyStats();
        a.onClosedTrade(100);
        a.onClosedTrade(-50);
        a.onClosedTrade(0); // break-even counts as a loss
        b.onClosedTrade(10);
        a.onSignal(0.6);
        a.onSignal(0.8);
        c.onSignal(1.0);

        assertThat(a.winRate()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(a.lossStreak()).isEqualTo(2);
        assertThat(a.winStreak()).isZero();
        assertThat(b.winStreak()).isEqualTo(1);
        final StrategyStats[] stats = {a, b, c};
        assertThat(StrategyHealth.avgWinRate(stats)).as("mean over the strategies that traded").isCloseTo((1.0 / 3 + 1) / 2, within(1e-12));
        assertThat(StrategyHealth.maxLossStreak(stats)).isEqualTo(2);
        assertThat(StrategyHealth.avgConfidence(stats)).isCloseTo(0.8, within(1e-12));

        a.onClosedTrade(5);
        assertThat(a.lossStreak()).isZero();
        assertThat(a.longestLossStreak()).isEqualTo(2);
        assertThat(StrategyHealth.maxLossStreak(stats)).isZero();
    }
}
