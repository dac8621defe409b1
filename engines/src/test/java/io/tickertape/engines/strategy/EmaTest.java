package io.tickertape.engines.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EmaTest
{
    /**
     * StockCharts' 10-day EMA worked example ("Moving Averages - Simple and Exponential", cs-ema spreadsheet):
     * the first value is the simple average of the first ten closes, 22.22; the multiplier is 2 / 11 = 0.1818.
     * Their table, to two decimals.
     */
    private static final double[] CLOSES = {
        22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29,
        22.15, 22.39, 22.38, 22.61, 23.36, 24.05, 23.75, 23.83, 23.95, 23.63,
        23.82, 23.87, 23.65, 23.19, 23.10, 23.33, 22.68, 23.10, 22.40, 22.17};
    private static final double[] EMA_10 = {
        22.22, 22.21, 22.24, 22.27, 22.33, 22.52, 22.80, 22.97, 23.13, 23.28,
        23.34, 23.43, 23.51, 23.53, 23.47, 23.40, 23.39, 23.26, 23.23, 23.08, 22.92};

    @Test
    void shouldMatchTheStockChartsTenDayExample()
    {
        final Ema ema = new Ema(10);
        for (int i = 0; i < CLOSES.length; i++)
        {
            final double value = ema.update(CLOSES[i]);
            if (i < 9)
            {
                assertThat(value).as("before the tenth close").isNaN();
                assertThat(ema.isReady()).isFalse();
            }
            else
            {
                assertThat(value).as("EMA after close %d", i + 1).isCloseTo(EMA_10[i - 9], within(0.005));
            }
        }
        assertThat(ema.isReady()).isTrue();
    }

    @Test
    void shouldStayAtAConstantInput()
    {
        final Ema ema = new Ema(3);
        for (int i = 0; i < 10; i++)
        {
            ema.update(5.0);
        }
        assertThat(ema.value()).isEqualTo(5.0);
    }

    @Test
    void shouldWorkOutSmallPeriodsByHand()
    {
        // Period 2: k = 2/3. Seed = (1 + 3) / 2 = 2; then 2 + 2/3 * (8 - 2) = 6; then 6 + 2/3 * (3 - 6) = 4.
        final Ema ema = new Ema(2);
        assertThat(ema.update(1)).isNaN();
        assertThat(ema.update(3)).isEqualTo(2.0);
        assertThat(ema.update(8)).isCloseTo(6.0, within(1e-12));
        assertThat(ema.update(3)).isCloseTo(4.0, within(1e-12));
    }
}
