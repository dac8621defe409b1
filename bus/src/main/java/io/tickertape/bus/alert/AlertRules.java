package io.tickertape.bus.alert;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.tickertape.bus.EventType;
import tools.jackson.core.JacksonException;

/**
 * A set of {@link AlertRule}s read from JSON, all checked before any is used: a file that does not parse, or a rule
 * with an unknown field, a missing or wrong value, is refused whole, with a message naming the rule and the problem.
 * <pre>
 * {"rules":[{"name":"engine-unhealthy","type":"engine_health","where":{"status":"degraded"},
 *            "count":1,"window_s":60,"cooldown_s":300,"webhook":"http://127.0.0.1:8080/hooks/ops"}]}
 * </pre>
 * Fields: {@code name} (required; letters, digits, {@code . _ -}, up to 64), {@code type} (required; a type name
 * or a list of them), {@code where} (payload members to values: a value, or a list of which any matches; default
 * none), {@code count} (default 1), {@code window_s} (default 60), {@code cooldown_s} (default 0),
 * {@code webhook} (an http or https URL; default none) and {@code severity} ({@code info}, {@code warning} or
 * {@code critical}; default {@code warning}).
 */
public final class AlertRules
{
    /** Most rules one file may hold. */
    public static final int MAX_RULES = 1000;
    private static final List<String> FIELDS = List.of("name", "type", "where", "count", "window_s", "cooldown_s", "webhook", "severity");
    private static final List<String> SEVERITIES = List.of("info", "warning", "critical");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final long MAX_SECONDS = 7 * 86_400;

    private final List<AlertRule> rules;

    private AlertRules(final List<AlertRule> rules)
    {
        this.rules = List.copyOf(rules);
    }

    /** @return the rules, in the file's order. */
    public List<AlertRule> rules()
    {
        return rules;
    }

