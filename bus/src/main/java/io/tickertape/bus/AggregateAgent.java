package io.tickertape.bus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntFunction;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;

/**
 * The thread that keeps {@link Aggregates}: follows the history with a cursor of its own, and counts each record in
 * its second's bucket of each grouping, reading the record's type and keys from what the collector kept beside it
 * and, for order events, the payload's {@code status} from its bytes. Parks 1 ms when it has caught up; the
 * history holds far more than a millisecond of events.
 */
final class AggregateAgent implements Agent, CursorHandler
{
    private static final long PARK_NANOS = 1_000_000L;
    private static final int POLL_LIMIT = 4096;
    private static final byte[][] STATUSES = statuses();

    private final HistoryRing history;
    private final Aggregates aggregates;
    private final HistoryCursor cursor;
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
        this.cursor = history.cursorAfter(history.head(), EventFilter.ALL);
        this.byType = aggregates.table(Aggregates.By.TYPE);
        this.bySymbol = aggregates.table(Aggregates.By.SYMBOL);
        this.byStrategy = aggregates.table(Aggregates.By.STRATEGY);
        this.bySource = aggregates.table(Aggregates.By.SOURCE);
        this.stamps = aggregates.stamps();
        this.sourceNames = id -> name(history.sources(), id);
        this.symbolNames = id -> name(history.symbols(), id);
        this.strategyNames = id -> name(history.strategies(), id);
    }

    private static byte[][] statuses()
    {
        final byte[][] statuses = new byte[Aggregates.ORDER_STATUSES.size() - 1][]; // the last, other, matches no text
        for (int s = 0; s < statuses.length; s++)
        {
            statuses[s] = Aggregates.ORDER_STATUSES.get(s).getBytes(StandardCharsets.US_ASCII);
        }
        return statuses;
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
        final int work = cursor.poll(this, POLL_LIMIT);
        if (work > 0)
        {
            aggregates.publish(cursor.passedSeq());
        }
        return work;
    }

    @Override
    public boolean onRecord(final HistoryRecord record)
    {
        final long second = Math.floorDiv(record.timestampNanos(), 1_000_000_000L);
        final int bucket = bucket(second);
        if (bucket < 0)
        {
            aggregates.addLate();
            return true;
        }
        final int typeId = record.typeId();
        final int status = typeId == orderType ? status(record) : -1;
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
        return true;
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

    private static int status(final HistoryRecord record)
    {
        final byte[] json = record.buffer();
        final long place = RecordMembers.status(json, 0, record.length());
        final int length = RecordMembers.length(place);
        if (length >= 0)
        {
            final int offset = RecordMembers.offset(place);
            for (int s = 0; s < STATUSES.length; s++)
            {
                final byte[] status = STATUSES[s];
                if (Arrays.equals(status, 0, status.length, json, offset, offset + length))
                {
                    return s;
                }
            }
        }
        return STATUSES.length; // other
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
    public void onGap(final long fromSeq, final long toSeq)
    {
        aggregates.addMissed(toSeq - fromSeq + 1);
    }

    @Override
    public String roleName()
    {
        return "tickertape-aggregates";
    }
}
