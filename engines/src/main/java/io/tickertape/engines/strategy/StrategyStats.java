package io.tickertape.engines.strategy;

/**
 * One strategy's record: closed trades won and lost, current streaks, open positions and the confidence of its
 * signals. Owned by the strategy engine's thread. Every ratio is defined when nothing has happened yet (it is 0),
 * so a health report never fails on a strategy that has not traded.
 */
final class StrategyStats
{
    private long wins;
    private long losses;
    private long winStreak;
    private long lossStreak;
    private long longestLossStreak;
    private long openPositions;
    private long signals;
    private double confidenceSum;

    /**
     * A closed trade came back from execution.
     *
     * @param pnl its realised pnl; above zero is a win, anything else a loss.
     */
    void onClosedTrade(final double pnl)
    {
        if (pnl > 0)
        {
            wins++;
            winStreak++;
            lossStreak = 0;
        }
        else
        {
            losses++;
            lossStreak++;
            winStreak = 0;
            longestLossStreak = Math.max(longestLossStreak, lossStreak);
        }
    }

    /**
     * The strategy signalled.
     *
     * @param confidence the signal's confidence.
     */
    void onSignal(final double confidence)
    {
        signals++;
        confidenceSum += confidence;
    }

    /**
     * The strategy's position count changed.
     *
     * @param delta +1 on opening, -1 on closing.
     */
    void onPositionChange(final int delta)
    {
        openPositions += delta;
    }

    long wins()
    {
        return wins;
    }

    long losses()
    {
        return losses;
    }

    long trades()
    {
        return wins + losses;
    }

    /** @return wins over closed trades, 0 before the first. */
    double winRate()
    {
        final long trades = wins + losses;
        return trades == 0 ? 0 : (double)wins / trades;
    }

    long winStreak()
    {
        return winStreak;
    }

    long lossStreak()
    {
        return lossStreak;
    }

    long longestLossStreak()
    {
        return longestLossStreak;
    }

    long openPositions()
    {
        return openPositions;
    }

    long signals()
    {
        return signals;
    }

    double confidenceSum()
    {
        return confidenceSum;
    }
}
