package io.tickertape.bench.harness;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

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
 * overstate it. The reader is a thread of its own ({@code thread}, the default: a monitor's view) or runs on the
 * collector right after each batch ({@code collector}: the moment an event becomes visible, with no third thread
 * competing for a core on a small machine).
 * <p>
 * The floor, in the same run: the same publisher and schedule drive a raw Disruptor ring ({@link LatencyFloor}),
 * and the harness prints the ratio of the two p99s. The bus and the floor are both up for the whole run: the bus's
 * warm-up, the floor's, then the bus's measured window and the floor's. With {@code rounds} above 1 the windows are
 * cut into that many rounds each and alternated, so that the host's interference falls on both alike. Each window
 * follows a pre-roll ({@code prerollMillis}, 200 by default) of the same schedule, sent and not measured: a consumer
 * that has sat idle while the other pipeline ran waits about a scheduler tick for its first event on a small machine
 * whose other core the publisher spins on (4 ms here, for the bus and the floor alike), which is the alternation's
 * cost, not a pipeline's.
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.tickertape.bench.harness.LatencyHarness [rate/s=100000] [seconds=10] [idle=backoff] [warmupSeconds=5] \
 *     [reader=thread|collector] [rounds=1] [prerollMillis=200] [subject=bus|floor]
 * </pre>
 * With {@code subject} {@code floor}, a second floor takes the bus's place (the bus is up and idle): two identical
 * pipelines measured alike, whose ratio shows how far this host alone moves the figures apart.
 * {@code idle} is the collector's idle strategy (and the reader's): backoff, busyspin, yielding or sleeping. The
 * publisher spins between sends, so it needs a core of its own; a busy-spinning collector and reader need one each.
 */
public final class LatencyHarness
{
    private static final JsonLongField INTENDED = new JsonLongField("intended_ns");
    private static final JsonLongField SENT = new JsonLongField("sent_ns");
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
    /**
     * Small enough that the history's index and its arena both wrap during the default warm-up (within 1.5 s at
     * 100,000 events/s): the first eviction, and the first record to skip the arena's end, take paths of the append
     * that the JIT compiles only when they are first needed, once in a bus's life.
     */
    private static final int HISTORY_CAPACITY = 1 << 16;
    /**
     * Events sent, unmeasured, just before each measured window: a consumer that has sat idle while the other
     * pipeline ran waits about a scheduler tick for its first event, which is the harness's alternation, not a
     * pipeline's cost.
     */
    private static final double DEFAULT_PREROLL_MILLIS = 200;

    private LatencyHarness()
    {
    }

    /** The reader: follows the history and records latencies, by measured window, the unmeasured time apart. */
    static final class Reader implements Runnable, CursorHandler
    {
        final WindowedLatency fromIntended;
        final WindowedLatency fromSent;
        private final HistoryCursor cursor;
        private final IdleStrategy idle;
        volatile long readUpTo;
        volatile boolean running = true;
        long missed;
        long unparsed;

