package io.tickertape.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowedLatencyTest
{
    private static final long HIGHEST = 1_000_000_000L;

    @Test
    void measuresOnlyInsideEachRepeatedWindow()
    {
        // Windows [1_000, 1_300), [2_000, 2_300), [3_000, 3_300) of intended time; nothing before 100 is sent.
        final WindowedLatency latency = new WindowedLatency(100, 1_000, 1_000, 300, 3, HIGHEST);
        for (long t = 100; t < 5_000; t++)
        {
            final long inPeriod = (t - 1_000) % 1_000;
            final boolean inside = t >= 1_000 && t < 4_000 && inPeriod < 300;
            assertThat(latency.phase(t)).as("intended %d", t).isEqualTo(inside ? (int)((t - 1_000) / 1_000) + 1 : 0);
        }
    }

    @Test
    void windowsLongAfterAWarmUpLongerThanAPeriod()
    {
        final long earliest = 7_000_000_000L;
        final long from = earliest + 10_000_000_000L;
        final WindowedLatency latency = new WindowedLatency(earliest, from, 2_400_000_000L, 1_000_000_000L, 10, HIGHEST);
        assertThat(latency.phase(earliest)).isZero();
        assertThat(latency.phase(from - 1)).isZero();
        assertThat(latency.phase(from)).isOne();
        assertThat(latency.phase(from + 999_999_999L)).isOne();
        assertThat(latency.phase(from + 1_000_000_000L)).isZero();
        assertThat(latency.phase(from + 2_400_000_000L)).isEqualTo(2);
        assertThat(latency.phase(from + 9 * 2_400_000_000L + 999_999_999L)).isEqualTo(10);
        assertThat(latency.phase(from + 10 * 2_400_000_000L)).isZero();
    }

    @Test
    void recordsIntoTheMeasuredHistogramOnlyWithinAWindow()
    {
        final WindowedLatency latency = new WindowedLatency(0, 10, 100, 50, 2, HIGHEST);
        latency.record(5, 1_000);
        latency.record(10, 2_000);
        latency.record(70, 3_000);
        latency.record(159, 4_000);
        latency.record(210, 5_000);
        latency.record(20, -5);
        assertThat(latency.measuredCount()).isEqualTo(3);
        assertThat(latency.measured().getMaxValue()).isBetween(3_990L, 4_010L);
        assertThat(latency.measured().getMinValue()).isZero();
        assertThat(latency.window(0).getTotalCount()).isEqualTo(2);
        assertThat(latency.window(1).getTotalCount()).isOne();
        assertThat(latency.window(1).getMaxValue()).isBetween(3_990L, 4_010L);
    }

    @Test
    void refusesWindowsThatCannotBe()
    {
        assertThatThrownBy(() -> new WindowedLatency(10, 5, 100, 50, 1, HIGHEST)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WindowedLatency(0, 5, 100, 150, 1, HIGHEST)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WindowedLatency(0, 5, 100, 50, 0, HIGHEST)).isInstanceOf(IllegalArgumentException.class);
    }
}
