package io.tickertape.bus.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One rule's window of matching events and its cooldown, by the events' timestamps: the last {@code count} matches'
 * timestamps and sequences in a ring (no allocation per event). Updated by the alerts thread; its state read by any,
 * under its lock.
 */
final class RuleEvaluator
{
    private final AlertRule rule;
    private final WhereMatcher[] where;
    private final long[] times;
    private final long[] seqs;
    private int first;
    private int size;
    private long firings;
    private long suppressed;
    private long lastFiredNanos;
    private long quietUntilNanos;

    RuleEvaluator(final AlertRule rule)
    {
        this.rule = rule;
        final List<WhereMatcher> where = new ArrayList<>();
        for (final Map.Entry<String, List<Object>> condition : rule.where().entrySet())
        {
            where.add(new WhereMatcher(condition.getKey(), condition.getValue()));
        }
        this.where = where.toArray(new WhereMatcher[0]);
        this.times = new long[rule.count()];
        this.seqs = new long[rule.count()];
    }

    AlertRule rule()
    {
        return rule;
    }

    /** Whether an event's JSON passes the rule's {@code where}. */
    boolean passes(final byte[] json, final int offset, final int length)
    {
        for (final WhereMatcher condition : where)
        {
            if (!condition.matches(json, offset, length))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Count a matching event.
     *
     * @return the sequence of the first of the matching events that fire the rule, or -1 if it does not fire.
     */
    synchronized long onMatch(final long timestampNanos, final long seq)
    {
        final int capacity = times.length;
        if (size == capacity)
        {
            first = (first + 1) % capacity; // the oldest leaves: the window holds the last `count` matches
            size--;
        }
        final int at = (first + size) % capacity;
        times[at] = timestampNanos;
        seqs[at] = seq;
        size++;
        final long windowNanos = rule.windowSeconds() * 1_000_000_000L;
        while (size > 0 && timestampNanos - times[first] > windowNanos)
        {
            first = (first + 1) % capacity;
            size--;
        }
        if (size < rule.count())
        {
            return -1;
        }
        final long firstSeq = seqs[first];
        first = 0;
        size = 0;
        if (timestampNanos < quietUntilNanos)
        {
            suppressed++;
            return -1;
        }
        firings++;
        lastFiredNanos = timestampNanos;
        quietUntilNanos = rule.cooldownSeconds() == 0 ? 0 : timestampNanos + rule.cooldownSeconds() * 1_000_000_000L;
        return firstSeq;
    }

    synchronized Alerts.RuleState state()
    {
        return new Alerts.RuleState(rule, size, firings, suppressed, lastFiredNanos, quietUntilNanos);
    }
}
