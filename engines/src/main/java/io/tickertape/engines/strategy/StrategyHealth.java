package io.tickertape.engines.strategy;

import io.tickertape.bus.EventWriter;

/**
 * The strategy engine's health figures, aggregated over its strategies' {@link StrategyStats}. Each aggregate is
 * defined for strategies that have not traded or signalled yet (it is 0), so computing them never throws.
 */
final class StrategyHealth
{
    private StrategyHealth()
    {
    }

    /**
     * The mean win rate of the strategies that have closed at least one trade.
     *
     * @param stats every strategy's stats.
     * @return the mean, 0 when no strategy has closed a trade.
     */
    static double avgWinRate(final StrategyStats[] stats)
    {
        double sum = 0;
        int traded = 0;
        for (final StrategyStats s : stats)
        {
            if (s.trades() > 0)
            {
                sum += s.winRate();
                traded++;
            }
        }
        return traded == 0 ? 0 : sum / traded;
    }

    /**
     * The longest current losing streak among the strategies.
     *
     * @param stats every strategy's stats.
     * @return the streak, 0 when none is losing.
     */
    static long maxLossStreak(final StrategyStats[] stats)
    {
        long max = 0;
        for (final StrategyStats s : stats)
        {
            max = Math.max(max, s.lossStreak());
        }
        return max;
    }

    /**
     * The mean confidence of every signal (BUY, SELL, EXIT) of every strategy.
     *
     * @param stats every strategy's stats.
     * @return the mean, 0 before the first signal.
     */
    static double avgConfidence(final StrategyStats[] stats)
    {
        double sum = 0;
        long signals = 0;
        for (final StrategyStats s : stats)
        {
            sum += s.confidenceSum();
            signals += s.signals();
        }
        return signals == 0 ? 0 : sum / signals;
    }

    /**
     * Write the metrics into an open {@code metrics} object.
     *
     * @param e           the writer, inside {@code metrics}.
     * @param names       the strategies' names.
     * @param stats       their stats, in the same order.
     * @param evaluations candles evaluated.
     * @param errors      errors counted by the engine.
     */
    static void write(final EventWriter e, final String[] names, final StrategyStats[] stats, final long evaluations, final long errors)
    {
        long signals = 0;
        for (final StrategyStats s : stats)
        {
            signals += s.signals();
        }
        e.put("total_strategies", stats.length)
            .put("avg_win_rate", round(avgWinRate(stats)))
            .put("max_loss_streak", maxLossStreak(stats))
            .put("avg_confidence", round(avgConfidence(stats)))
            .put("evaluations", evaluations)
            .put("signals", signals)
            .put("errors", errors)
            .beginObject("strategies");
        for (int i = 0; i < stats.length; i++)
        {
            final StrategyStats s = stats[i];
            e.beginObject(names[i])
                .put("wins", s.wins())
                .put("losses", s.losses())
                .put("win_rate", round(s.winRate()))
                .put("win_streak", s.winStreak())
                .put("loss_streak", s.lossStreak())
                .put("open_positions", s.openPositions())
                .end();
        }
        e.end();
    }

    private static double round(final double value)
    {
        return Math.rint(value * 10_000) / 10_000;
    }
}
