package io.tickertape.bench.harness;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
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

    /** Takes entries and records each one's latency, into its measured window's histogram or the unmeasured one. */
    static final class Consumer implements Runnable, EventPoller.Handler<Entry>
    {
        final WindowedLatency fromIntended;
        private final EventPoller<Entry> poller;
        private final IdleStrategy idle;
        volatile boolean running = true;
        volatile long taken;
        long checksum;

        Consumer(final EventPoller<Entry> poller, final IdleStrategy idle, final WindowedLatency fromIntended)
        {
            this.poller = poller;
            this.idle = idle;
            this.fromIntended = fromIntended;
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
            long sum = e.textLength + e.qty;
            final byte[] text = e.text;
            for (int i = 0; i < e.textLength; i++)
            {
                sum += text[i]; // the text, as a consumer that does anything with it must read it
            }
            checksum += sum;
            fromIntended.record(e.intended, now - e.intended);
            taken = sequence + 1;
            return true;
        }
    }

    private final RingBuffer<Entry> ring;
    private final Consumer consumer;
    private final Thread thread;
    private long dropped;

    /**
     * Start the floor's consumer thread.
     *
     * @param idleName     the consumer's idle strategy.
     * @param fromIntended where the consumer records latencies, with the measured windows.
     */
    LatencyFloor(final String idleName, final WindowedLatency fromIntended)
    {
        ring = RingBuffer.createSingleProducer(Entry::new, 1 << 16, new BusySpinWaitStrategy());
        final EventPoller<Entry> poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        consumer = new Consumer(poller, IdleStrategies.named(idleName), fromIntended);
        thread = new Thread(consumer, "floor-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Publish one order event, as {@link FixedRatePublisher.Send}.
     *
     * @param intended its intended send time.
     * @param sent     its actual send time.
     * @return false if the ring was full (counted as dropped).
     */
    boolean send(final long intended, final long sent)
    {
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            dropped++;
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
    }

    /** @return events dropped so far (the ring was full). */
    long dropped()
    {
        return dropped;
    }

    /**
     * Wait (at most 10 s) until the consumer has taken everything published, then stop it.
     *
     * @return the latencies it recorded, by window.
     * @throws InterruptedException if interrupted.
     */
    WindowedLatency finish() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (consumer.taken <= ring.getCursor() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        consumer.running = false;
        thread.join(5_000);
        return consumer.fromIntended;
    }
}
