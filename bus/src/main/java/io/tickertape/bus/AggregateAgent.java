package io.tickertape.bus;

import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;

/**
 * The thread that keeps {@link Aggregates}: follows the history's index with a position of its own, and counts each
 * record in its second's bucket of each grouping from what the collector kept beside it (type, timestamp, symbol,
 * strategy, source and order status): it never reads a record's bytes. Parks 1 ms when it has caught up; the
 * history holds far more than a millisecond of events.
 */
final class AggregateAgent implements Agent
{
    private static final long PARK_NANOS = 1_000_000L;
    private static final int POLL_LIMIT = 4096;

    private final HistoryRing history;
    private final Aggregates aggregates;
    private final HistoryRecord record;
    private long next;
    private final AggregateTable byType;
    private final AggregateTable bySymbol;
    private final AggregateTable byStrategy;
    private final AggregateTable bySource;
    private final long[] stamps;
    private final int orderType = EventType.ORDER.id();
    private final IntFunction<String> sourceNames;
    private final IntFunction<String> symbolNames;
    private final IntFunction<String> strategyNames;
    private long newestSecond = Long.MIN_VALUE;

    AggregateAgent(final HistoryRing history, final Aggregates aggregates)
    {
        this.history = history;
        this.aggregates = aggregates;
        this.record = new HistoryRecord(history);
        this.next = history.head() + 1;
        this.byType = aggregates.table(Aggregates.By.TYPE);
        this.bySymbol = aggregates.table(Aggregates.By.SYMBOL);
        this.byStrategy = aggregates.table(Aggregates.By.STRATEGY);
        this.bySource = aggregates.table(Aggregates.By.SOURCE);
        this.stamps = aggregates.stamps();
        this.sourceNames = id -> name(history.sources(), id);
        this.symbolNames = id -> name(history.symbols(), id);
        this.strategyNames = id -> name(history.strategies(), id);
    }

    static IdleStrategy idleStrategy()
    {
        return new SleepingIdleStrategy(PARK_NANOS);
    }

    static Thread newThread(final Runnable runnable)
    {
        final Thread thread = new Thread(runnable, "tickertape-aggregates");
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public int doWork()
    {
        int work = 0;
        while (work < POLL_LIMIT)
        {
            final long tail = history.tail();
            if (next < tail)
            {
                aggregates.addMissed(tail - next); // overwritten before this thread read them
                next = tail;
            }
            final ReadResult result = history.readIndex(next, record);
            if (result == ReadResult.NOT_AVAILABLE)
            {
                break;
            }
            work++;
            if (result == ReadResult.OK)
            {
                count(record);
                next++;
            }
            // LAPPED: the writer moved the tail past it meanwhile; the next turn counts the gap
        }
        if (work > 0)
        {
            aggregates.publish(next - 1);
        }
        return work;
    }

    private void count(final HistoryRecord record)
    {
        final long second = Math.floorDiv(record.timestampNanos(), 1_000_000_000L);
        final int bucket = bucket(second);
        if (bucket < 0)
        {
            aggregates.addLate();
            return;
        }
        final int typeId = record.typeId();
        final int status = typeId == orderType ? record.statusCode() - 1 : -1; // -1 for an order without a status
        byType.count(byType.row(typeId, AggregateAgent::typeName), bucket, status);
        bySource.count(bySource.row(record.sourceId(), sourceNames), bucket, status);
        if (KeyDictionary.NONE != record.symbolId())
        {
            bySymbol.count(bySymbol.row(record.symbolId(), symbolNames), bucket, status);
        }
        if (KeyDictionary.NONE != record.strategyId())
        {
            byStrategy.count(byStrategy.row(record.strategyId(), strategyNames), bucket, status);
        }
    }

    /** The bucket of a second, made ready for it; -1 if the second is older than the longest window. */
    private int bucket(final long second)
    {
        if (second > newestSecond)
        {
            newestSecond = second;
        }
        else if (second <= newestSecond - Aggregates.MAX_WINDOW_SECONDS)
        {
            return -1;
        }
        final int bucket = (int)Math.floorMod(second, (long)Aggregates.MAX_WINDOW_SECONDS);
        final long stamp = stamps[bucket];
        if (stamp != second)
        {
            if (stamp > second)
            {
                return -1; // the bucket already counts a newer second
            }
            byType.clear(bucket);
            bySymbol.clear(bucket);
            byStrategy.clear(bucket);
            bySource.clear(bucket);
            stamps[bucket] = second;
        }
        return bucket;
    }

    private static String typeName(final int id)
    {
        final EventType type = EventType.byId(id);
        return null == type ? null : type.name();
    }

    private static String name(final KeyDictionary dictionary, final int id)
    {
        final byte[] value = dictionary.value(id);
        return null == value ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String roleName()
    {
        return "tickertape-aggregates";
    }
}
