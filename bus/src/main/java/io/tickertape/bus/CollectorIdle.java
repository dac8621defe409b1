package io.tickertape.bus;

import org.agrona.concurrent.IdleStrategy;

/**
 * The collector's idle strategy: the configured one, after which the thread's interrupt flag is cleared (and
 * counted) so that the agent runner, which ends its loop on an interrupted idle, keeps collecting until
 * {@link TelemetryBus#close()}.
 */
final class CollectorIdle implements IdleStrategy
{
    private final IdleStrategy delegate;
    private final Collector collector;

    CollectorIdle(final IdleStrategy delegate, final Collector collector)
    {
        this.delegate = delegate;
        this.collector = collector;
    }

    @Override
    public void idle(final int workCount)
    {
        delegate.idle(workCount);
        collector.clearInterrupt();
    }

    @Override
    public void idle()
    {
        delegate.idle();
        collector.clearInterrupt();
    }

    @Override
    public void reset()
    {
        delegate.reset();
    }

    @Override
    public String alias()
    {
        return delegate.alias();
    }
}
