package io.tickertape.transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a {@link StatsSection} shows, in order: counters and gauges (in the stats and as metrics), texts (in the stats
 * only: a state, a name), and tables of rows labelled by one value (a host), each row with figures of its own.
 * <pre>
 * "kafka_hub":{"consumed":120,"state":"connected","hosts":[{"host":"alpha","events":80},{"host":"beta",...}]}
 * tickertape_kafka_hub_consumed_total 120
 * tickertape_kafka_hub_hosts_events_total{host="alpha"} 80
 * </pre>
 * Counters get the {@code _total} suffix in the metrics. Not thread-safe: made and read within one request.
 */
public final class SectionFigures
{
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    /** What a figure is. */
    enum Kind
    {
        COUNTER, GAUGE, TEXT
    }

    /** One counter, gauge or text. */
    record Figure(String key, String help, Kind kind, double value, String text)
    {
    }

    /** One table: its label's name and rows. */
    record Table(String label, List<Map.Entry<String, SectionFigures>> rows)
    {
    }

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Table> tables = new LinkedHashMap<>();

    /**
     * A count that only grows.
     *
     * @param key   the member name, {@code [a-z][a-z0-9_]*}.
     * @param help  one line for the metric's help.
     * @param value the count.
     * @return this.
     */
    public SectionFigures counter(final String key, final String help, final long value)
    {
        figures.add(new Figure(checked(key), help, Kind.COUNTER, value, null));
        return this;
    }

    /**
     * A value that goes up and down.
     *
     * @param key   the member name, {@code [a-z][a-z0-9_]*}.
     * @param help  one line for the metric's help.
     * @param value the value.
     * @return this.
     */
    public SectionFigures gauge(final String key, final String help, final double value)
    {
        figures.add(new Figure(checked(key), help, Kind.GAUGE, value, null));
        return this;
    }

    /**
     * A text, shown in the stats only (null is written as JSON null).
     *
     * @param key   the member name, {@code [a-z][a-z0-9_]*}.
     * @param value the text.
     * @return this.
     */
    public SectionFigures text(final String key, final String value)
    {
        figures.add(new Figure(checked(key), null, Kind.TEXT, 0, value));
        return this;
    }

    /**
     * Add a row to a table (the table is made by its first row).
     *
     * @param table      the table's member name, {@code [a-z][a-z0-9_]*}.
     * @param label      the label naming each row ({@code host}), the same for every row of the table.
     * @param labelValue this row's value of the label.
     * @return the row's figures, to fill.
     */
    public SectionFigures row(final String table, final String label, final String labelValue)
    {
        final Table t = tables.computeIfAbsent(checked(table), k -> new Table(checked(label), new ArrayList<>()));
        final SectionFigures row = new SectionFigures();
        t.rows().add(Map.entry(labelValue, row));
        return row;
    }

    List<Figure> figures()
    {
        return figures;
    }

    Map<String, Table> tables()
    {
        return tables;
    }

    static String checkedName(final String name)
    {
        if (null == name || !KEY.matcher(name).matches())
        {
            throw new IllegalArgumentException("a stats section's name must match " + KEY.pattern() + ": " + name);
        }
        return name;
    }

    private static String checked(final String key)
    {
        if (null == key || !KEY.matcher(key).matches())
        {
            throw new IllegalArgumentException("a figure's key must match " + KEY.pattern() + ": " + key);
        }
        return key;
    }
}