        Reader(final HistoryCursor cursor, final IdleStrategy idle, final WindowedLatency fromIntended,
            final WindowedLatency fromSent)
        {
            this.cursor = cursor;
            this.idle = idle;
            this.fromIntended = fromIntended;
            this.fromSent = fromSent;
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
            fromIntended.record(intended, now - intended);
            fromSent.record(intended, now - sent);
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
     * @param args rate (events/s), seconds (for each of the bus and the floor), idle strategy name, warm-up seconds
     *             (each), where the reader runs, rounds, the pre-roll before each window in milliseconds, and the
     *             subject: {@code bus}, or {@code floor} to measure a second floor in the bus's place.
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final long rate = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        final double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        final String idleName = args.length > 2 ? args[2] : "backoff";
        final double warmupSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        final boolean onCollector = args.length > 4 && "collector".equals(args[4]);
        final int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        final double prerollMillis = args.length > 6 ? Double.parseDouble(args[6]) : DEFAULT_PREROLL_MILLIS;
        final String subject = args.length > 7 ? args[7] : "bus";
        if (rate < 1 || seconds <= 0 || warmupSeconds < 0 || rounds < 1 || prerollMillis < 0 ||
            !("bus".equals(subject) || "floor".equals(subject)))
        {
            throw new IllegalArgumentException("usage: LatencyHarness [rate/s] [seconds] [" + IdleStrategies.NAMES +
                "] [warmupSeconds] [thread|collector] [rounds] [prerollMillis] [bus|floor]");
        }
        final boolean calibrating = "floor".equals(subject);
        final long intervalNanos = Math.max(1, 1_000_000_000L / rate);
        final long warmupNanos = (long)(warmupSeconds * 1e9);
        final long roundNanos = Math.max(intervalNanos, (long)(seconds * 1e9 / rounds));
        final long prerollNanos = (long)(prerollMillis * 1e6);
        // The schedule: the subject's warm-up, the floor's, then rounds of the subject's pre-roll and window, then
        // the floor's pre-roll and window.
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        final long floorWarmupFrom = start + warmupNanos;
        final long roundsFrom = floorWarmupFrom + warmupNanos;
        final long period = 2 * (prerollNanos + roundNanos);
        final long subjectWindowFrom = roundsFrom + prerollNanos;
        final long floorWindowFrom = subjectWindowFrom + roundNanos + prerollNanos;
        final LongFunction<WindowedLatency> windowsFrom =
            firstWindow -> new WindowedLatency(start, firstWindow, period, roundNanos, rounds, HIGHEST_NANOS);

        final CollectorCpu collector = new CollectorCpu();
        try (TelemetryBus bus = TelemetryBus.launch(
            new BusContext().idleStrategy(IdleStrategies.named(idleName)).historyCapacity(HISTORY_CAPACITY).threadFactory(collector)))
        {
            final Producer producer = bus.producer("latency", 1 << 16);
            final Reader reader = new Reader(bus.history().cursorAtHead(TypeFilter.ALL), IdleStrategies.named(idleName),
                windowsFrom.apply(subjectWindowFrom), windowsFrom.apply(subjectWindowFrom));
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
            final LatencyFloor floor = new LatencyFloor(idleName, windowsFrom.apply(floorWindowFrom));
            // Calibrating: a second floor in the bus's place (the bus up and idle), to see how far two identical
            // pipelines' figures part on this host when measured alike.
            final LatencyFloor otherFloor = calibrating ? new LatencyFloor(idleName, windowsFrom.apply(subjectWindowFrom)) : null;
            final LongSupplier subjectDropped = calibrating ? otherFloor::dropped : producer::dropped;
            final FixedRatePublisher.Send toSubject = calibrating ? otherFloor::send : (intended, sent) ->
            {
                try (EventWriter e = producer.claim(EventType.ORDER))
                {
                    e.put("order_id", "PAPER-0001").put("symbol", "NIFTY").put("side", "BUY").put("status", "filled")
                        .put("qty", 50).put("price", 19_755.0).put("intended_ns", intended).put("sent_ns", sent);
                    return e.isAccepted();
                }
            };
            final FixedRatePublisher.Send toFloor = floor::send;

            final Runnable nothing = () -> { };
            FixedRatePublisher.run(start, floorWarmupFrom, floorWarmupFrom, intervalNanos, nothing, toSubject);
            FixedRatePublisher.run(floorWarmupFrom, roundsFrom, roundsFrom, intervalNanos, nothing, toFloor);
            final long droppedBefore = subjectDropped.getAsLong();
            final long floorDroppedBefore = floor.dropped();
            long subjectPublished = 0;
            long floorPublished = 0;
            long busCpu = 0;
            long busCollected = 0;
            for (int round = 0; round < rounds; round++)
            {
                final long subjectFrom = roundsFrom + round * period;
                final long cpuBefore = collector.cpuNanos();
                final long collectedBefore = bus.stats().collected();
                subjectPublished += FixedRatePublisher.run(subjectFrom, subjectFrom + prerollNanos,
                    subjectFrom + prerollNanos + roundNanos, intervalNanos, nothing, toSubject);
                busCpu += collector.cpuNanos() - cpuBefore;
                busCollected += bus.stats().collected() - collectedBefore;
                final long floorFrom = subjectFrom + prerollNanos + roundNanos;
                floorPublished += FixedRatePublisher.run(
                    floorFrom, floorFrom + prerollNanos, floorFrom + prerollNanos + roundNanos, intervalNanos, nothing, toFloor);
            }
            final long dropped = subjectDropped.getAsLong() - droppedBefore;

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
            final WindowedLatency floorLatency = floor.finish();
            final WindowedLatency subjectLatency = calibrating ? otherFloor.finish() : reader.fromIntended;

            System.out.printf("LatencyHarness: rate %d/s, %.1f s measured each for the %s and the floor (%s, each window " +
                "after a %.0f ms pre-roll) after %.1f s warm-up each, idle %s, %s, %d cores%n", rate, seconds,
                calibrating ? "second floor" : "bus", rounds == 1 ? "one window each" : rounds + " rounds each, alternated",
                prerollMillis, warmupSeconds, idleName, calibrating ? "each floor read by its own consumer" :
                    onCollector ? "reader on the collector" : "reader on a thread of its own",
                Runtime.getRuntime().availableProcessors());
            final Histogram subjectHistogram = subjectLatency.measured();
            if (calibrating)
            {
                System.out.printf("second floor (in the bus's place): published %d, dropped %d (pre-rolls included), read %d%n",
                    subjectPublished, dropped, subjectLatency.measuredCount());
                System.out.println("second floor: publish -> taken by its consumer, from intended: " +
                    Percentiles.micros(subjectHistogram));
            }
            else
            {
                System.out.printf("published %d, dropped %d (pre-rolls included), read %d, missed in history %d, unparsed %d%n",
                    subjectPublished, dropped, subjectLatency.measuredCount(), reader.missed, reader.unparsed);
                if (busCollected > 0)
                {
                    System.out.printf("collector CPU time %.0f ns per event collected in the bus's rounds " +
                        "(%d events, pre-rolls and idle included)%n", (double)busCpu / busCollected, busCollected);
                }
                System.out.println("publish -> visible in history, from intended send time: " + Percentiles.micros(subjectHistogram));
                System.out.println("from actual send time, raw:                              " +
                    Percentiles.micros(reader.fromSent.measured()));
                System.out.println("from actual send time, corrected for a " + intervalNanos + " ns interval: " +
                    Percentiles.micros(reader.fromSent.measured().copyCorrectedForCoordinatedOmission(intervalNanos)));
            }

            final Histogram floorHistogram = floorLatency.measured();
            System.out.printf("floor (raw Disruptor ring, same publisher and schedule): published %d, dropped %d " +
                "(pre-rolls included), read %d%n",
                floorPublished, floor.dropped() - floorDroppedBefore, floorLatency.measuredCount());
            System.out.println("floor: publish -> taken by its consumer, from intended:  " + Percentiles.micros(floorHistogram));
            final long floorP99 = floorHistogram.getValueAtPercentile(99);
            if (floorP99 > 0 && subjectHistogram.getTotalCount() > 0)
            {
                System.out.printf("p99 from intended send time, %s / floor: %.2fx (p50 %.2fx)%n",
                    calibrating ? "second floor" : "Tickertape",
                    (double)subjectHistogram.getValueAtPercentile(99) / floorP99,
                    (double)subjectHistogram.getValueAtPercentile(50) / Math.max(1, floorHistogram.getValueAtPercentile(50)));
            }
            if (rounds > 1)
            {
                printRounds(rounds, subjectLatency, floorLatency);
            }
        }
    }

