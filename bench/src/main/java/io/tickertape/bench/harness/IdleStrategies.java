package io.tickertape.bench.harness;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Agrona idle strategies by the names the harnesses take on the command line.
 */
final class IdleStrategies
{
    /** The names accepted by {@link #named(String)}. */
    static final String NAMES = "backoff, busyspin, yielding, sleeping";

    private IdleStrategies()
    {
    }

    /**
     * A new strategy (strategies hold state: one per thread).
     *
     * @param name {@code backoff} (the bus's default: spin, yield, park 1 us to 100 us), {@code busyspin},
     *             {@code yielding} or {@code sleeping} (1 ms).
     * @return the strategy.
     * @throws IllegalArgumentException for any other name.
     */
    static IdleStrategy named(final String name)
    {
        switch (name)
        {
            case "backoff":
                return new BackoffIdleStrategy(100, 100, 1_000, 100_000);
            case "busyspin":
                return new BusySpinIdleStrategy();
            case "yielding":
                return new YieldingIdleStrategy();
            case "sleeping":
                return new SleepingMillisIdleStrategy(1);
            default:
                throw new IllegalArgumentException("unknown idle strategy '" + name + "'; one of: " + NAMES);
        }
    }
}
