package io.tickertape.transport;

import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.tickertape.bus.IsoTimestamp;
import io.tickertape.bus.alert.AlertRule;
import io.tickertape.bus.alert.Alerts;
import tools.jackson.core.JsonGenerator;

/**
 * {@code GET /api/telemetry/alerts}: each rule with its state, the recent firings (newest first), and the figures of
 * their delivery.
 */
final class AlertsJson
{
    private AlertsJson()
    {
    }

    static void write(final ByteBuf out, final Alerts alerts, final long nowNanos)
    {
        final IsoTimestamp time = new IsoTimestamp();
        try (JsonGenerator g = Responses.generator(out))
        {
            g.writeStartObject();
            g.writeBooleanProperty("ok", true);
            g.writeName("rules");
            g.writeStartArray();
            for (final Alerts.RuleState state : alerts.states())
            {
                final AlertRule rule = state.rule();
                g.writeStartObject();
                g.writeStringProperty("name", rule.name());
                g.writeName("type");
                g.writeStartArray();
                for (final String type : rule.types())
                {
                    g.writeString(type);
                }
                g.writeEndArray();
                g.writeName("where");
                g.writeStartObject();
                for (final Map.Entry<String, List<Object>> e : rule.where().entrySet())
                {
                    g.writeName(e.getKey());
                    g.writeStartArray();
                    for (final Object v : e.getValue())
                    {
                        writeScalar(g, v);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
                g.writeNumberProperty("count", rule.count());
                g.writeNumberProperty("window_s", rule.windowSeconds());
                g.writeNumberProperty("cooldown_s", rule.cooldownSeconds());
                g.writeStringProperty("severity", rule.severity());
                if (null == rule.webhook())
                {
                    g.writeNullProperty("webhook");
                }
                else
                {
                    g.writeStringProperty("webhook", rule.webhook().toString());
                }
                g.writeStringProperty("state", state.quietUntilNanos() > nowNanos ? "cooldown" : "watching");
                g.writeNumberProperty("pending", state.pending());
                g.writeNumberProperty("firings", state.firings());
                g.writeNumberProperty("suppressed", state.suppressed());
                timeProperty(g, time, "last_fired", state.lastFiredNanos());
                timeProperty(g, time, "quiet_until", state.quietUntilNanos());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeName("firings");
            g.writeStartArray();
            final List<Alerts.Firing> firings = alerts.recentFirings();
            for (int i = firings.size() - 1; i >= 0; i--)
            {
                final Alerts.Firing f = firings.get(i);
                g.writeStartObject();
                g.writeStringProperty("rule", f.rule());
                g.writeStringProperty("severity", f.severity());
                timeProperty(g, time, "fired_at", f.firedAtNanos());
                g.writeNumberProperty("count", f.count());
                g.writeNumberProperty("window_s", f.windowSeconds());
                g.writeStringProperty("idempotency_key", f.idempotencyKey());
                g.writeBooleanProperty("webhook", f.delivered());
                g.writeNumberProperty("first_seq", f.firstSeq());
                g.writeName("first_event");
                if (null == f.firstEvent())
                {
                    g.writeNull(); // no longer in the history when the rule fired
                }
                else
                {
                    g.writeRawValue(f.firstEvent());
                }
                g.writeName("last_event");
                g.writeRawValue(f.lastEvent());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeName("delivery");
            writeFigures(g, alerts);
            g.writeEndObject();
        }
    }

    /** The figures of {@code /stats}' {@code alerts} object. */
    static void writeFigures(final JsonGenerator g, final Alerts alerts)
    {
        g.writeStartObject();
        g.writeNumberProperty("fired", alerts.fired());
        g.writeNumberProperty("delivered", alerts.delivered());
        g.writeNumberProperty("retried", alerts.retried());
        g.writeNumberProperty("failed", alerts.failed());
        g.writeNumberProperty("dropped", alerts.dropped());
        g.writeNumberProperty("pending", alerts.pending());
        g.writeNumberProperty("missed", alerts.missed());
        g.writeNumberProperty("publish_failures", alerts.publishFailures());
        g.writeEndObject();
    }

    private static void timeProperty(final JsonGenerator g, final IsoTimestamp time, final String name, final long nanos)
    {
        if (nanos <= 0)
        {
            g.writeNullProperty(name);
        }
        else
        {
            g.writeStringProperty(name, new String(time.format(nanos)));
        }
    }

    private static void writeScalar(final JsonGenerator g, final Object v)
    {
        if (null == v)
        {
            g.writeNull();
        }
        else if (v instanceof Long l)
        {
            g.writeNumber(l);
        }
        else if (v instanceof Double d)
        {
            g.writeNumber(d);
        }
        else if (v instanceof Boolean b)
        {
            g.writeBoolean(b);
        }
        else
        {
            g.writeString(String.valueOf(v));
        }
    }
}
