package io.tickertape.bench.harness;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;

/**
 * The floor of {@link LatencyHarness}: the same publisher, schedule and event driving a raw Disruptor ring, with a
 * consumer thread (waiting with the same idle strategy as the bus's collector) that records each event's latency
 * from its intended send time the moment it takes it. The order's text is copied into the entry, as a telemetry
 * ring must (a caller may reuse its text once a publish returns). Nothing is encoded or kept: this is the least a
 * ring between two threads costs, to read the bus's figures against.
 */
final class LatencyFloor
{
    private static final String[] TEXT = {"PAPER-0001", "NIFTY", "BUY", "filled"};

    /** A ring entry. */
    static final class Entry
    {
        long intended;
        long sent;
        long qty;
        double price;
        final byte[] text = new byte[64];
        int textLength;
    }

    /** Takes entries and records latencies once the measured window has begun. */
    static final class Consumer implements Runnable, EventPoller.Handler<Entry>
    {
        final Histogram fromIntended;
        private final EventPoller<Entry> poller;
        private final IdleStrategy idle;
        volatile long measureFrom = Long.MAX_VALUE;
        volatile boolean running = true;
        volatile long taken;
        long read;
        long checksum;

        Consumer(final EventPoller<Entry> poller, final IdleStrategy idle, final long highestNanos)
        {
            this.poller = poller;
            this.idle = idle;
            this.fromIntended = new Histogram(highestNanos, 3);
        }

        @Override
        public void run()
        {
            try
            {
                while (running)
                {
                    final long before = taken;
                    poller.poll(this);
                    idle.idle((int)(taken - before));
                }
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        @Override
        public boolean onEvent(final Entry e, final long sequence, final boolean endOfBatch)
        {
            final long now = System.nanoTime();
            checksum += e.textLength + e.qty;
            if (e.intended >= measureFrom)
            {
                read++;
                fromIntended.recordValue(Math.min(fromIntended.getHighestTrackableValue(), now - e.intended));
            }
            taken = sequence + 1;
            return true;
        }
    }

    /** What a run of the floor measured. */
    record Result(Histogram fromIntended, long published, long dropped, long read)
    {
    }

    private LatencyFloor()
    {
    }

    /**
     * Run the floor on the harness's schedule.
     *
     * @param intervalNanos the schedule's interval.
     * @param seconds       measured seconds.
     * @param warmupSeconds seconds before the measured window.
     * @param idleName      the consumer's idle strategy.
     * @param highestNanos  the histogram's highest value.
     * @return the figures.
     * @throws InterruptedException if interrupted.
     */
    static Result run(
        final long intervalNanos, final double seconds, final double warmupSeconds, final String idleName, final long highestNanos)
        throws InterruptedException
    {
        final RingBuffer<Entry> ring = RingBuffer.createSingleProducer(Entry::new, 1 << 16, new BusySpinWaitStrategy());
        final EventPoller<Entry> poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        final Consumer consumer = new Consumer(poller, IdleStrategies.named(idleName), highestNanos);
        final Thread thread = new Thread(consumer, "floor-consumer");
        thread.setDaemon(true);
        thread.start();

        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        final long measureFrom = start + (long)(warmupSeconds * 1e9);
        final long end = measureFrom + (long)(seconds * 1e9);
        consumer.measureFrom = measureFrom;
        final long[] dropped = new long[2];
        final long published = FixedRatePublisher.run(start, measureFrom, end, intervalNanos, () -> dropped[1] = dropped[0],
            (intended, sent) ->
            {
                final long sequence;
                try
                {
                    sequence = ring.tryNext();
                }
                catch (final InsufficientCapacityException ex)
                {
                    dropped[0]++;
                    return false;
                }
                final Entry e = ring.get(sequence);
                e.intended = intended;
                e.sent = sent;
                e.qty = 50;
                e.price = 19_755.0;
                int at = 0;
                for (final String text : TEXT)
                {
                    e.text[at++] = (byte)text.length();
                    for (int i = 0; i < text.length(); i++)
                    {
                        e.text[at++] = (byte)text.charAt(i);
                    }
                }
                e.textLength = at;
                ring.publish(sequence);
                return true;
            });
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (consumer.taken <= ring.getCursor() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        consumer.running = false;
        thread.join(5_000);
        return new Result(consumer.fromIntended, published, dropped[0] - dropped[1], consumer.read);
    }
}