    /** Each round's p99s, and how their ratios spread: where the host's stalls fell. */
    private static void printRounds(final int rounds, final WindowedLatency subject, final WindowedLatency floor)
    {
        final StringBuilder line = new StringBuilder("p99 by round, subject / floor (us):");
        final double[] ratios = new double[rounds];
        int subjectAbove = 0;
        double logRatios = 0;
        for (int i = 0; i < rounds; i++)
        {
            final long subjectP99 = subject.window(i).getValueAtPercentile(99);
            final long floorP99 = floor.window(i).getValueAtPercentile(99);
            ratios[i] = (double)Math.max(1, subjectP99) / Math.max(1, floorP99);
            subjectAbove += subjectP99 > floorP99 ? 1 : 0;
            logRatios += Math.log(ratios[i]);
            line.append(String.format(" %.1f/%.1f", subjectP99 / 1e3, floorP99 / 1e3));
        }
        System.out.println(line);
        Arrays.sort(ratios);
        // How often, not by how much: a stall of the host decides one round's ratio, by up to 80x either way, but
        // falls on either pipeline's rounds alike, so the count is what a pipeline's own tail would move.
        System.out.printf("rounds' p99 ratios: min %.2fx, median %.2fx, max %.2fx, geometric mean %.2fx; " +
            "the subject's above the floor's in %d of %d rounds%n", ratios[0],
            (ratios[(rounds - 1) / 2] + ratios[rounds / 2]) / 2, ratios[rounds - 1], Math.exp(logRatios / rounds),
            subjectAbove, rounds);
    }
}
