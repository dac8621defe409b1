package io.tickertape.bench.harness;

/**
 * The latency harness's publisher: sends on a fixed schedule, spinning until each event's intended time, and hands
 * each event its intended and actual send times. Shared by the pipeline under test and its floor, so both are
 * driven exactly alike.
 */
final class FixedRatePublisher
{
    private static final int CHUNK = 1_000;

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
     * <p>
     * The warm-up and the measured window run the same loop, in chunks of {@value #CHUNK} events: a branch that is
     * first taken when the window opens would make the JIT throw away and recompile the compiled loop at that moment
     * (an "unstable if"), and on a machine whose cores the publisher and the consumer already fill, the compilation
     * takes its time from one of them inside the measured window.
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
        final long firstInWindow = indexAtOrAfter(start, measureFrom, intervalNanos);
        final long last = indexAtOrAfter(start, end, intervalNanos);
        publishChunks(start, 0, Math.min(firstInWindow, last), intervalNanos, send);
        atWindowStart.run();
        return publishChunks(start, firstInWindow, last, intervalNanos, send);
    }

    /** The first index whose intended time, {@code start + i * intervalNanos}, is at or after {@code time}. */
    private static long indexAtOrAfter(final long start, final long time, final long intervalNanos)
    {
        return time <= start ? 0 : (time - start + intervalNanos - 1) / intervalNanos;
    }

    private static long publishChunks(final long start, final long from, final long to, final long intervalNanos, final Send send)
    {
        long accepted = 0;
        for (long i = from; i < to; i += CHUNK)
        {
            accepted += publish(start, i, Math.min(to, i + CHUNK), intervalNanos, send);
        }
        return accepted;
    }

    private static int publish(final long start, final long from, final long to, final long intervalNanos, final Send send)
    {
        int accepted = 0;
        for (long i = from; i < to; i++)
        {
            final long intended = start + i * intervalNanos;
            while (System.nanoTime() < intended)
            {
                Thread.onSpinWait();
            }
            if (send.send(intended, System.nanoTime()))
            {
                accepted++;
            }
        }
        return accepted;
    }
}
