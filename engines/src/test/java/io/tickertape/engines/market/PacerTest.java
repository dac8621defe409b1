package io.tickertape.engines.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class PacerTest
{
    private static final long MILLI = 1_000_000;
    private static final int INSTRUMENTS = 262;
    private static final int ROUNDS_PER_CANDLE = 20;
    private static final double CANDLES_PER_ROUND = (double)INSTRUMENTS / ROUNDS_PER_CANDLE;

    /**
     * Simulates a market data loop waking every millisecond for {@code seconds}, where every twentieth round closes
     * a candle for every instrument and each candle causes {@code eventsPerCandle} events at once.
     *
     * @return events emitted in each second.
     */
    private static long[] run(final Pacer pacer, final AtomicLong emitted, final int eventsPerCandle, final int seconds)
    {
        final long[] perSecond = new long[seconds];
        long rounds = 0;
        for (long ms = 1; ms <= seconds * 1000L; ms++)
        {
            final int due = pacer.roundsDue(ms * MILLI);
            for (int r = 0; r < Math.min(due, 16); r++)
            {
                rounds++;
                final int candles = rounds % ROUNDS_PER_CANDLE == 0 ? INSTRUMENTS : 0;
                pacer.onRound(candles);
                emitted.addAndGet((long)candles * eventsPerCandle);
                perSecond[(int)((ms - 1) / 1000)] += (long)candles * eventsPerCandle;
            }
        }
        return perSecond;
    }

    private static long sum(final long[] values, final int from, final int to)
    {
        long sum = 0;
        for (int i = from; i < to; i++)
        {
            sum += values[i];
        }
        return sum;
    }

    @Test
    void shouldReachTheTargetRateDespiteCandlesClosingInBursts()
    {
        final AtomicLong emitted = new AtomicLong();
        final Pacer pacer = new Pacer(2_000, 4, CANDLES_PER_ROUND, emitted::get, 0);
        final long[] events = run(pacer, emitted, 4, 10);
        // One burst is 262 x 4 = 1,048 events, so ten seconds hold about nineteen of them.
        assertThat(sum(events, 0, 10)).isBetween(18_000L, 22_000L);
    }

    @Test
    void shouldLearnHowManyEventsACandleCauses()
    {
        final AtomicLong emitted = new AtomicLong();
        final Pacer pacer = new Pacer(5_000, 1, CANDLES_PER_ROUND, emitted::get, 0); // guesses 1; it is really 4
        final long[] events = run(pacer, emitted, 4, 20);
        assertThat(sum(events, 10, 20) / 10).as("events per second once learnt").isBetween(4_500L, 5_500L);
        assertThat(pacer.eventsPerCandle()).isBetween(3.5, 4.0);
    }

    @Test
    void shouldNotMakeUpForTimeItWasHeldBack()
    {
        final AtomicLong emitted = new AtomicLong();
        final Pacer pacer = new Pacer(1_000, 10, 1, emitted::get, 0);
        // Nobody asked for a second (downstream was full): at most 10 ms worth is due, not a second's worth.
        assertThat(pacer.roundsDue(1_000 * MILLI)).isEqualTo(1);
        final Pacer fast = new Pacer(100_000, 10, 1, emitted::get, 0);
        assertThat(fast.roundsDue(1_000 * MILLI)).isEqualTo(100);
    }
}
