package io.tickertape.bus.alert;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tickertape.bus.CursorHandler;
import io.tickertape.bus.EventFilter;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.HistoryCursor;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.IsoTimestamp;
import io.tickertape.bus.Producer;
import io.tickertape.bus.ReadResult;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.TypeFilter;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingIdleStrategy;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Evaluates a bus's {@link AlertRules} on a thread of its own ({@code tickertape-alerts}): follows the history with
 * a cursor that passes only the rules' types (so other events cost it nothing), reads a matching event's payload
 * only when a rule has a {@code where}, and on a firing publishes an {@code alert} event on the bus (producer
 * {@value #PRODUCER}) and hands its webhook POST to the {@link WebhookSender}. It never slows the collector: a burst
 * it cannot keep up with is counted in {@link Alerts#missed()}.
 */
public final class AlertEngine implements Agent, CursorHandler, AutoCloseable
{
    /** The type of the events firings are published as. */
    public static final EventType ALERT = EventType.of("alert");
    /** The name of the producer that publishes them. */
    public static final String PRODUCER = "alerts";
    private static final int POLL_LIMIT = 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private final TelemetryBus bus;
    private final Producer producer;
    private final HistoryCursor cursor;
    private final RuleEvaluator[][] byType = new RuleEvaluator[EventType.MAX_TYPES][];
    private final HistoryRecord first;
    private final WebhookSender sender = new WebhookSender();
    private final Alerts alerts;
    private final IsoTimestamp timestamp = new IsoTimestamp();
    private AgentRunner runner;

    private AlertEngine(final TelemetryBus bus, final AlertRules rules)
    {
        this.bus = bus;
        final List<RuleEvaluator> evaluators = new ArrayList<>();
        final Map<Integer, List<RuleEvaluator>> byTypeId = new HashMap<>();
        final Set<String> types = new LinkedHashSet<>();
        for (final AlertRule rule : rules.rules())
        {
            final RuleEvaluator evaluator = new RuleEvaluator(rule);
            evaluators.add(evaluator);
            for (final String type : rule.types())
            {
                byTypeId.computeIfAbsent(EventType.of(type).id(), t -> new ArrayList<>()).add(evaluator);
                types.add(type);
            }
        }
        byTypeId.forEach((id, list) -> byType[id] = list.toArray(new RuleEvaluator[0]));
        this.first = new HistoryRecord(bus.history());
        this.alerts = new Alerts(List.copyOf(evaluators), sender);
        this.producer = bus.producer(PRODUCER, 1 << 14); // a burst of firings (a rule on a busy type) fits
        this.cursor = bus.history().cursorAfter(bus.history().head(), EventFilter.of(TypeFilter.of(types)));
    }

    /**
     * Start evaluating rules on a running bus.
     *
     * @param bus    the bus; its history is followed from its head.
     * @param rules  the rules.
     * @param errors receives what the evaluating thread throws.
     * @return the running engine; close it before the bus.
     */
    public static AlertEngine start(final TelemetryBus bus, final AlertRules rules, final ErrorHandler errors)
    {
        final AlertEngine engine = new AlertEngine(bus, rules);
        engine.runner = new AgentRunner(new SleepingIdleStrategy(1_000_000L), errors, null, engine);
        AgentRunner.startOnThread(engine.runner, r ->
        {
            final Thread thread = new Thread(r, "tickertape-alerts");
            thread.setDaemon(true);
            return thread;
        });
        return engine;
    }

    /** @return the rules' state, firings and delivery figures. */
    public Alerts alerts()
    {
        return alerts;
    }

    @Override
    public int doWork()
    {
        final int work = cursor.poll(this, POLL_LIMIT);
        if (work > 0)
        {
            alerts.evaluatedUpTo(cursor.passedSeq());
        }
        return work;
    }

    @Override
    public boolean onRecord(final HistoryRecord record)
    {
        final int typeId = record.typeId();
        final RuleEvaluator[] evaluators = typeId >= 0 && typeId < byType.length ? byType[typeId] : null;
        if (null == evaluators)
        {
            return true;
        }
        for (final RuleEvaluator evaluator : evaluators)
        {
            if (evaluator.passes(record.buffer(), 0, record.length()))
            {
                final long firstSeq = evaluator.onMatch(record.timestampNanos(), record.seq());
                if (firstSeq >= 0)
                {
                    fire(evaluator.rule(), record, firstSeq);
                }
            }
        }
        return true;
    }

    /** Publish and deliver a firing: allocates (its JSON, the POST), once per firing, never per event. */
    private void fire(final AlertRule rule, final HistoryRecord last, final long firstSeq)
    {
        final String lastJson = last.json();
        // The first matching event, read back from the history; null when it is no longer held there.
        final String firstJson = firstSeq == last.seq() ? lastJson :
            bus.history().read(firstSeq, first) == ReadResult.OK ? first.json() : null;
        final String key = bus.epoch() + "-" + last.seq() + "-" + rule.name();
        try (EventWriter e = producer.claim(ALERT))
        {
            e.put("rule", rule.name()).put("severity", rule.severity()).put("count", rule.count()).put("window_s", rule.windowSeconds())
                .put("first_seq", firstSeq).put("last_seq", last.seq()).put("idempotency_key", key)
                .put("webhook", null != rule.webhook());
            if (!e.isAccepted())
            {
                alerts.addPublishFailure();
            }
        }
        final Alerts.Firing firing = new Alerts.Firing(rule.name(), rule.severity(), rule.count(), rule.windowSeconds(),
            last.timestampNanos(), firstSeq, firstJson, lastJson, key, null != rule.webhook());
        alerts.recordFiring(firing);
        if (null != rule.webhook())
        {
            sender.submit(new WebhookSender.Delivery(rule.webhook(), body(firing), key));
        }
    }

    /** The POST's body: the rule, the window and the first and last matching events as they are in the history. */
    private String body(final Alerts.Firing firing)
    {
        final StringWriter out = new StringWriter(512 + firing.lastEvent().length() * 2);
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out))
        {
            g.writeStartObject();
            g.writeStringProperty("rule", firing.rule());
            g.writeStringProperty("severity", firing.severity());
            g.writeNumberProperty("count", firing.count());
            g.writeNumberProperty("window_s", firing.windowSeconds());
            g.writeStringProperty("fired_at", new String(timestamp.format(firing.firedAtNanos())));
            g.writeStringProperty("idempotency_key", firing.idempotencyKey());
            g.writeStringProperty("epoch", bus.epoch());
            g.writeNumberProperty("first_seq", firing.firstSeq());
            g.writeName("first_event");
            if (null == firing.firstEvent())
            {
                g.writeNull();
            }
            else
            {
                g.writeRawValue(firing.firstEvent());
            }
            g.writeName("last_event");
            g.writeRawValue(firing.lastEvent());
            g.writeEndObject();
        }
        return out.toString();
    }

    @Override
    public void onGap(final long fromSeq, final long toSeq)
    {
        alerts.addMissed(toSeq - fromSeq + 1);
    }

    @Override
    public String roleName()
    {
        return "tickertape-alerts";
    }

    /** Stop evaluating; abandon deliveries not yet made (counted as dropped). */
    @Override
    public void close()
    {
        if (null != runner)
        {
            runner.close();
        }
        sender.close();
    }
}
