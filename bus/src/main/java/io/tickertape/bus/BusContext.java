package io.tickertape.bus;

import java.security.SecureRandom;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Pattern;

import io.tickertape.bus.alert.AlertEngine;
import io.tickertape.bus.alert.AlertRules;
import io.tickertape.bus.journal.JournalContext;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;

/**
 * Configuration of a {@link TelemetryBus}: fluent setters, defaults for everything, checked and completed by
 * {@link #conclude()} when the bus is launched. Use one context per bus: concluding fills in defaults (an idle
 * strategy among them, which holds state) that a second bus must not share. Every option is listed in {@code docs/CONFIGURATION.md}.
 */
public final class BusContext
{
    /** Default {@link #historyCapacity(int)}: events the history holds. */
    public static final int HISTORY_CAPACITY_DEFAULT = 16_384;
    /** Default {@link #slotCapacity(int)}: payload bytes per producer slot. */
    public static final int SLOT_CAPACITY_DEFAULT = 512;
    /** Bytes of history arena per event of capacity when {@link #historyArenaBytes(int)} is not set. */
    public static final int HISTORY_BYTES_PER_EVENT_DEFAULT = 512;
    /** Heap the history takes for each event of its capacity besides the arena: its index (six arrays). */
    static final int HISTORY_INDEX_BYTES_PER_EVENT = 40;
    /** Default {@link #collectorBatchLimit(int)}: events taken from one producer per duty cycle. */
    public static final int COLLECTOR_BATCH_LIMIT_DEFAULT = 1024;
    /** Default {@link #dropAnnouncementIntervalNanos(long)}: at most one {@code dropped} event per producer per 100 ms. */
    public static final long DROP_ANNOUNCEMENT_INTERVAL_NS_DEFAULT = 100_000_000L;
    /** Characters of a generated {@link #epoch(String)}. */
    public static final int EPOCH_LENGTH_DEFAULT = 8;
    private static final Pattern EPOCH = Pattern.compile("[0-9a-z]{1,16}");
    private static final int MAX_ARENA = 1 << 30;
    /** Most keys per grouping {@link #aggregateKeys(int)} may keep. */
    public static final int AGGREGATE_KEYS_MAX = 4096;

    private boolean enabled = true;
    private int historyCapacity = HISTORY_CAPACITY_DEFAULT;
    private int historyArenaBytes;
    private int slotCapacity = SLOT_CAPACITY_DEFAULT;
    private int collectorBatchLimit = COLLECTOR_BATCH_LIMIT_DEFAULT;
    private IdleStrategy idleStrategy;
    private EpochNanoClock clock;
    private ErrorHandler errorHandler;
    private ThreadFactory threadFactory;
    private String epoch;
    private long dropAnnouncementIntervalNanos = DROP_ANNOUNCEMENT_INTERVAL_NS_DEFAULT;
    private JournalContext journal;
    private boolean filterKeys = true;
    private boolean shapeWriters = true;
    private int aggregateKeys;
    private AlertRules alerts;

    /**
     * Whether telemetry is on; when false, {@link TelemetryBus#launch(BusContext)} returns a no-op bus.
     *
     * @param enabled default true.
     * @return this.
     */
    public BusContext enabled(final boolean enabled)
    {
        this.enabled = enabled;
        return this;
    }

    /**
     * Whether the collector keeps each event's symbol, strategy and source as ids beside its record, so that a filter
     * on them ({@link EventFilter}) is decided from the history's index. Off, the collector saves that work (a few
     * percent of its cost per event, see docs/BENCHMARKS.md) and such filters read each record's bytes instead.
     *
     * @param filterKeys default true.
     * @return this.
     */
    public BusContext filterKeys(final boolean filterKeys)
    {
        this.filterKeys = filterKeys;
        return this;
    }

