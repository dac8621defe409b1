package io.tickertape.engines.execution;

/**
 * Running mean and variance of closed trades' pnl (Welford's online algorithm: one pass, no stored samples, no
 * allocation), for the performance update's Sharpe ratio.
 */
final class TradeStatistics
{
    private long count;
    private double mean;
    private double sumOfSquares;

    void add(final double pnl)
    {
        count++;
        final double delta = pnl - mean;
        mean += delta / count;
        sumOfSquares += delta * (pnl - mean);
    }

    /**
     * The per-trade Sharpe ratio: the mean of closed trades' pnl over its sample standard deviation, not
     * annualised. Entries are sized alike (a fixed fraction of capital), so this is also the ratio of the trades'
     * returns. 0 before two trades, or while every trade made the same pnl.
     *
     * @return the ratio.
     */
    double sharpeRatio()
    {
        if (count < 2)
        {
            return 0;
        }
        final double deviation = Math.sqrt(sumOfSquares / (count - 1));
        return deviation > 0 ? mean / deviation : 0;
    }

    long count()
    {
        return count;
    }
}
