package io.tickertape.bus.alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bus's alerting: its rules with their state, its recent firings, and the delivery figures of their webhooks.
 * The rules are evaluated by a thread of their own ({@code tickertape-alerts}) that follows the history with a
 * cursor passing only the rules' types, never by the collector, matching each event's payload in place (no parsing,
 * no allocation per event); firings are delivered by {@link WebhookSender}.
 * Safe to read from any thread.
 */
public final class Alerts
{
    /** Firings kept for {@link #recentFirings()}. */
    public static final int RECENT_FIRINGS = 50;

    /**
     * One firing of a rule.
     *
     * @param rule           the rule's name.
     * @param severity       the rule's severity.
     * @param count          matching events that fired it.
     * @param windowSeconds  the rule's window.
     * @param firedAtNanos   the last matching event's timestamp, epoch nanoseconds.
     * @param firstSeq       the first matching event's sequence.
     * @param firstEvent     the first matching event's JSON; null when the history no longer held it at the firing.
     * @param lastEvent      the last matching event's JSON.
     * @param idempotencyKey the key its webhook POSTs carry, the same on every retry.
     * @param delivered      whether it goes to a webhook.
     */
    public record Firing(
        String rule, String severity, int count, long windowSeconds, long firedAtNanos, long firstSeq, String firstEvent, String lastEvent,
        String idempotencyKey, boolean delivered)
    {
    }

    /**
     * A rule's state now.
     *
     * @param rule             the rule.
     * @param pending          matching events counted towards its next firing.
     * @param firings          times it fired.
     * @param suppressed       times it would have fired during a cooldown.
     * @param lastFiredNanos   when it last fired (the event's timestamp), 0 if never.
     * @param quietUntilNanos  the end of its cooldown, 0 if none.
     */
    public record RuleState(AlertRule rule, int pending, long firings, long suppressed, long lastFiredNanos, long quietUntilNanos)
    {
    }

    private final List<RuleEvaluator> evaluators;
    private final WebhookSender sender;
    private final ArrayDeque<Firing> recent = new ArrayDeque<>();
    private final AtomicLong fired = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLong evaluated = new AtomicLong();

    Alerts(final List<RuleEvaluator> evaluators, final WebhookSender sender)
    {
        this.evaluators = evaluators;
        this.sender = sender;
    }

    void recordFiring(final Firing firing)
    {
        fired.incrementAndGet();
        synchronized (recent)
        {
            if (recent.size() == RECENT_FIRINGS)
            {
                recent.removeFirst();
            }
            recent.addLast(firing);
        }
    }

    void addMissed(final long count)
    {
        missed.addAndGet(count);
    }

    void evaluatedUpTo(final long seq)
    {
        evaluated.setRelease(seq);
    }

    /** @return the sequence up to which the rules have looked at every event (of their types). */
    public long evaluatedSeq()
    {
        return evaluated.getAcquire();
    }

    void addPublishFailure()
    {
        publishFailures.incrementAndGet();
    }

    /** @return every rule's state, in the file's order. */
    public List<RuleState> states()
    {
        final List<RuleState> states = new ArrayList<>(evaluators.size());
        for (final RuleEvaluator e : evaluators)
        {
            states.add(e.state());
        }
        return states;
    }

    /** @return the last {@value #RECENT_FIRINGS} firings, oldest first. */
    public List<Firing> recentFirings()
    {
        synchronized (recent)
        {
            return new ArrayList<>(recent);
        }
    }

    /** @return firings since start. */
    public long fired()
    {
        return fired.get();
    }

    /** @return webhook POSTs answered 2xx. */
    public long delivered()
    {
        return sender.delivered();
    }

    /** @return webhook POSTs tried again after a failure. */
    public long retried()
    {
        return sender.retried();
    }

    /** @return firings whose webhook never answered 2xx (attempts exhausted, or an answer not worth retrying). */
    public long failed()
    {
        return sender.failed();
    }

    /** @return firings not delivered because the queue was full (or the bus closing). */
    public long dropped()
    {
        return sender.dropped();
    }

    /** @return deliveries queued or under way. */
    public long pending()
    {
        return sender.pending();
    }

    /**
     * @return events the evaluator never saw: overwritten in the history before it read them (counted whatever their
     *         type, as a stream's gap is).
     */
    public long missed()
    {
        return missed.get();
    }

    /** @return firings that could not be published on the bus as {@code alert} events (its ring was full). */
    public long publishFailures()
    {
        return publishFailures.get();
    }
}