    /**
     * Whether the collector writes the payload shapes it sees often with code made for each shape at run time (a
     * hidden class per shape, at most 128, made after a shape's first hundred or so events): the text between the
     * values as constants, and no walk over the members. Off, every payload is written by the general writer, which
     * writes the same bytes more slowly (see docs/BENCHMARKS.md); for a JVM that must not define classes at run
     * time.
     *
     * @param shapeWriters default true.
     * @return this.
     */
    public BusContext shapeWriters(final boolean shapeWriters)
    {
        this.shapeWriters = shapeWriters;
        return this;
    }

    /**
     * @return whether the collector makes writers for payload shapes.
     * @see #shapeWriters(boolean)
     */
    public boolean shapeWriters()
    {
        return shapeWriters;
    }

    /**
     * Keep {@link Aggregates} (counts per type, symbol, strategy and source over the last seconds) on a thread of
     * their own, giving at most this many keys of each grouping a row of their own (the rest are summed as
     * {@code other}). Memory grows with it: about 8.2 KiB per key and grouping (a count per second of the last five
     * minutes, and per order status).
     *
     * @param maxKeys default 0: no aggregates; otherwise 1 to {@value #AGGREGATE_KEYS_MAX}.
     * @return this.
     */
    public BusContext aggregateKeys(final int maxKeys)
    {
        this.aggregateKeys = maxKeys;
        return this;
    }

    /**
     * Evaluate alert rules on the collected events, on a thread of their own: a firing is published as an
     * {@code alert} event (producer {@code alerts}) and POSTed to the rule's webhook ({@link AlertEngine}).
     *
     * @param rules the rules, or null for none (the default).
     * @return this.
     */
    public BusContext alerts(final AlertRules rules)
    {
        this.alerts = rules;
        return this;
    }

    /** @return the alert rules, or null. */
    public AlertRules alerts()
    {
        return alerts;
    }

    /**
     * Append every collected event to a journal on disk, so history survives restarts: the bus continues the
     * journal's epoch and sequence, and readers beyond the in-memory history read it. Off (null) by default.
     *
     * @param journal the journal's options, or null for none.
     * @return this.
     */
    public BusContext journal(final JournalContext journal)
    {
        this.journal = journal;
        return this;
    }

    /** @return the journal's options, or null. */
    public JournalContext journal()
    {
        return journal;
    }

    /**
     * Most events the history holds.
     *
     * @param events default {@value #HISTORY_CAPACITY_DEFAULT}; 1 to 16,777,216.
     * @return this.
     */
    public BusContext historyCapacity(final int events)
    {
        this.historyCapacity = events;
        return this;
    }

    /**
     * Bytes of JSON the history holds; a power of two. Unset (0): the capacity times 512 (at least 64 times the
     * slot capacity, at least 64 KiB), rounded up to a power of two, at most 1 GiB. When events are larger than this allows on average, the history
     * holds fewer than its capacity. The collector encodes each event in place, in room it keeps free ahead of the
     * newest event (twice the slot stride, at least 2 KiB, at most a thirty-second of the arena), so the history
     * holds up to a sixteenth of the arena less: 4 KiB of the default 8 MiB.
     *
     * @param bytes a power of two from 4096 to 2^30, or 0 to derive it.
     * @return this.
     */
    public BusContext historyArenaBytes(final int bytes)
    {
        this.historyArenaBytes = bytes;
        return this;
    }

    /**
     * Payload bytes in each producer slot; a payload that does not fit is truncated at a value boundary. This
     * bounds the largest event and sizes a ring's memory; events are packed in the ring at the length they use, so a
     * burst of small events measured the same with a larger capacity.
     *
     * @param bytes default {@value #SLOT_CAPACITY_DEFAULT}; 64 to 65,536.
     * @return this.
     */
    public BusContext slotCapacity(final int bytes)
    {
        this.slotCapacity = bytes;
        return this;
    }

    /**
     * Events taken from one producer ring per collector duty cycle, so one busy producer cannot starve others.
     *
     * @param events default {@value #COLLECTOR_BATCH_LIMIT_DEFAULT}.
     * @return this.
     */
    public BusContext collectorBatchLimit(final int events)
    {
        this.collectorBatchLimit = events;
        return this;
    }

