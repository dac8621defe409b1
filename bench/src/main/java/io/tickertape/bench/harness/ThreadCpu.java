package io.tickertape.bench.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of this process's threads between a snapshot and now, by thread group (a thread's name with its digits
 * taken out, so that a pool's threads add up): where a run's cycles went.
 */
final class ThreadCpu
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startNanos = new HashMap<>();
    private final long startWall = System.nanoTime();

    private ThreadCpu()
    {
    }

    /** @return CPU time of every live thread, now. */
    static ThreadCpu snapshot()
    {
        final ThreadCpu snapshot = new ThreadCpu();
        for (final long id : THREADS.getAllThreadIds())
        {
            final long cpu = THREADS.getThreadCpuTime(id);
            if (cpu >= 0)
            {
                snapshot.startNanos.put(id, cpu);
            }
        }
        return snapshot;
    }

    /**
     * @param top how many groups to name.
     * @return the groups that used the most CPU since the snapshot, in cores (CPU seconds per wall second), and the
     *         whole process's (threads that ended since are not counted).
     */
    String busiest(final int top)
    {
        final double wall = System.nanoTime() - startWall;
        final Map<String, Long> byGroup = new HashMap<>();
        long total = 0;
        for (final long id : THREADS.getAllThreadIds())
        {
            final long cpu = THREADS.getThreadCpuTime(id);
            final ThreadInfo info = THREADS.getThreadInfo(id);
            if (cpu < 0 || null == info)
            {
                continue;
            }
            final long used = cpu - startNanos.getOrDefault(id, 0L);
            total += used;
            byGroup.merge(info.getThreadName().replaceAll("[0-9]+", "N"), used, Long::sum);
        }
        return String.format("%.2f cores in all; ", total / wall) + byGroup.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(top)
            .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / wall))
            .collect(Collectors.joining(", "));
    }
}
