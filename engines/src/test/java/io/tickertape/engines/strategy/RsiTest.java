package io.tickertape.engines.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RsiTest
{
    /**
     * StockCharts' RSI worked example ("Relative Strength Index (RSI)", cs-rsi spreadsheet): 14-period Wilder RSI
     * over 33 closes. The first value (70.53) comes from the simple averages of the first 14 changes, average gain
     * 0.2384 and average loss 0.0996; later ones from Wilder's smoothing. Their table, to two decimals.
     */
    private static final double[] CLOSES = {
        44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931,
        46.0328, 45.6140, 46.2820, 46.2820, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521,
        45.7137, 46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314};
    private static final double[] RSI_14 = {
        70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38,
        54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.30, 33.08, 37.77};

    @Test
    void shouldMatchTheStockChartsExample()
    {
        final Rsi rsi = new Rsi(14);
        for (int i = 0; i < CLOSES.length; i++)
        {
            final double value = rsi.update(CLOSES[i]);
            if (i < 14)
            {
                assertThat(value).as("before the fifteenth close").isNaN();
            }
            else
            {
                assertThat(value).as("RSI at close %d", i + 1).isCloseTo(RSI_14[i - 14], within(0.005));
            }
        }
    }

    @Test
    void shouldBeHundredWithoutLossesAndFiftyWithoutMovement()
    {
        final Rsi rising = new Rsi(3);
        final Rsi flat = new Rsi(3);
        for (int i = 0; i < 6; i++)
        {
            rising.update(10 + i);
            flat.update(10);
        }
        assertThat(rising.value()).isEqualTo(100.0);
        assertThat(flat.value()).isEqualTo(50.0);
    }

    @Test
    void shouldWorkOutAShortPeriodByHand()
    {
        // Period 2 over closes 10, 11, 10.5, 11.5, 11:
        // changes +1, -0.5 -> avg gain 0.5, avg loss 0.25, RS 2, RSI 66.667
        // change +1        -> gain (0.5 + 1) / 2 = 0.75, loss 0.25 / 2 = 0.125, RS 6, RSI 85.714
        // change -0.5      -> gain 0.375, loss (0.125 + 0.5) / 2 = 0.3125, RS 1.2, RSI 54.545
        final Rsi rsi = new Rsi(2);
        rsi.update(10);
        assertThat(rsi.update(11)).isNaN();
        assertThat(rsi.update(10.5)).isCloseTo(66.667, within(0.001));
        assertThat(rsi.update(11.5)).isCloseTo(85.714, within(0.001));
        assertThat(rsi.update(11)).isCloseTo(54.545, within(0.001));
    }
}
