package io.tickertape.transport;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.netty.util.internal.PlatformDependent;

/**
 * The values of the {@link TransportCounter}s of one server: the only place the transport keeps a figure.
 * Counters are {@link LongAdder}s because many event loops bump them and only monitors read them; gauges are read
 * from their source when rendered.
 */
final class TransportCounters
{
    private static final TransportCounter[] ALL = TransportCounter.values();

    private final LongAdder[] counters = new LongAdder[ALL.length];
    private final LongSupplier[] gauges = new LongSupplier[ALL.length];

    TransportCounters()
    {
        for (final TransportCounter counter : ALL)
        {
            if (TransportCounter.Kind.COUNTER == counter.kind())
            {
                counters[counter.ordinal()] = new LongAdder();
            }
        }
        gauge(TransportCounter.HEAP_USED, TransportCounters::heapUsed);
        gauge(TransportCounter.NETTY_DIRECT_USED, PlatformDependent::usedDirectMemory);
        gauge(TransportCounter.DIRECT_BUFFERS, TransportCounters::directBuffers);
    }

    /**
     * Name the source of a gauge.
     *
     * @throws IllegalArgumentException if the figure is a counter.
     */
    void gauge(final TransportCounter gauge, final LongSupplier source)
    {
        if (TransportCounter.Kind.GAUGE != gauge.kind())
        {
            throw new IllegalArgumentException(gauge + " is not a gauge");
        }
        gauges[gauge.ordinal()] = source;
    }

    /** Add one to a counter (from any thread, without allocating once the counter has settled). */
    void increment(final TransportCounter counter)
    {
        counters[counter.ordinal()].increment();
    }

    /** @return a counter's sum, or a gauge's level now (0 for a gauge with no source yet). */
    long value(final TransportCounter figure)
    {
        if (TransportCounter.Kind.COUNTER == figure.kind())
        {
            return counters[figure.ordinal()].sum();
        }
        final LongSupplier source = gauges[figure.ordinal()];
        return null == source ? 0 : source.getAsLong();
    }

    private static long heapUsed()
    {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long directBuffers()
    {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                return pool.getMemoryUsed();
            }
        }
        return 0;
    }
}
