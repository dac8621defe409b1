package io.tickertape.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * How much time the machine takes from threads that spin on every core: the floor under any latency percentile
 * measured on it.
 * <p>
 * Each thread reads {@code System.nanoTime()} in a loop and records every gap between two reads above
 * {@value #RECORDED_ABOVE_NANOS} ns: the time it was not running (an interrupt, a kernel thread, the JVM's own
 * threads, or the hypervisor running something else on the virtual CPU). The harness prints, a thread and in all, the
 * share of the time lost in gaps over 100 us and over 1 ms, and the longest; beside it, the "steal" Linux counted in
 * {@code /proc/stat} meanwhile, the part of the hypervisor's preemptions the guest is told of. At 100,000 events/s, a
 * p99 is the latency of the 1,000th-worst event of a second: when stalls of a millisecond or more cover about 1% of a
 * core's time, the p99 of a pipeline that needs that core falls inside them, whatever the pipeline does.
 * <p>
 * Written here rather than taken from jHiccup: jHiccup times a thread that sleeps and wakes, on a machine it leaves
 * idle; what the latency harness lives through is a spinning publisher and consumer on a machine whose cores they
 * fill, which is what this measures.
 * <pre>
 * java -cp bench/target/benchmarks.jar io.tickertape.bench.harness.HostStalls [threads=cores] [seconds=10]
 * </pre>
 */
public final class HostStalls
{
    private static final long RECORDED_ABOVE_NANOS = 1_000;
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long CLOCK_TICK_NANOS = 10_000_000; // /proc/stat counts in USER_HZ, 100 a second on Linux

    private HostStalls()
    {
    }

    /** One spinning thread's gaps. */
    static final class Spinner implements Runnable
    {
        final Histogram gaps = new Histogram(HIGHEST_NANOS, 3);
        private final long end;

        Spinner(final long end)
        {
            this.end = end;
        }

        @Override
        public void run()
        {
            long last = System.nanoTime();
            while (last < end)
            {
                final long now = System.nanoTime();
                final long gap = now - last;
                if (gap > RECORDED_ABOVE_NANOS)
                {
                    gaps.recordValue(Math.min(gap, HIGHEST_NANOS));
                }
                last = now;
            }
        }
    }

    /**
     * Run the harness.
     *
     * @param args threads (default: the cores), seconds (default 10).
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int cores = Runtime.getRuntime().availableProcessors();
        final int threads = args.length > 0 ? Integer.parseInt(args[0]) : cores;
        final double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        if (threads < 1 || seconds <= 0)
        {
            throw new IllegalArgumentException("usage: HostStalls [threads] [seconds]");
        }
        final long runNanos = (long)(seconds * 1e9);
        final long stealBefore = stealNanos();
        final long end = System.nanoTime() + runNanos;
        final Spinner[] spinners = new Spinner[threads];
        final Thread[] running = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            spinners[i] = new Spinner(end);
            running[i] = new Thread(spinners[i], "spinner-" + i);
            running[i].start();
        }
        final Histogram all = new Histogram(HIGHEST_NANOS, 3);
        for (int i = 0; i < threads; i++)
        {
            running[i].join();
            all.add(spinners[i].gaps);
        }
        final long stealAfter = stealNanos();

        System.out.printf("HostStalls: %d threads spinning for %.1f s on %d cores%n", threads, seconds, cores);
        for (int i = 0; i < threads; i++)
        {
            System.out.println("thread " + i + ": " + summary(spinners[i].gaps, runNanos));
        }
        System.out.println("all threads: " + summary(all, runNanos * threads));
        System.out.println(stealBefore < 0 || stealAfter < 0 ? "steal counted by the kernel: not available" :
            String.format("steal counted by the kernel meanwhile (/proc/stat, all cores): %.0f ms",
                (stealAfter - stealBefore) / 1e6));
    }

    private static String summary(final Histogram gaps, final long runNanos)
    {
        final long overMilli = TimeUnit.MILLISECONDS.toNanos(1);
        return String.format("stalls over 100 us took %.2f%% of the time, over 1 ms %.2f%% (%d of them), longest %.1f ms",
            100.0 * lostAbove(gaps, TimeUnit.MICROSECONDS.toNanos(100)) / runNanos,
            100.0 * lostAbove(gaps, overMilli) / runNanos, countAbove(gaps, overMilli), gaps.getMaxValue() / 1e6);
    }

    private static long lostAbove(final Histogram gaps, final long threshold)
    {
        long lost = 0;
        for (final var v : gaps.recordedValues())
        {
            if (v.getValueIteratedTo() > threshold)
            {
                lost += v.getCountAtValueIteratedTo() * gaps.medianEquivalentValue(v.getValueIteratedTo());
            }
        }
        return lost;
    }

    private static long countAbove(final Histogram gaps, final long threshold)
    {
        return gaps.getTotalCount() - gaps.getCountBetweenValues(0, threshold);
    }

    /** The steal time of all cores in {@code /proc/stat}, nanoseconds, or -1 where there is none to read. */
    private static long stealNanos()
    {
        try
        {
            // The first line: "cpu  user nice system idle iowait irq softirq steal ...", in clock ticks.
            final String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return fields.length > 8 ? Long.parseLong(fields[8]) * CLOCK_TICK_NANOS : -1;
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }
}
