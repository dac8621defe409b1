package io.tickertape.engines;

import java.util.concurrent.locks.LockSupport;

/**
 * How an engine thread waits when a duty cycle found nothing to do: spin a little, yield a little, then park
 * for doubling periods up to a maximum, so an idle engine costs little CPU and a busy one never sleeps.
 */
final class Backoff
{
    private static final int SPINS = 20;
    private static final int YIELDS = 20;
    private static final long MIN_PARK_NANOS = 1_000;

    private final long maxParkNanos;
    private int idleCycles;
    private long parkNanos = MIN_PARK_NANOS;

    Backoff(final long maxParkNanos)
    {
        this.maxParkNanos = maxParkNanos;
    }

    /**
     * Wait according to how much the last duty cycle did.
     *
     * @param workCount the cycle's work; anything above 0 resets the backoff.
     */
    void idle(final int workCount)
    {
        if (workCount > 0)
        {
            idleCycles = 0;
            parkNanos = MIN_PARK_NANOS;
            return;
        }
        idleCycles++;
        if (idleCycles <= SPINS)
        {
            Thread.onSpinWait();
        }
        else if (idleCycles <= SPINS + YIELDS)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(maxParkNanos, parkNanos << 1);
        }
    }
}
