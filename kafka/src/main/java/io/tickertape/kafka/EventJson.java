package io.tickertape.kafka;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.tickertape.bus.EventWriter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads an event's JSON as an exporter sent it ({@code {"seq":..,"type":..,"timestamp":..,"source":..,"payload":{..}}})
 * and writes its payload into a relay's {@link EventWriter}, member by member, so that the hub's bus holds it as
 * any event of its own (filters, aggregates and alerts see its members). A record is checked whole by
 * {@link #check(byte[])} before anything is claimed, so a bad one changes nothing. Not thread-safe: it belongs to the
 * hub's consumer thread.
 */
final class EventJson
{
    /** Containers deeper than this are refused: a bus's own events never nest deeper (its slot codec's limit). */
    static final int MAX_DEPTH = 30;
    private static final JsonFactory JSON = new JsonFactory();

    private long timestampNanos;

    /**
     * Check a record's value: one JSON object with a {@code timestamp} (ISO-8601) and a {@code payload} object,
     * nothing after it, containers at most {@value #MAX_DEPTH} deep.
     *
     * @param value the record's value.
     * @return null if it is good (its timestamp is then {@link #timestampNanos()}), else why not.
     */
    String check(final byte[] value)
    {
        if (null == value)
        {
            return "a record without a value";
        }
        boolean payload = false;
        String timestamp = null;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), value))
        {
            if (JsonToken.START_OBJECT != p.nextToken())
            {
                return "a value that is not a JSON object";
            }
            for (JsonToken t = p.nextToken(); JsonToken.END_OBJECT != t; t = p.nextToken())
            {
                final String name = p.currentName();
                final JsonToken v = p.nextToken();
                if ("timestamp".equals(name) && JsonToken.VALUE_STRING == v)
                {
                    timestamp = p.getString();
                }
                else if ("payload".equals(name) && JsonToken.START_OBJECT == v)
                {
                    payload = true;
                    if (!skipChecked(p))
                    {
                        return "a payload nested deeper than " + MAX_DEPTH;
                    }
                }
                else
                {
                    p.skipChildren();
                }
            }
            if (null != p.nextToken())
            {
                return "a value with more after its JSON object";
            }
        }
        catch (final JacksonException ex)
        {
            return "a value that is not valid JSON";
        }
        if (!payload || null == timestamp)
        {
            return "an event without a timestamp or a payload object";
        }
        try
        {
            final Instant instant = Instant.parse(timestamp);
            timestampNanos = instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            return "an event whose timestamp is not an ISO-8601 instant";
        }
        return null;
    }

    /** Skip the container just opened, checking its depth. */
    private static boolean skipChecked(final JsonParser p)
    {
        int depth = 1;
        while (depth > 0)
        {
            final JsonToken t = p.nextToken();
            if (JsonToken.START_OBJECT == t || JsonToken.START_ARRAY == t)
            {
                if (++depth > MAX_DEPTH)
                {
                    return false;
                }
            }
            else if (JsonToken.END_OBJECT == t || JsonToken.END_ARRAY == t)
            {
                depth--;
            }
        }
        return true;
    }

    /** @return the timestamp of the record {@link #check(byte[])} passed last, epoch nanoseconds. */
    long timestampNanos()
    {
        return timestampNanos;
    }

    /**
     * Write the payload of a value that {@link #check(byte[])} passed into the writer.
     *
     * @param value  the record's value.
     * @param writer a relay's writer, claimed for this event.
     */
    void writePayload(final byte[] value, final EventWriter writer)
    {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), value))
        {
            p.nextToken();
            for (JsonToken t = p.nextToken(); JsonToken.END_OBJECT != t; t = p.nextToken())
            {
                final String name = p.currentName();
                final JsonToken v = p.nextToken();
                if ("payload".equals(name) && JsonToken.START_OBJECT == v)
                {
                    members(p, writer);
                    return;
                }
                p.skipChildren();
            }
        }
    }

    /** The members of the object just opened, up to its end. */
    private static void members(final JsonParser p, final EventWriter w)
    {
        for (JsonToken t = p.nextToken(); JsonToken.END_OBJECT != t; t = p.nextToken())
        {
            final String name = p.currentName();
            switch (p.nextToken())
            {
                case START_OBJECT ->
                {
                    w.beginObject(name);
                    members(p, w);
                    w.end();
                }
                case START_ARRAY ->
                {
                    w.beginArray(name);
                    elements(p, w);
                    w.end();
                }
                case VALUE_STRING -> w.put(name, p.getString());
                case VALUE_NUMBER_INT -> putInteger(p, w, name);
                case VALUE_NUMBER_FLOAT -> w.put(name, p.getDoubleValue());
                case VALUE_TRUE -> w.put(name, true);
                case VALUE_FALSE -> w.put(name, false);
                default -> w.putNull(name);
            }
        }
    }

    /** The elements of the array just opened, up to its end. */
    private static void elements(final JsonParser p, final EventWriter w)
    {
        for (JsonToken t = p.nextToken(); JsonToken.END_ARRAY != t; t = p.nextToken())
        {
            switch (t)
            {
                case START_OBJECT ->
                {
                    w.addObject();
                    members(p, w);
                    w.end();
                }
                case START_ARRAY ->
                {
                    w.addArray();
                    elements(p, w);
                    w.end();
                }
                case VALUE_STRING -> w.add(p.getString());
                case VALUE_NUMBER_INT ->
                {
                    if (fitsLong(p))
                    {
                        w.add(p.getLongValue());
                    }
                    else
                    {
                        w.add(p.getDoubleValue());
                    }
                }
                case VALUE_NUMBER_FLOAT -> w.add(p.getDoubleValue());
                case VALUE_TRUE -> w.add(true);
                case VALUE_FALSE -> w.add(false);
                default -> w.add((CharSequence)null);
            }
        }
    }

    private static void putInteger(final JsonParser p, final EventWriter w, final String name)
    {
        if (fitsLong(p))
        {
            w.put(name, p.getLongValue());
        }
        else
        {
            w.put(name, p.getDoubleValue()); // beyond a long: the nearest double, as a bus would have held it
        }
    }

    private static boolean fitsLong(final JsonParser p)
    {
        final JsonParser.NumberType type = p.getNumberType();
        return JsonParser.NumberType.INT == type || JsonParser.NumberType.LONG == type;
    }
}
