package io.tickertape.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tickertape.bus.Origin;

/**
 * The last sequence relayed for each origin whose relay the hub let go (idle), so that a late duplicate of it is
 * still dropped, and a relay made again for it goes on from there. Bounded: past {@code limit} origins, the one let
 * go longest ago is forgotten first. Every restart of a host leaves its past epoch's origins here, so without a bound
 * a long-running hub would keep one entry per producer per restart forever; the oldest are the least likely to see a
 * duplicate (one arrives only when a partition is read again from its last committed offset).
 * Used by the hub's consumer thread only.
 */
final class ReleasedOrigins
{
    /** Origins kept by a hub: about 250 bytes each, so 25 MB at most. */
    static final int LIMIT_DEFAULT = 100_000;

    private final Map<Origin, Long> lastSeqs;

    ReleasedOrigins(final int limit)
    {
        if (limit < 1)
        {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.lastSeqs = new LinkedHashMap<>(16, 0.75f, false)
        {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(final Map.Entry<Origin, Long> eldest)
            {
                return size() > limit;
            }
        };
    }

    /**
     * Remember an origin let go, with the last sequence relayed for it.
     *
     * @param origin  the origin.
     * @param lastSeq its last sequence relayed.
     */
    void release(final Origin origin, final long lastSeq)
    {
        lastSeqs.remove(origin); // released again: now the most recent
        lastSeqs.put(origin, lastSeq);
    }

    /**
     * Take an origin back (a relay is made for it again).
     *
     * @param origin the origin.
     * @return the last sequence relayed for it before it was let go, or {@link Long#MIN_VALUE} if none is known.
     */
    long take(final Origin origin)
    {
        final Long lastSeq = lastSeqs.remove(origin);
        return null == lastSeq ? Long.MIN_VALUE : lastSeq;
    }

    /** @return the origins kept. */
    int size()
    {
        return lastSeqs.size();
    }
}
