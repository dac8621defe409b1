package io.tickertape.engines.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class TradeStatisticsTest
{
    @Test
    void shouldBeZeroBeforeTwoTradesAndWithoutDeviation()
    {
        final TradeStatistics stats = new TradeStatistics();
        assertThat(stats.sharpeRatio()).isZero();
        stats.add(500);
        assertThat(stats.sharpeRatio()).isZero();
        stats.add(500);
        assertThat(stats.sharpeRatio()).isZero();
    }

    @Test
    void shouldBeTheMeanOverTheSampleStandardDeviation()
    {
        final TradeStatistics stats = new TradeStatistics();
        stats.add(100);
        stats.add(200);
        stats.add(300);
        assertThat(stats.sharpeRatio()).isCloseTo(2.0, within(1e-12)); // mean 200, sample deviation 100
        stats.add(-600);
        assertThat(stats.sharpeRatio()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void shouldAgreeWithATwoPassComputation()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final double[] pnls = new double[10_000];
        final TradeStatistics stats = new TradeStatistics();
        double sum = 0;
        for (int i = 0; i < pnls.length; i++)
        {
            pnls[i] = 1e6 + random.nextGaussian() * 2_500; // a large mean: a naive sum of squares would lose it
            stats.add(pnls[i]);
            sum += pnls[i];
        }
        final double mean = sum / pnls.length;
        double squares = 0;
        for (final double pnl : pnls)
        {
            squares += (pnl - mean) * (pnl - mean);
        }
        final double expected = mean / Math.sqrt(squares / (pnls.length - 1));
        assertThat(stats.sharpeRatio()).isCloseTo(expected, within(expected * 1e-9));
        assertThat(stats.count()).isEqualTo(pnls.length);
    }
}
