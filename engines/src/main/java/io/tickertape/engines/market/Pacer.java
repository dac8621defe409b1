package io.tickertape.engines.market;

import java.util.function.LongSupplier;

/**
 * Paces the market data engine's rounds of ticks so the whole system publishes about a target number of events
 * per second.
 * <p>
 * Events come from candles: each candle handed to a subscriber is evaluated downstream (an indicator event, a
 * decision trace per strategy, now and then a signal and its orders). The pacer learns how many events a candle
 * causes, from the events actually published over the candles handed on so far, with the starting guess counted
 * as {@value #PRIOR_CANDLES} candles of evidence. A round closes a known number of candles on average, so a round
 * costs {@code eventsPerCandle x candlesPerRound}; rounds are let through by a token bucket refilled at the target
 * rate and holding at most 10 ms worth, so time the engine was held back (a full feed) is not made up in a burst.
 * <p>
 * Learning per candle rather than per round matters: all candles close on the same boundary, every twentieth round
 * with the default step, so events per round swing between none and hundreds while events per candle do not.
 */
final class Pacer
{
    private static final double PRIOR_CANDLES = 100;
    private static final double BURST_SECONDS = 0.01;

    private final double targetPerSecond;
    private final double eventsPerCandleGuess;
    private final double candlesPerRound;
    private final LongSupplier emitted;
    private final long emittedAtStart;
    private long lastNanos;
    private double tokens;
    private long candles;

    /**
     * @param targetEventsPerSecond the rate to reach.
     * @param eventsPerCandleGuess  how many events a candle is expected to cause, to start with.
     * @param candlesPerRound       candles handed on per round, on average; 0 when nobody subscribes.
     * @param emitted               events published so far by the whole system.
     * @param nowNanos              the time pacing starts.
     */
    Pacer(
        final double targetEventsPerSecond, final double eventsPerCandleGuess, final double candlesPerRound,
        final LongSupplier emitted, final long nowNanos)
    {
        this.targetPerSecond = targetEventsPerSecond;
        this.eventsPerCandleGuess = Math.max(0.01, eventsPerCandleGuess);
        this.candlesPerRound = candlesPerRound;
        this.emitted = emitted;
        this.emittedAtStart = emitted.getAsLong();
        this.lastNanos = nowNanos;
        this.tokens = 1;
    }

    /**
     * How many rounds may run now; each one run must be reported with {@link #onRound(int)}.
     *
     * @param nowNanos the time.
     * @return rounds due, 0 when the system is ahead of the target.
     */
    int roundsDue(final long nowNanos)
    {
        final double roundsPerSecond = targetPerSecond / eventsPerRound();
        final double elapsedSeconds = Math.max(0, nowNanos - lastNanos) / 1e9;
        lastNanos = nowNanos;
        final double burst = Math.max(1, roundsPerSecond * BURST_SECONDS);
        tokens = Math.min(burst, tokens + elapsedSeconds * roundsPerSecond);
        return (int)Math.min(Integer.MAX_VALUE, tokens);
    }

    /**
     * A round was run.
     *
     * @param candlesHandedOn candles it handed to subscribers.
     */
    void onRound(final int candlesHandedOn)
    {
        tokens = Math.max(0, tokens - 1);
        candles += candlesHandedOn;
    }

    /**
     * The current estimate of events caused per candle handed on.
     *
     * @return events per candle.
     */
    double eventsPerCandle()
    {
        final double observed = emitted.getAsLong() - emittedAtStart;
        return (eventsPerCandleGuess * PRIOR_CANDLES + observed) / (PRIOR_CANDLES + candles);
    }

    /**
     * The current estimate of events caused per round, on average.
     *
     * @return events per round; at least 0.01 so a round is never free.
     */
    double eventsPerRound()
    {
        return Math.max(0.01, eventsPerCandle() * candlesPerRound);
    }
}
