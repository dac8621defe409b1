package io.tickertape.bus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.tickertape.bench.jmh.OrderFlow;

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
        final TelemetryBus bus = TelemetryBus.launch(new BusContext());
        final Producer producer = bus.producer("execution", 16);
        final OrderFlow o = new OrderFlow();
        for (int i = 0; i < 8; i++)
        {
            o.next();
            Events.order(producer, o.orderId, o.symbol, o.side, o.status, o.qty, o.price);
        }
        while (bus.history().head() < 8)
        {
            Thread.onSpinWait();
        }
        final byte[] slots = producer.slots();
        final int stride = producer.stride();
        final byte[] source = JsonEncoder.sourceAndPayload("execution");
        final JsonEncoder encoder = new JsonEncoder(bus.memberNames());
        final HistoryRing[] rings = {new HistoryRing(1 << 16, 1 << 24), new HistoryRing(1 << 16, 1 << 24)};
        final byte[] name = "execution".getBytes(StandardCharsets.US_ASCII);
        final int[] sourceIds = {rings[0].sources().overflowId(), rings[1].sources().intern(name, 0, name.length)};
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
                    final int slot = (i & 7) * stride;
                    final int length = encoder.encode(++seq, slots, slot, slot + stride, source, false);
                    final long k = RecordKeys.of(encoder, history, slots, sourceIds[mode], keys);
                    sink += history.append(1, 0, k, encoder.bytes(), 0, length);
                }
                if (r >= 0)
                {
                    ns[mode][r] = (System.nanoTime() - start) / (double)perRound;
                }
            }
        }
        bus.close();
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
