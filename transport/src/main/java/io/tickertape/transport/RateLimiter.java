package io.tickertape.transport;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address: {@code perSecond} tokens a second up to {@code burst}. The
 * {@link LimitsHandler} holds two, one per budget (the JSON API; metrics, health and the page).
 * Streams are not counted (a stream is one request). Buckets of addresses quiet for a minute are forgotten, so
 * the table stays small whatever clients come and go. Written here because Netty's traffic shaping limits bytes, not
 * requests. Used by the {@link LimitsHandler}.
 */
final class RateLimiter
{
    private static final long FORGET_NANOS = 60_000_000_000L;

    private final double perNano;
    private final double burst;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep = System.nanoTime();

    RateLimiter(final int perSecond, final int burst)
    {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
    }

    /**
     * Take a token for the address.
     *
     * @return 0 if the request may go on, else the seconds to wait before the next token.
     */
    long acquire(final InetAddress address, final long nowNanos)
    {
        if (perNano == 0 || null == address)
        {
            return 0;
        }
        sweep(nowNanos);
        final Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(burst, nowNanos));
        synchronized (bucket)
        {
            bucket.tokens = Math.min(burst, bucket.tokens + (nowNanos - bucket.updated) * perNano);
            bucket.updated = nowNanos;
            if (bucket.tokens >= 1)
            {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long)Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
    }

    private void sweep(final long nowNanos)
    {
        if (nowNanos - lastSweep > FORGET_NANOS)
        {
            lastSweep = nowNanos;
            buckets.values().removeIf(b -> nowNanos - b.updated > FORGET_NANOS);
        }
    }

    private static final class Bucket
    {
        double tokens;
        long updated;

        Bucket(final double tokens, final long updated)
        {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
