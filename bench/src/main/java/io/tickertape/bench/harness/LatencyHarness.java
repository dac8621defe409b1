package io.tickertape.bench.harness;

import java.util.concurrent.TimeUnit;

import io.tickertape.bench.CollectorCpu;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.CursorHandler;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.HistoryCursor;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.TypeFilter;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;

/**
 * Publish to visible-in-history latency at a fixed rate.
 * <p>
 * A publisher (this thread) sends order events on a fixed schedule, each carrying its intended send time and its
 * actual send time ({@code System.nanoTime()}); a reader follows the history with a cursor and records, for
 * each event, the time from the intended send to the moment it read the event. Measuring from the intended time
 * counts a late send as latency, so a stall of the publisher is not hidden (coordinated omission). For comparison
 * the harness also records from the actual send time, and prints that histogram raw and with HdrHistogram's
 * correction for the expected interval (applied after the run: done per record, on the reader, the correction's
 * extra samples would slow the reader itself). The publisher never waits for the pipeline, so the intended-time
 * figures are the ones to quote; the corrected ones add samples for every latency above the interval and so
 * overstate it. After the bus is closed, the same publisher and schedule drive a raw Disruptor ring
 * ({@link LatencyFloor}), the floor, and the harness prints the ratio of the two p99s. The reader is a thread of its own ({@code thread}, the default: a monitor's view) or runs on the
 * collector right after each batch ({@code collector}: the moment an event becomes visible, with no third thread
 * competing for a core on a small machine).
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.tickertape.bench.harness.LatencyHarness [rate/s=100000] [seconds=10] [idle=backoff] [warmupSeconds=5]
 * </pre>
 * {@code idle} is the collector's idle strategy (and the reader's): backoff, busyspin, yielding or sleeping. The
 * publisher spins between sends, so it needs a core of its own; a busy-spinning collector and reader need one each.
 */
public final class LatencyHarness
{
    private static final JsonLongField INTENDED = new JsonLongField("intended_ns");
    private static final JsonLongField SENT = new JsonLongField("sent_ns");
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

    private LatencyHarness()
    {
    }

    /** The reader: follows the history and records latencies once the measured window has begun. */
    static final class Reader implements Runnable, CursorHandler
    {
        final Histogram fromIntended = new Histogram(HIGHEST_NANOS, 3);
        final Histogram fromSent = new Histogram(HIGHEST_NANOS, 3);
        private final HistoryCursor cursor;
        private final IdleStrategy idle;
        volatile long measureFrom = Long.MAX_VALUE;
        volatile long readUpTo;
        volatile boolean running = true;
        long read;
        long missed;
        long unparsed;

        Reader(final HistoryCursor cursor, final IdleStrategy idle)
        {
            this.cursor = cursor;
            this.idle = idle;
        }

        @Override
        public void run()
        {
            while (running)
            {
                idle.idle(cursor.poll(this, 1024));
                readUpTo = cursor.lastDeliveredSeq();
            }
        }

        void drain()
        {
            while (cursor.poll(this, 1024) > 0)
            {
                readUpTo = cursor.lastDeliveredSeq();
            }
            readUpTo = cursor.lastDeliveredSeq();
        }

        @Override
        public boolean onRecord(final HistoryRecord r)
        {
            final long now = System.nanoTime();
            final long intended = INTENDED.find(r.buffer(), 0, r.length());
            final long sent = SENT.find(r.buffer(), 0, r.length());
            if (JsonLongField.ABSENT == intended || JsonLongField.ABSENT == sent)
            {
                unparsed++;
                return true;
            }
            if (intended >= measureFrom)
            {
                read++;
                fromIntended.recordValue(Math.min(HIGHEST_NANOS, now - intended));
                fromSent.recordValue(Math.min(HIGHEST_NANOS, now - sent));
            }
            return true;
        }

        @Override
        public void onGap(final long fromSeq, final long toSeq)
        {
            missed += toSeq - fromSeq + 1;
        }
    }