    /**
     * How the collector waits when it finds no work. Default: spin, yield, then park from 1 us to 100 us, so an
     * idle bus costs little CPU while a busy one is collected within microseconds.
     *
     * @param idleStrategy the strategy.
     * @return this.
     */
    public BusContext idleStrategy(final IdleStrategy idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    /**
     * The clock stamping events at claim, in epoch nanoseconds; must not allocate. Default: {@code System.nanoTime()}
     * plus an offset to the system clock, which the collector resamples every second (so a step of the system clock
     * shows within a second).
     *
     * @param clock the clock.
     * @return this.
     */
    public BusContext clock(final EpochNanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /**
     * Receives each distinct error of the collector once (bad events, failing listeners). Default: a warning
     * on the {@code io.tickertape.bus} system logger.
     *
     * @param errorHandler the handler.
     * @return this.
     */
    public BusContext errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /**
     * Makes the collector's thread. Default: a daemon thread named {@code tickertape-collector}.
     *
     * @param threadFactory the factory.
     * @return this.
     */
    public BusContext threadFactory(final ThreadFactory threadFactory)
    {
        this.threadFactory = threadFactory;
        return this;
    }

    /**
     * The epoch: the token that names this run of the bus in every event id a client holds ({@code <epoch>-<seq>}),
     * so that an id from another run is never read as a position in this one. Default: {@value #EPOCH_LENGTH_DEFAULT}
     * random hexadecimal characters, new for every launch. Set it only to continue a previous run whose events
     * this bus still holds (a journal does).
     *
     * @param epoch 1 to 16 characters from {@code [0-9a-z]}.
     * @return this.
     */
    public BusContext epoch(final String epoch)
    {
        this.epoch = epoch;
        return this;
    }

    /**
     * How often at most the collector announces one producer's dropped events as a {@code dropped} event in the
     * history; drops within the interval are summed into the next announcement.
     *
     * @param nanos default {@value #DROP_ANNOUNCEMENT_INTERVAL_NS_DEFAULT}; 0 announces on every duty cycle that
     *              sees new drops.
     * @return this.
     */
    public BusContext dropAnnouncementIntervalNanos(final long nanos)
    {
        this.dropAnnouncementIntervalNanos = nanos;
        return this;
    }

    /**
     * Check the options and fill in defaults.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first option out of range, or when the history needs more heap than
     *                                  the JVM's maximum.
     */
    public BusContext conclude()
    {
        require(historyCapacity >= 1 && historyCapacity <= 1 << 24, "historyCapacity must be 1..16777216: " + historyCapacity);
        require(slotCapacity >= 64 && slotCapacity <= 65_536, "slotCapacity must be 64..65536: " + slotCapacity);
        require(collectorBatchLimit >= 1, "collectorBatchLimit must be >= 1: " + collectorBatchLimit);
        require(aggregateKeys >= 0 && aggregateKeys <= AGGREGATE_KEYS_MAX,
            "aggregateKeys must be 0 (none) to " + AGGREGATE_KEYS_MAX + ": " + aggregateKeys);
        if (null != journal)
        {
            journal.conclude();
        }
        if (0 == historyArenaBytes)
        {
            // At least 64 KiB, 512 bytes an event, and room for records from the largest slots (a record may use
            // up to an eighth of the arena, and an escaped payload can be several times its slot).
            final long wanted = Math.max(Math.max(64 * 1024L, (long)historyCapacity * HISTORY_BYTES_PER_EVENT_DEFAULT),
                (long)slotCapacity * 64);
            historyArenaBytes = (int)Math.min(MAX_ARENA, Long.highestOneBit(wanted - 1) << 1);
        }
        require(historyArenaBytes >= 4096 && historyArenaBytes <= MAX_ARENA && Integer.bitCount(historyArenaBytes) == 1,
            "historyArenaBytes must be a power of two from 4096 to 2^30: " + historyArenaBytes);
        require(historyArenaBytes / 8 >= slotCapacity * 2, "historyArenaBytes too small for slotCapacity " + slotCapacity);
        requireHeap(historyCapacity, (long)historyArenaBytes + (long)historyCapacity * HISTORY_INDEX_BYTES_PER_EVENT,
            Runtime.getRuntime().maxMemory());
        require(dropAnnouncementIntervalNanos >= 0,
            "dropAnnouncementIntervalNanos must be >= 0: " + dropAnnouncementIntervalNanos);
        if (null == epoch)
        {
            epoch = randomEpoch();
        }
        require(EPOCH.matcher(epoch).matches(), "epoch must be 1 to 16 characters from [0-9a-z]: '" + epoch + "'");
        if (null == idleStrategy)
        {
            idleStrategy = new BackoffIdleStrategy(100, 100, 1_000, 100_000);
        }
        if (null == clock)
        {
            clock = new SampledEpochClock();
        }
        if (null == errorHandler)
        {
            final System.Logger logger = System.getLogger("io.tickertape.bus");
            errorHandler = (t) -> logger.log(System.Logger.Level.WARNING, "telemetry collector error", t);
        }
        if (null == threadFactory)
        {
            threadFactory = (r) ->
            {
                final Thread thread = new Thread(r, "tickertape-collector");
                thread.setDaemon(true);
                return thread;
            };
        }
        return this;
    }

    private static String randomEpoch()
    {
        final StringBuilder hex = new StringBuilder(EPOCH_LENGTH_DEFAULT);
        final SecureRandom random = new SecureRandom();
        for (int i = 0; i < EPOCH_LENGTH_DEFAULT; i++)
        {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    /**
     * Refuse a history the heap cannot hold, with a message, rather than with an {@code OutOfMemoryError} as it is made.
     *
     * @param capacity events of the history.
     * @param needed   bytes it takes: its arena and its index.
     * @param maxHeap  the JVM's maximum heap.
     * @throws IllegalArgumentException when it needs more than the maximum heap.
     */
    static void requireHeap(final int capacity, final long needed, final long maxHeap)
    {
        if (needed > maxHeap)
        {
            throw new IllegalArgumentException("a history of " + capacity + " events needs about " + (needed >> 20) +
                " MiB of heap (its JSON arena and index), more than this JVM's maximum heap of " + (maxHeap >> 20) +
                " MiB: give the JVM more (-Xmx) or keep fewer events");
        }
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return whether telemetry is on. */
    public boolean enabled()
    {
        return enabled;
    }

    /** @return keys per grouping the aggregates keep; 0 when there are none. */
    public int aggregateKeys()
    {
        return aggregateKeys;
    }

    /** @return whether the collector keeps filter keys beside each record. */
    public boolean filterKeys()
    {
        return filterKeys;
    }

    /** @return most events the history holds. */
    public int historyCapacity()
    {
        return historyCapacity;
    }

    /** @return bytes of JSON the history holds (0 until concluded when derived). */
    public int historyArenaBytes()
    {
        return historyArenaBytes;
    }

    /** @return payload bytes per slot. */
    public int slotCapacity()
    {
        return slotCapacity;
    }

    /** @return events per producer per duty cycle. */
    public int collectorBatchLimit()
    {
        return collectorBatchLimit;
    }

    /** @return the collector's idle strategy. */
    public IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    /** @return the clock stamping events. */
    public EpochNanoClock clock()
    {
        return clock;
    }

    /** @return the error handler. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /** @return the collector's thread factory. */
    public ThreadFactory threadFactory()
    {
        return threadFactory;
    }

    /** @return the epoch naming this run in event ids (null until concluded when generated). */
    public String epoch()
    {
        return epoch;
    }

    /** @return the least time between two {@code dropped} events of one producer, in nanoseconds. */
    public long dropAnnouncementIntervalNanos()
    {
        return dropAnnouncementIntervalNanos;
    }
}
