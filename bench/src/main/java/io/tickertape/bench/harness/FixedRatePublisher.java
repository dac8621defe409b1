package io.tickertape.bench.harness;

/**
 * The latency harness's publisher: sends on a fixed schedule, spinning until each event's intended time, and hands
 * each event its intended and actual send times. Shared by the pipeline under test and its floor, so both are
 * driven exactly alike.
 */
final class FixedRatePublisher
{
    /** Publishes one event. */
    interface Send
    {
        /**
         * Publish one event.
         *
         * @param intended its intended send time, {@code System.nanoTime()}.
         * @param sent     its actual send time.
         * @return whether it was accepted.
         */
        boolean send(long intended, long sent);
    }

    private FixedRatePublisher()
    {
    }

    /**
     * Publish from {@code start} to {@code end} every {@code intervalNanos}.
     *
     * @param start         the first intended send time.
     * @param measureFrom   the start of the measured window.
     * @param end           no event is intended at or after it.
     * @param intervalNanos the schedule's interval.
     * @param atWindowStart run once, just before the first event of the measured window.
     * @param send          publishes an event.
     * @return events accepted in the measured window.
     */
    static long run(
        final long start, final long measureFrom, final long end, final long intervalNanos, final Runnable atWindowStart,
        final Send send)
    {
        long publishedInWindow = 0;
        boolean inWindow = false;
        for (long i = 0; ; i++)
        {
            final long intended = start + i * intervalNanos;
            if (intended >= end)
            {
                return publishedInWindow;
            }
            if (!inWindow && intended >= measureFrom)
            {
                inWindow = true;
                atWindowStart.run();
            }
            while (System.nanoTime() < intended)
            {
                Thread.onSpinWait();
            }
            if (send.send(intended, System.nanoTime()) && inWindow)
            {
                publishedInWindow++;
            }
        }
    }
}
