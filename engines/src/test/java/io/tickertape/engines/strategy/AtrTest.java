package io.tickertape.engines.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AtrTest
{
    @Test
    void shouldFollowWildersDefinitionWorkedOutByHand()
    {
        // Period 3. Bars (high, low, close) and their true ranges:
        // 1: 10,   8,    9     TR = 10 - 8                                    = 2
        // 2: 11,   9,    10.5  TR = max(2, |11 - 9|, |9 - 9|)                 = 2
        // 3: 12,   10,   11    TR = max(2, |12 - 10.5|, |10 - 10.5|)          = 2    ATR = (2 + 2 + 2) / 3 = 2
        // 4: 11.5, 9,    9.5   TR = max(2.5, |11.5 - 11|, |9 - 11|)           = 2.5  ATR = (2 * 2 + 2.5) / 3 = 2.16667
        // 5: 14,   12,   13    TR = max(2, |14 - 9.5|, |12 - 9.5|)            = 4.5  ATR = (2.16667 * 2 + 4.5) / 3 = 2.94444
        // 6: 13.5, 13,   13.2  TR = max(0.5, |13.5 - 13|, |13 - 13|)          = 0.5  ATR = (2.94444 * 2 + 0.5) / 3 = 2.12963
        // 7: 10,   9.5,  9.8   TR = max(0.5, |10 - 13.2|, |9.5 - 13.2|) (gap) = 3.7  ATR = (2.12963 * 2 + 3.7) / 3 = 2.65309
        final double[][] bars = {
            {10, 8, 9}, {11, 9, 10.5}, {12, 10, 11}, {11.5, 9, 9.5}, {14, 12, 13}, {13.5, 13, 13.2}, {10, 9.5, 9.8}};
        final double[] expected = {Double.NaN, Double.NaN, 2.0, 2.16667, 2.94444, 2.12963, 2.65309};
        final Atr atr = new Atr(3);
        for (int i = 0; i < bars.length; i++)
        {
            final double value = atr.update(bars[i][0], bars[i][1], bars[i][2]);
            if (Double.isNaN(expected[i]))
            {
                assertThat(value).isNaN();
            }
            else
            {
                assertThat(value).as("ATR at bar %d", i + 1).isCloseTo(expected[i], within(0.00001));
            }
        }
    }

    @Test
    void shouldEqualTheRangeOfIdenticalBars()
    {
        final Atr atr = new Atr(14);
        for (int i = 0; i < 30; i++)
        {
            atr.update(101, 99, 100);
        }
        assertThat(atr.value()).isCloseTo(2.0, within(1e-12));
        assertThat(atr.isReady()).isTrue();
    }
}
