package io.tickertape.bus.alert;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * One rule's window of matching events and its cooldown, by the events' timestamps. Updated by the alerts thread;
 * its state read by any (under its lock, taken once per matching event: rules look at rare events).
 */
final class RuleEvaluator
{
    private final AlertRule rule;
    private final ArrayDeque<long[]> times = new ArrayDeque<>(); // {timestamp, seq}
    private final ArrayDeque<String> events = new ArrayDeque<>();
    private long firings;
    private long suppressed;
    private long lastFiredNanos;
    private long quietUntilNanos;

    RuleEvaluator(final AlertRule rule)
    {
        this.rule = rule;
    }

    AlertRule rule()
    {
        return rule;
    }

    /** Whether an event's payload passes the rule's {@code where}. */
    boolean passes(final Map<?, ?> payload)
    {
        for (final Map.Entry<String, List<Object>> condition : rule.where().entrySet())
        {
            final Object actual = null == payload ? null : payload.get(condition.getKey());
            if (!AlertRule.matches(condition.getValue(), actual))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * What fired a rule.
     *
     * @param firstSeq the first matching event's sequence.
     * @param first    its JSON.
     * @param last     the last matching event's JSON.
     */
    record Fired(long firstSeq, String first, String last)
    {
    }

    /**
     * Count a matching event.
     *
     * @return what fires the rule, or null if it does not fire.
     */
    synchronized Fired onMatch(final long timestampNanos, final long seq, final String json)
    {
        final long windowNanos = rule.windowSeconds() * 1_000_000_000L;
        times.addLast(new long[] {timestampNanos, seq});
        events.addLast(json);
        while (!times.isEmpty() && (timestampNanos - times.peekFirst()[0] > windowNanos || times.size() > rule.count()))
        {
            times.removeFirst();
            events.removeFirst();
        }
        if (times.size() < rule.count())
        {
            return null;
        }
        final String first = events.peekFirst();
        final long firstSeq = times.peekFirst()[1];
        times.clear();
        events.clear();
        if (timestampNanos < quietUntilNanos)
        {
            suppressed++;
            return null;
        }
        firings++;
        lastFiredNanos = timestampNanos;
        quietUntilNanos = rule.cooldownSeconds() == 0 ? 0 : timestampNanos + rule.cooldownSeconds() * 1_000_000_000L;
        return new Fired(firstSeq, first, json);
    }

    synchronized Alerts.RuleState state()
    {
        return new Alerts.RuleState(rule, times.size(), firings, suppressed, lastFiredNanos, quietUntilNanos);
    }
}
