package io.tickertape.bus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.EpochNanoClock;

/**
 * Pre-computed counts of the events collected over the last seconds, by type, symbol, strategy or source, with
 * order events also counted by status: what a monitor asks as "how many rejects a minute per strategy" without
 * reading the events. Kept incrementally by a thread of its own ({@code tickertape-aggregates}) that follows the
 * history with a cursor, never by the collector; in fixed memory, since each grouping gives at most
 * {@link BusContext#aggregateKeys(int)} keys a row of their own and sums the rest as {@code other}.
 * <p>
 * Counts go by each event's timestamp, into one bucket per second of the last {@link #MAX_WINDOW_SECONDS}; a window
 * of N seconds is the N whole seconds before the current one (by the bus's clock). An event more than that much
 * older than the newest one seen is counted only in {@link #late()}. Events the cursor missed (the history was
 * overwritten before it read them) are counted in {@link #missed()}. Symbols and strategies are grouped by the ids
 * the collector keeps for filters ({@link BusContext#filterKeys(boolean)}): with those off, they all go to
 * {@code other}.
 */
public final class Aggregates
{
    /** The longest window, in seconds. */
    public static final int MAX_WINDOW_SECONDS = 300;
    /** The statuses order events are counted by; any other status is counted as {@code other}. */
    public static final List<String> ORDER_STATUSES = List.of("new", "partially_filled", "filled", "rejected", "cancelled", "other");
    private static final byte[][] STATUS_BYTES = {
        "new".getBytes(StandardCharsets.US_ASCII), "partially_filled".getBytes(StandardCharsets.US_ASCII),
        "filled".getBytes(StandardCharsets.US_ASCII), "rejected".getBytes(StandardCharsets.US_ASCII),
        "cancelled".getBytes(StandardCharsets.US_ASCII)};
    /** The name of the row summing keys beyond the limit. */
    public static final String OTHER = "other";

    /** How events are grouped. */
    public enum By
    {
        /** By the event's type. */
        TYPE,
        /** By the payload's top-level {@code symbol}; events without one are not counted. */
        SYMBOL,
        /** By the payload's top-level {@code strategy} (or {@code strategy_name}); events without one are not counted. */
        STRATEGY,
        /** By the event's source (producer). */
        SOURCE;

