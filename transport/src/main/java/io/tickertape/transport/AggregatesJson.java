package io.tickertape.transport;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.tickertape.bus.Aggregates;
import io.tickertape.bus.IsoTimestamp;
import tools.jackson.core.JsonGenerator;

/**
 * {@code GET /api/telemetry/aggregates?by=type|symbol|strategy|source&window=1s|10s|1m|5m}: the bus's
 * {@link Aggregates} of one grouping over one window, most events first, with order events by status.
 */
final class AggregatesJson
{
    static final String BY = "by";
    static final String WINDOW = "window";
    static final List<String> WINDOWS = List.of("1s", "10s", "1m", "5m");
    private static final int[] WINDOW_SECONDS = {1, 10, 60, 300};

    private AggregatesJson()
    {
    }

    /** @return the grouping a request asks for ({@code type} by default). */
    static Aggregates.By by(final QueryParams params)
    {
        final String raw = params.string(BY);
        if (null == raw)
        {
            return Aggregates.By.TYPE;
        }
        for (final Aggregates.By by : Aggregates.By.values())
        {
            if (by.label().equals(raw.trim()))
            {
                return by;
            }
        }
        throw new BadRequestException(BY + " must be one of type, symbol, strategy, source, got '" + QueryParams.clip(raw) + "'");
    }

    /** @return the window a request asks for, in seconds ({@code 1m} by default). */
    static int windowSeconds(final QueryParams params)
    {
        final String raw = params.string(WINDOW);
        if (null == raw)
        {
            return 60;
        }
        final int i = WINDOWS.indexOf(raw.trim());
        if (i < 0)
        {
            throw new BadRequestException(WINDOW + " must be one of " + String.join(", ", WINDOWS) + ", got '" + QueryParams.clip(raw) + "'");
        }
        return WINDOW_SECONDS[i];
    }

    static String windowName(final int seconds)
    {
        for (int i = 0; i < WINDOW_SECONDS.length; i++)
        {
            if (WINDOW_SECONDS[i] == seconds)
            {
                return WINDOWS.get(i);
            }
        }
        return seconds + "s";
    }

    static void write(final ByteBuf out, final Aggregates aggregates, final Aggregates.Snapshot snapshot)
    {
        try (JsonGenerator g = Responses.generator(out))
        {
            g.writeStartObject();
            g.writeBooleanProperty("ok", true);
            g.writeStringProperty("by", snapshot.by().label());
            g.writeStringProperty("window", windowName(snapshot.windowSeconds()));
            g.writeNumberProperty("window_s", snapshot.windowSeconds());
            g.writeStringProperty("from", new String(new IsoTimestamp().format((snapshot.endSecond() - snapshot.windowSeconds()) * 1_000_000_000L)));
            g.writeStringProperty("to", new String(new IsoTimestamp().format(snapshot.endSecond() * 1_000_000_000L)));
            g.writeName("keys");
            g.writeStartArray();
            for (final Aggregates.Row row : snapshot.rows())
            {
                writeRow(g, row, snapshot.windowSeconds(), true);
            }
            g.writeEndArray();
            g.writeName("other");
            writeRow(g, snapshot.other(), snapshot.windowSeconds(), false);
            g.writeNumberProperty("max_keys", aggregates.maxKeys());
            g.writeNumberProperty("missed", aggregates.missed());
            g.writeNumberProperty("late", aggregates.late());
            g.writeEndObject();
        }
    }

    private static void writeRow(final JsonGenerator g, final Aggregates.Row row, final int windowSeconds, final boolean named)
    {
        g.writeStartObject();
        if (named)
        {
            g.writeStringProperty("key", row.key());
        }
        g.writeNumberProperty("count", row.count());
        g.writeNumberProperty("rate", row.rate(windowSeconds));
        if (row.hasOrders())
        {
            g.writeName("orders");
            g.writeStartObject();
            for (int s = 0; s < Aggregates.ORDER_STATUSES.size(); s++)
            {
                g.writeNumberProperty(Aggregates.ORDER_STATUSES.get(s), row.orders()[s]);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