    /**
     * Read rules from a file.
     *
     * @param file the file.
     * @return the rules.
     * @throws IllegalArgumentException naming the file, the rule and the problem.
     */
    public static AlertRules read(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("alert rules " + file + ": cannot be read: no such file");
        }
        catch (final AccessDeniedException ex)
        {
            throw new IllegalArgumentException("alert rules " + file + ": cannot be read: permission denied");
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("alert rules " + file + ": cannot be read: " + (Files.isDirectory(file) ? "it is a directory" : ex.getMessage()));
        }
        return parse(text, "alert rules " + file);
    }

    /**
     * Read rules from JSON text.
     *
     * @param json   the rules.
     * @param origin where they came from, at the start of any error message.
     * @return the rules.
     * @throws IllegalArgumentException naming the rule and the problem.
     */
    @SuppressWarnings("unchecked")
    public static AlertRules parse(final String json, final String origin)
    {
        final Object document;
        try
        {
            document = JsonValues.read(json);
        }
        catch (final JacksonException ex)
        {
            throw new IllegalArgumentException(origin + ": not JSON: " + ex.getOriginalMessage() +
                (null == ex.getLocation() ? "" : " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")"));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(origin + ": not JSON: " + ex.getMessage());
        }
        if (!(document instanceof Map<?, ?> top) || !(top.get("rules") instanceof List<?> list) || top.size() != 1)
        {
            throw new IllegalArgumentException(origin + ": must be an object with one member, \"rules\", a list of rules");
        }
        if (list.size() > MAX_RULES)
        {
            throw new IllegalArgumentException(origin + ": " + list.size() + " rules, more than " + MAX_RULES);
        }
        final List<AlertRule> rules = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++)
        {
            final Object item = list.get(i);
            final String at = origin + ": rule #" + (i + 1);
            if (!(item instanceof Map<?, ?>))
            {
                throw new IllegalArgumentException(at + " is not an object");
            }
            final Map<String, Object> fields = (Map<String, Object>)item;
            final Object rawName = fields.get("name");
            final String where = rawName instanceof String s ? at + " ('" + s + "')" : at;
            final AlertRule rule = rule(fields, where);
            if (!names.add(rule.name()))
            {
                throw new IllegalArgumentException(where + ": the name is used by an earlier rule");
            }
            rules.add(rule);
        }
        return new AlertRules(rules);
    }

    private static AlertRule rule(final Map<String, Object> fields, final String at)
    {
        for (final String field : fields.keySet())
        {
            if (!FIELDS.contains(field))
            {
                throw new IllegalArgumentException(at + ": unknown field '" + field + "' (a rule has " + String.join(", ", FIELDS) + ")");
            }
        }
        if (!(fields.get("name") instanceof String name) || !NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException(at + ": name must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        final List<String> types = types(fields.get("type"), at);
        final Map<String, List<Object>> where = where(fields.get("where"), at);
        final int count = (int)number(fields, "count", 1, 1, 10_000, at);
        final long window = number(fields, "window_s", 60, 1, MAX_SECONDS, at);
        final long cooldown = number(fields, "cooldown_s", 0, 0, MAX_SECONDS, at);
        final URI webhook = webhook(fields.get("webhook"), at);
        final Object severity = fields.getOrDefault("severity", "warning");
        if (!SEVERITIES.contains(severity))
        {
            throw new IllegalArgumentException(at + ": severity must be one of " + String.join(", ", SEVERITIES) + ", got " + severity);
        }
        return new AlertRule(name, types, where, count, window, cooldown, webhook, (String)severity);
    }

    private static List<String> types(final Object raw, final String at)
    {
        final List<String> types = new ArrayList<>();
        if (raw instanceof String s)
        {
            types.add(s);
        }
        else if (raw instanceof List<?> list)
        {
            for (final Object t : list)
            {
                if (!(t instanceof String s))
                {
                    throw new IllegalArgumentException(at + ": type must be an event type's name or a list of them");
                }
                types.add(s);
            }
        }
        if (types.isEmpty() || types.stream().anyMatch(String::isBlank))
        {
            throw new IllegalArgumentException(at + ": type must be an event type's name or a list of them");
        }
        for (final String type : types)
        {
            try
            {
                EventType.validateName(type, "event type");
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(at + ": " + ex.getMessage(), ex);
            }
        }
        return List.copyOf(types);
    }

    private static Map<String, List<Object>> where(final Object raw, final String at)
    {
        final Map<String, List<Object>> where = new LinkedHashMap<>();
        if (null == raw)
        {
            return where;
        }
        if (!(raw instanceof Map<?, ?> map))
        {
            throw new IllegalArgumentException(at + ": where must be an object of payload members to values");
        }
        for (final Map.Entry<?, ?> e : map.entrySet())
        {
            final List<Object> values = new ArrayList<>();
            if (e.getValue() instanceof List<?> list)
            {
                values.addAll(list);
            }
            else
            {
                values.add(e.getValue());
            }
            for (final Object v : values)
            {
                if (v instanceof Map<?, ?> || v instanceof List<?>)
                {
                    throw new IllegalArgumentException(at + ": where." + e.getKey() + " must be a value or a list of values (strings, numbers, " +
                        "booleans, null)");
                }
            }
            if (values.isEmpty())
            {
                throw new IllegalArgumentException(at + ": where." + e.getKey() + " lists no value");
            }
            where.put((String)e.getKey(), values);
        }
        return where;
    }

    private static long number(final Map<String, Object> fields, final String name, final long absent, final long min, final long max, final String at)
    {
        final Object raw = fields.get(name);
        if (null == raw && !fields.containsKey(name))
        {
            return absent;
        }
        if (!(raw instanceof Long value) || value < min || value > max)
        {
            throw new IllegalArgumentException(at + ": " + name + " must be a whole number from " + min + " to " + max + ", got " + raw);
        }
        return value;
    }

    private static URI webhook(final Object raw, final String at)
    {
        if (null == raw)
        {
            return null;
        }
        try
        {
            final URI uri = raw instanceof String s ? new URI(s) : null;
            if (null == uri || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || null == uri.getHost())
            {
                throw new URISyntaxException(String.valueOf(raw), "not an http or https URL");
            }
            return uri;
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException(at + ": webhook must be an http or https URL, got " + raw);
        }
    }
}
