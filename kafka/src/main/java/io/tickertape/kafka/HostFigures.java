package io.tickertape.kafka;

/**
 * What a hub knows of one host: written by the hub's consumer thread, read by the server's event loops for the
 * stats (each field on its own; a snapshot need not be consistent across them).
 */
final class HostFigures
{
    final String host;
    volatile String epoch;
    volatile long events;
    volatile long duplicates;
    volatile long holes;
    volatile long lastSeenMillis;
    volatile long lastOriginNanos;
    volatile double eventsPerSecond;
    /** The consumer thread's own: events at the last rate update. */
    long eventsAtLastRate;

    HostFigures(final String host)
    {
        this.host = host;
    }

    /** Called by the consumer thread about once a second. */
    void updateRate(final double seconds)
    {
        final long now = events;
        eventsPerSecond = (now - eventsAtLastRate) / seconds;
        eventsAtLastRate = now;
    }

    /**
     * How far behind the host the hub is: from the origin's timestamp of the host's last event to when the hub took
     * it, milliseconds.
     */
    long lagMillis()
    {
        final long origin = lastOriginNanos;
        return 0 == origin ? 0 : Math.max(0, lastSeenMillis - origin / 1_000_000L);
    }
}
