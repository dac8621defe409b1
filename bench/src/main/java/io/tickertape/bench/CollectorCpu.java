package io.tickertape.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ThreadFactory;

/**
 * Makes the bus's collector thread (a daemon, as the default factory does) and reads the CPU time it has used.
 * CPU time per collected event is the collector's cost, unlike wall-clock rates not inflated when the machine's
 * other work takes its core away. Pass it as the bus's thread factory; benchmarks and harnesses both use it.
 */
public final class CollectorCpu implements ThreadFactory
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private volatile Thread thread;

    @Override
    public Thread newThread(final Runnable runnable)
    {
        final Thread t = new Thread(runnable, "tickertape-collector");
        t.setDaemon(true);
        thread = t;
        return t;
    }

    /**
     * CPU time a thread of this JVM, found by name, has used so far.
     *
     * @param name the thread's name, or a part of it (the first thread whose name contains it counts).
     * @return nanoseconds, or -1 if there is no such thread or the JVM cannot tell.
     */
    public static long cpuNanos(final String name)
    {
        if (!THREADS.isThreadCpuTimeSupported())
        {
            return -1;
        }
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.getName().contains(name))
            {
                return THREADS.getThreadCpuTime(t.getId());
            }
        }
        return -1;
    }

    /**
     * CPU time the collector thread has used so far.
     *
     * @return nanoseconds, or -1 if the JVM cannot tell (no thread yet, or CPU time measurement unsupported).
     */
    public long cpuNanos()
    {
        final Thread t = thread;
        if (null == t || !THREADS.isThreadCpuTimeSupported())
        {
            return -1;
        }
        return THREADS.getThreadCpuTime(t.getId());
    }
}