        /** @return the grouping's name in a query ({@code type}, {@code symbol}, ...). */
        public String label()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One key's figures over a window.
     *
     * @param key    the key (a type, symbol, strategy or source), or {@link #OTHER}.
     * @param count  events in the window.
     * @param orders order events in the window by status, indexed as {@link #ORDER_STATUSES}; all 0 when none.
     */
    public record Row(String key, long count, long[] orders)
    {
        /** @return the events per second over a window of this many seconds. */
        public double rate(final int windowSeconds)
        {
            return (double)count / windowSeconds;
        }

        /** @return whether the key had order events in the window. */
        public boolean hasOrders()
        {
            for (final long n : orders)
            {
                if (n > 0)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The figures of one grouping over one window.
     *
     * @param by            the grouping.
     * @param windowSeconds the window's length.
     * @param endSecond     the window ends before this second (epoch seconds).
     * @param rows          the keys with events in the window, most events first.
     * @param other         the keys beyond the limit, summed (count 0 when none).
     */
    public record Snapshot(By by, int windowSeconds, long endSecond, List<Row> rows, Row other)
    {
    }

    private final AggregateTable[] tables = new AggregateTable[By.values().length];
    private final long[] stamps = new long[MAX_WINDOW_SECONDS];
    private final int maxKeys;
    private final AtomicLong progress = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final EpochNanoClock clock;

    Aggregates(final int maxKeys, final EpochNanoClock clock)
    {
        this.maxKeys = maxKeys;
        this.clock = clock;
        tables[By.TYPE.ordinal()] = new AggregateTable(maxKeys, EventType.MAX_TYPES);
        tables[By.SYMBOL.ordinal()] = new AggregateTable(maxKeys, HistoryRing.SYMBOLS_MAX);
        tables[By.STRATEGY.ordinal()] = new AggregateTable(maxKeys, HistoryRing.STRATEGIES_MAX);
        tables[By.SOURCE.ordinal()] = new AggregateTable(maxKeys, HistoryRing.SOURCES_MAX);
        Arrays.fill(stamps, Long.MIN_VALUE);
    }

    /**
     * The code the collector keeps beside a record for its payload's top-level {@code status} string: 1 plus its
     * index in {@link #ORDER_STATUSES} ({@code other} for any status not listed); 0 is kept for no status.
     *
     * @param src    bytes holding the status (its UTF-8, unescaped).
     * @param offset where it starts.
     * @param length its length.
     * @return the code, 1 to 6.
     */
    static int statusCode(final byte[] src, final int offset, final int length)
    {
        for (int s = 0; s < STATUS_BYTES.length; s++)
        {
            final byte[] status = STATUS_BYTES[s];
            if (status.length == length && src[offset] == status[0] && Arrays.equals(status, 0, length, src, offset, offset + length))
            {
                return s + 1;
            }
        }
        return ORDER_STATUSES.size();
    }

    AggregateTable table(final By by)
    {
        return tables[by.ordinal()];
    }

    long[] stamps()
    {
        return stamps;
    }

    /** After a batch: counts written before are visible to a reader that reads this first. */
    void publish(final long seq)
    {
        progress.setRelease(seq);
    }

    void addMissed(final long count)
    {
        missed.addAndGet(count);
    }

    void addLate()
    {
        late.incrementAndGet();
    }

    /** @return keys each grouping gives a row of their own. */
    public int maxKeys()
    {
        return maxKeys;
    }

    /** @return the sequence of the last event counted (or passed over). */
    public long progress()
    {
        return progress.getAcquire();
    }

    /** @return events the aggregator missed: overwritten in the history before it read them. */
    public long missed()
    {
        return missed.get();
    }

    /** @return events older than the longest window when they were read, not counted. */
    public long late()
    {
        return late.get();
    }

    /**
     * The figures of a grouping over the last seconds.
     *
     * @param by            the grouping.
     * @param windowSeconds 1 to {@link #MAX_WINDOW_SECONDS}.
     * @return the snapshot (made on the calling thread; allocates).
     */
    public Snapshot snapshot(final By by, final int windowSeconds)
    {
        if (windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS)
        {
            throw new IllegalArgumentException("window must be 1 to " + MAX_WINDOW_SECONDS + " seconds: " + windowSeconds);
        }
        progress.getAcquire();
        final AggregateTable table = tables[by.ordinal()];
        final long end = Math.floorDiv(clock.nanoTime(), 1_000_000_000L);
        final List<Row> rows = new ArrayList<>();
        for (int row = 0, n = table.rows(); row < n; row++)
        {
            final Row figures = row(table, row, table.name(row), end, windowSeconds);
            if (figures.count() > 0)
            {
                rows.add(figures);
            }
        }
        rows.sort(Comparator.comparingLong(Row::count).reversed().thenComparing(Row::key));
        return new Snapshot(by, windowSeconds, end, rows, row(table, table.otherRow(), OTHER, end, windowSeconds));
    }

    private Row row(final AggregateTable table, final int row, final String key, final long end, final int windowSeconds)
    {
        long count = 0;
        final long[] orders = new long[ORDER_STATUSES.size()];
        for (long second = end - windowSeconds; second < end; second++)
        {
            final int bucket = (int)Math.floorMod(second, (long)MAX_WINDOW_SECONDS);
            if (stamps[bucket] != second)
            {
                continue;
            }
            count += table.count(row, bucket);
            for (int s = 0; s < orders.length; s++)
            {
                orders[s] += table.orders(row, bucket, s);
            }
        }
        return new Row(key, count, orders);
    }
}
