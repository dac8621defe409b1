package io.tickertape.engines.execution;

import io.tickertape.engines.PriceBoard;

/**
 * The paper broker's positions, by average cost: the net position per instrument (what {@code position_event}
 * reports) and each strategy's own position in it, whose round trips from flat to flat are the strategy's closed
 * trades. Owned by the execution engine's thread.
 * <p>
 * A fill in the direction of a position (or from flat) moves its average price; a fill against it realises
 * {@code closed quantity x (fill price - average) x direction}; a fill that crosses zero opens the rest at the
 * fill price.
 */
final class PositionBook
{
    private final double[] marginRates;
    private final long[] netQuantity;
    private final double[] netAverage;
    private final double[] netRealized;
    private final double[] margin;
    private final long[][] lotQuantity;
    private final double[][] lotAverage;
    private final double[][] lotRealized;
    private double realized;
    private double usedMargin;

    /**
     * @param strategies  strategies trading.
     * @param marginRates the margin fraction of each tradable instrument.
     */
    PositionBook(final int strategies, final double[] marginRates)
    {
        final int instruments = marginRates.length;
        this.marginRates = marginRates.clone();
        netQuantity = new long[instruments];
        netAverage = new double[instruments];
        netRealized = new double[instruments];
        margin = new double[instruments];
        lotQuantity = new long[strategies][instruments];
        lotAverage = new double[strategies][instruments];
        lotRealized = new double[strategies][instruments];
    }

    /**
     * Book a fill.
     *
     * @param strategy   the strategy whose order filled.
     * @param instrument the tradable index.
     * @param quantity   signed: positive bought, negative sold.
     * @param price      the fill price.
     * @return the pnl of the strategy's trade if this fill closed it (brought its position back to flat or
     *         through it), NaN otherwise.
     */
    double fill(final int strategy, final int instrument, final long quantity, final double price)
    {
        final double realizedNow = apply(netQuantity, netAverage, instrument, quantity, price);
        netRealized[instrument] += realizedNow;
        realized += realizedNow;
        final double newMargin = Math.abs(netQuantity[instrument]) * netAverage[instrument] * marginRates[instrument];
        usedMargin += newMargin - margin[instrument];
        margin[instrument] = newMargin;

        final long[] lots = lotQuantity[strategy];
        final long before = lots[instrument];
        final double lotRealizedNow = apply(lots, lotAverage[strategy], instrument, quantity, price);
        final long after = lots[instrument];
        if (before != 0 && (after == 0 || Long.signum(after) != Long.signum(before)))
        {
            final double tradePnl = lotRealized[strategy][instrument] + lotRealizedNow;
            lotRealized[strategy][instrument] = 0;
            return tradePnl;
        }
        lotRealized[strategy][instrument] += lotRealizedNow;
        return Double.NaN;
    }

    /** Average-cost update of one position; returns the pnl realised by the fill. */
    private static double apply(final long[] quantity, final double[] average, final int i, final long fill, final double price)
    {
        final long q = quantity[i];
        if (q == 0 || Long.signum(q) == Long.signum(fill))
        {
            final long total = Math.abs(q) + Math.abs(fill);
            average[i] = (average[i] * Math.abs(q) + price * Math.abs(fill)) / total;
            quantity[i] = q + fill;
            return 0;
        }
        final long closing = Math.min(Math.abs(fill), Math.abs(q));
        final double pnl = closing * (price - average[i]) * Long.signum(q);
        final long next = q + fill;
        quantity[i] = next;
        if (next == 0)
        {
            average[i] = 0;
        }
        else if (Long.signum(next) != Long.signum(q))
        {
            average[i] = price;
        }
        return pnl;
    }

    /**
     * Pnl of the open positions at the given prices.
     *
     * @param marks the last price of each instrument (NaN where unknown: the position is then marked at cost).
     * @return the unrealised pnl.
     */
    double unrealized(final PriceBoard marks)
    {
        double sum = 0;
        for (int i = 0; i < netQuantity.length; i++)
        {
            final long q = netQuantity[i];
            if (q != 0)
            {
                final double mark = marks.get(i);
                if (!Double.isNaN(mark))
                {
                    sum += q * (mark - netAverage[i]);
                }
            }
        }
        return sum;
    }

    long netQuantity(final int instrument)
    {
        return netQuantity[instrument];
    }

    double netAverage(final int instrument)
    {
        return netAverage[instrument];
    }

    double netRealized(final int instrument)
    {
        return netRealized[instrument];
    }

    long lotQuantity(final int strategy, final int instrument)
    {
        return lotQuantity[strategy][instrument];
    }

    /** @return realised pnl over all instruments. */
    double realized()
    {
        return realized;
    }

    /** @return margin blocked by the open positions, at their average prices. */
    double usedMargin()
    {
        return usedMargin;
    }

    /** @return the number of instruments with an open net position. */
    int openPositions()
    {
        int open = 0;
        for (final long q : netQuantity)
        {
            if (q != 0)
            {
                open++;
            }
        }
        return open;
    }
}
