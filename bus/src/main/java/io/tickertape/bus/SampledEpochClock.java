package io.tickertape.bus;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Instant;

import org.agrona.concurrent.EpochNanoClock;

/**
 * The bus's default clock: {@code System.nanoTime()} plus an offset to the epoch, so reading it allocates nothing
 * in any JIT tier.
 * <p>
 * Written here because neither library clock fits. Agrona's {@code SystemEpochNanoClock} builds an {@code Instant}
 * per call on Java 17, which only C2's escape analysis removes (interpreted code, C1 and a caller too large to inline
 * it allocate on every event). Agrona's {@code OffsetEpochNanoClock} takes its offset from
 * {@code System.currentTimeMillis()}, so every stamp is up to a millisecond behind the system clock, and the hosts
 * a hub merges would each be off by a different amount.
 * <p>
 * The offset is the system clock in nanoseconds read between two {@code System.nanoTime()} reads, the narrowest of
 * several tries. The system clock is read as {@code Instant.now()} reads it, through
 * {@code jdk.internal.misc.VM.getNanoTimeAdjustment}, which returns a {@code long} (the package is exported for
 * Agrona already); where it is not accessible, through {@code Instant.now()}. The collector resamples the offset
 * every {@link #RESAMPLE_INTERVAL_NANOS}, off the publishing threads, so a step of the system clock shows within a
 * second (a stamp may then move by the step).
 */
final class SampledEpochClock implements EpochNanoClock
{
    /** How often the collector resamples the offset. */
    static final long RESAMPLE_INTERVAL_NANOS = 1_000_000_000L;
    private static final int TRIES = 8;
    private static final MethodHandle NANO_TIME_ADJUSTMENT = nanoTimeAdjustment();

    /** Whole seconds the system clock is read against: the adjustment is in range within 2^32 s of it. */
    private final long baseSeconds = System.currentTimeMillis() / 1000 - 1;
    private volatile long offsetNanos;
    private volatile long sampledAt;

    SampledEpochClock()
    {
        sample();
    }

    @Override
    public long nanoTime()
    {
        return System.nanoTime() + offsetNanos;
    }

    /**
     * Whether the system clock is read without allocating (through the JDK's internal call, not {@code Instant}).
     *
     * @return true if so.
     */
    static boolean readsWithoutAllocating()
    {
        return null != NANO_TIME_ADJUSTMENT;
    }

    /**
     * When the offset was last sampled.
     *
     * @return {@code System.nanoTime()} then.
     */
    long sampledAt()
    {
        return sampledAt;
    }

    /**
     * Resample the offset if the last sample is older than {@link #RESAMPLE_INTERVAL_NANOS}. Called by one thread
     * at a time (the collector; a context shared by two buses has two, and either sample is as good).
     */
    void resampleIfDue()
    {
        if (System.nanoTime() - sampledAt >= RESAMPLE_INTERVAL_NANOS)
        {
            sample();
        }
    }

    private void sample()
    {
        long narrowest = Long.MAX_VALUE;
        long offset = 0;
        long at = 0;
        for (int i = 0; i < TRIES; i++)
        {
            final long before = System.nanoTime();
            final long epochNanos = epochNanos();
            final long after = System.nanoTime();
            final long window = after - before;
            if (window < narrowest)
            {
                narrowest = window;
                at = before + (window >> 1);
                offset = epochNanos - at;
            }
        }
        sampledAt = at;
        offsetNanos = offset;
    }

    private long epochNanos()
    {
        if (null != NANO_TIME_ADJUSTMENT)
        {
            try
            {
                final long adjustment = (long)NANO_TIME_ADJUSTMENT.invokeExact(baseSeconds);
                if (adjustment != -1) // -1: more than 2^32 s from the base
                {
                    return baseSeconds * 1_000_000_000L + adjustment;
                }
            }
            catch (final Throwable notExpected)
            {
                // the call declares nothing; read the clock as below
            }
        }
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static MethodHandle nanoTimeAdjustment()
    {
        try
        {
            return MethodHandles.lookup().findStatic(
                Class.forName("jdk.internal.misc.VM"), "getNanoTimeAdjustment", MethodType.methodType(long.class, long.class));
        }
        catch (final ReflectiveOperationException | RuntimeException notAccessible)
        {
            return null; // not exported to this code (no --add-exports): Instant.now() instead
        }
    }
}
