package io.tickertape.bus;

import java.util.Arrays;


/**
 * The collector's per-event work (encode an order event from a slot, work out its keys, append it) with the
 * dictionary lookups off and on, in interleaved rounds of 200,000 events on one thread, so that both meet the same
 * moments of a shared machine; prints the best, the first quartile and the median round of each. Usage:
 * {@code CollectorKeysHarness ROUNDS} (20 warm-up rounds first). In this package to call the collector's own code.
 */
public final class CollectorKeysHarness
{
    private CollectorKeysHarness()
    {
    }

    /**
     * Run.
     *
     * @param args the number of measured rounds.
     */
    public static void main(final String[] args)
    {
        final CollectorSlots events = new CollectorSlots();
        final HistoryRing[] rings = {new HistoryRing(1 << 16, 1 << 24), new HistoryRing(1 << 16, 1 << 24)};
        final int[] sourceIds = {events.sourceId(rings[0], false), events.sourceId(rings[1], true)};
        final int rounds = Integer.parseInt(args[0]);
        final int perRound = 200_000;
        final double[][] ns = new double[2][rounds];
        long seq = 0;
        long sink = 0;
        for (int r = -20; r < rounds; r++)
        {
            for (int mode = 0; mode < 2; mode++)
            {
                final boolean keys = mode == 1;
                final HistoryRing history = rings[mode];
                final long start = System.nanoTime();
                for (int i = 0; i < perRound; i++)
                {
                    sink += events.collect(++seq, i, history, sourceIds[mode], keys);
                }
                if (r >= 0)
                {
                    ns[mode][r] = (System.nanoTime() - start) / (double)perRound;
                }
            }
        }
        events.close();
        for (int mode = 0; mode < 2; mode++)
        {
            final double[] sorted = ns[mode].clone();
            Arrays.sort(sorted);
            System.out.printf("%s: best %.1f ns, p25 %.1f, median %.1f ns%n", mode == 0 ? "keys off" : "keys on ",
                sorted[0], sorted[rounds / 4], sorted[rounds / 2]);
        }
        System.out.println("rounds " + rounds + " (" + (sink > 0 ? "appended" : "nothing appended") + ")");
    }
}