    /**
     * Run the harness.
     *
     * @param args rate (events/s), seconds, idle strategy name, warm-up seconds.
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final long rate = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        final double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        final String idleName = args.length > 2 ? args[2] : "backoff";
        final double warmupSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        final boolean onCollector = args.length > 4 && "collector".equals(args[4]);
        if (rate < 1 || seconds <= 0 || warmupSeconds < 0)
        {
            throw new IllegalArgumentException(
                "usage: LatencyHarness [rate/s] [seconds] [" + IdleStrategies.NAMES + "] [warmupSeconds] [thread|collector]");
        }
        final long intervalNanos = Math.max(1, 1_000_000_000L / rate);

        final CollectorCpu collector = new CollectorCpu();
        final Histogram tickertape;
        try (TelemetryBus bus = TelemetryBus.launch(
            new BusContext().idleStrategy(IdleStrategies.named(idleName)).historyCapacity(1 << 20).threadFactory(collector)))
        {
            final Producer producer = bus.producer("latency", 1 << 16);
            final Reader reader = new Reader(bus.history().cursorAtHead(TypeFilter.ALL), IdleStrategies.named(idleName));
            final Thread readerThread = new Thread(reader, "history-reader");
            readerThread.setDaemon(true);
            if (onCollector)
            {
                // Read on the collector thread, right after each batch is appended: the time an event becomes
                // visible in the history, with no third thread competing for a core.
                reader.running = false;
                bus.addListener(head -> reader.drain());
            }
            else
            {
                readerThread.start();
            }

            final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            final long measureFrom = start + (long)(warmupSeconds * 1e9);
            final long end = measureFrom + (long)(seconds * 1e9);
            reader.measureFrom = measureFrom;
            final long[] before = {-1, -1, 0}; // dropped, collector CPU, collected: at the window's start
            final long publishedInWindow = FixedRatePublisher.run(start, measureFrom, end, intervalNanos,
                () ->
                {
                    before[0] = producer.dropped();
                    before[1] = collector.cpuNanos();
                    before[2] = bus.stats().collected();
                },
                (intended, sent) ->
                {
                    try (EventWriter e = producer.claim(EventType.ORDER))
                    {
                        e.put("order_id", "PAPER-0001").put("symbol", "NIFTY").put("side", "BUY").put("status", "filled")
                            .put("qty", 50).put("price", 19_755.0).put("intended_ns", intended).put("sent_ns", sent);
                        return e.isAccepted();
                    }
                });
            final long droppedBefore = before[0];
            final long cpuBefore = before[1];
            final long collectedBefore = before[2];
            final long dropped = producer.dropped() - Math.max(0, droppedBefore);

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (producer.depth() > 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            final long head = bus.history().head();
            while (reader.readUpTo < head && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            reader.running = false;
            readerThread.join(5_000);
            final long collected = bus.stats().collected() - collectedBefore;
            final long cpu = collector.cpuNanos() - cpuBefore;

            System.out.printf("LatencyHarness: rate %d/s, %.1f s measured after %.1f s warm-up, idle %s, %d cores%n",
                rate, seconds, warmupSeconds, idleName, Runtime.getRuntime().availableProcessors());
            System.out.printf("published %d, dropped %d, read %d, missed in history %d, unparsed %d%n",
                publishedInWindow, dropped, reader.read, reader.missed, reader.unparsed);
            if (cpuBefore >= 0 && collected > 0)
            {
                System.out.printf("collector CPU time %.0f ns per event collected (%d events, idle included)%n",
                    (double)cpu / collected, collected);
            }
            System.out.println("publish -> visible in history, from intended send time: " + Percentiles.micros(reader.fromIntended));
            System.out.println("from actual send time, raw:                              " + Percentiles.micros(reader.fromSent));
            System.out.println("from actual send time, corrected for a " + intervalNanos + " ns interval: " +
                Percentiles.micros(reader.fromSent.copyCorrectedForCoordinatedOmission(intervalNanos)));
            tickertape = reader.fromIntended;
        }

        // The floor, in the same run, once the bus is closed: the same publisher and schedule into a raw Disruptor ring.
        final LatencyFloor.Result floor = LatencyFloor.run(intervalNanos, seconds, warmupSeconds, idleName, HIGHEST_NANOS);
        System.out.printf("floor (raw Disruptor ring, same publisher and schedule): published %d, dropped %d, read %d%n",
            floor.published(), floor.dropped(), floor.read());
        System.out.println("floor: publish -> taken by its consumer, from intended:  " + Percentiles.micros(floor.fromIntended()));
        final long floorP99 = floor.fromIntended().getValueAtPercentile(99);
        if (floorP99 > 0 && tickertape.getTotalCount() > 0)
        {
            System.out.printf("p99 from intended send time, Tickertape / floor: %.2fx (p50 %.2fx)%n",
                (double)tickertape.getValueAtPercentile(99) / floorP99,
                (double)tickertape.getValueAtPercentile(50) / Math.max(1, floor.fromIntended().getValueAtPercentile(50)));
        }
    }
}
