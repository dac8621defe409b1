package io.tickertape.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.tickertape.bus.EventFilter;
import io.tickertape.bus.HistoryRing;
import io.tickertape.bus.TypeFilter;

/**
 * The query parameters of a request, validated: every accessor either returns a value within its contract or
 * throws {@link BadRequestException} saying what was wrong. The {@link RequestValidator} decodes them once per
 * request and leaves them on the channel for the handlers after it ({@link #of(Channel)}).
 */
final class QueryParams
{
    /** Most type names one filter may list. */
    static final int MAX_TYPES_IN_FILTER = 64;
    /** The key filter on the payload's symbol. */
    static final String SYMBOL = "symbol";
    /** The key filter on the payload's strategy (or strategy_name). */
    static final String STRATEGY = "strategy";
    /** The key filter on the event's source (producer). */
    static final String SOURCE = "source";
    /** The key filter on a relayed event's origin host (at a hub). */
    static final String HOST = "host";

    private static final AttributeKey<QueryParams> CURRENT = AttributeKey.valueOf(QueryParams.class, "current");

    private final String path;
    private final Map<String, List<String>> parameters;
    private final Set<String> allowedTypes; // null: every type

    private QueryParams(final String path, final Map<String, List<String>> parameters, final Set<String> allowedTypes)
    {
        this.path = path;
        this.parameters = parameters;
        this.allowedTypes = allowedTypes;
    }

    /**
     * Parameters given otherwise than in a URI (a WebSocket client's message), checked as a query's are.
     *
     * @param path       the route they are for.
     * @param parameters each parameter's values.
     * @return the parameters.
     */
    static QueryParams of(final String path, final Map<String, List<String>> parameters)
    {
        return new QueryParams(path, parameters, null);
    }

    /**
     * These parameters for a bearer who may see only some types: without an {@code event_type} the filter passes
     * exactly those. (The access check has refused a request naming any other.)
     *
     * @param types the types allowed.
     * @return the parameters so limited.
     */
    QueryParams limitTypes(final Set<String> types)
    {
        return new QueryParams(path, parameters, Set.copyOf(types));
    }

    static QueryParams parse(final String uri)
    {
        try
        {
            final QueryStringDecoder decoder = new QueryStringDecoder(uri);
            return new QueryParams(decoder.path(), decoder.parameters(), null);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BadRequestException("malformed request URI: " + ex.getMessage());
        }
    }

    /** Make these the parameters of the request the channel is handling now. */
    void attach(final Channel channel)
    {
        channel.attr(CURRENT).set(this);
    }

    /** @return the parameters of the request the channel is handling now, as the validator decoded them. */
    static QueryParams of(final Channel channel)
    {
        return channel.attr(CURRENT).get();
    }

    String path()
    {
        return path;
    }

    private String single(final String name)
    {
        final List<String> values = parameters.get(name);
        if (null == values || values.isEmpty())
        {
            return null;
        }
        if (values.size() > 1)
        {
            throw new BadRequestException(name + " given more than once");
        }
        return values.get(0);
    }

    /**
     * An integer parameter within bounds.
     *
     * @return the value, or {@code defaultValue} when absent.
     */
    long longParam(final String name, final long min, final long max, final long defaultValue)
    {
        final String raw = single(name);
        if (null == raw)
        {
            return defaultValue;
        }
        return parseBounded(name, raw, min, max);
    }

    static long parseBounded(final String name, final String raw, final long min, final long max)
    {
        final String what = name + " must be an integer from " + min + " to " + max;
        if (raw.isEmpty() || raw.length() > 19)
        {
            throw new BadRequestException(what + ", got '" + clip(raw) + "'");
        }
        for (int i = 0; i < raw.length(); i++)
        {
            final char c = raw.charAt(i);
            if (c < '0' || c > '9')
            {
                throw new BadRequestException(what + ", got '" + clip(raw) + "'");
            }
        }
        final long value;
        try
        {
            value = Long.parseLong(raw);
        }
        catch (final NumberFormatException ex)
        {
            throw new BadRequestException(what + ", got '" + clip(raw) + "'");
        }
        if (value < min || value > max)
        {
            throw new BadRequestException(what + ", got " + value);
        }
        return value;
    }

    /**
     * The {@code event_type} filter: comma-separated names, possibly repeated; none (the parameter absent or blank)
     * means all types, or all those the request's credential allows ({@link #limitTypes}).
     */
    TypeFilter typeFilter()
    {
        final List<String> values = parameters.get("event_type");
        final TypeFilter filter = null == values ? TypeFilter.ALL : TypeFilter.parse(String.join(",", values));
        if (filter.names().isEmpty()) // none named (absent, or blank): every type, or every type a credential allows
        {
            return null == allowedTypes ? TypeFilter.ALL : TypeFilter.of(allowedTypes);
        }
        if (filter.names().size() > MAX_TYPES_IN_FILTER)
        {
            throw new BadRequestException("event_type lists more than " + MAX_TYPES_IN_FILTER + " types");
        }
        return filter;
    }

    /**
     * The whole filter: {@code event_type}, and the key filters {@code symbol}, {@code strategy}, {@code source} and
     * {@code host}, each a comma-separated list (possibly repeated) of which any may match; different parameters combine with AND.
     *
     * @param history the history the filter will read (its keys' dictionaries).
     * @return the filter.
     * @throws BadRequestException for an empty value or too many values, naming the parameter.
     */
    EventFilter eventFilter(final HistoryRing history)
    {
        final TypeFilter types = typeFilter();
        try
        {
            return history.filter(types, keyValues(SYMBOL), keyValues(STRATEGY), keyValues(SOURCE), keyValues(HOST));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BadRequestException(ex.getMessage());
        }
    }

    /** A key filter's values, empty entries kept (so that the filter refuses them); null when absent. */
    private List<String> keyValues(final String name)
    {
        final List<String> given = parameters.get(name);
        if (null == given)
        {
            return null;
        }
        final List<String> values = new ArrayList<>();
        for (final String value : given)
        {
            for (final String part : value.split(",", -1))
            {
                values.add(part.trim());
                if (values.size() > EventFilter.MAX_VALUES)
                {
                    throw new BadRequestException(name + " lists more than " + EventFilter.MAX_VALUES + " values");
                }
            }
        }
        return values;
    }

    /**
     * Check that every parameter is one the route takes.
     *
     * @param known the parameters the route takes.
     * @throws BadRequestException naming the first other one.
     */
    void requireKnown(final List<String> known)
    {
        for (final String name : parameters.keySet())
        {
            if (!known.contains(name))
            {
                throw new BadRequestException("unknown parameter '" + clip(name) + "' (" + path + " takes " +
                    (known.size() == 1 ? "only " + known.get(0) : String.join(", ", known)) + ")");
            }
        }
    }

    /**
     * Whether a parameter is present at all.
     */
    boolean has(final String name)
    {
        return parameters.containsKey(name);
    }

    String string(final String name)
    {
        return single(name);
    }

    /** The first value of a parameter, however many were given (for the access token). */
    String first(final String name)
    {
        final List<String> values = parameters.get(name);
        return null == values || values.isEmpty() ? null : values.get(0);
    }

    static String clip(final String raw)
    {
        final String shown = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
        final StringBuilder safe = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++)
        {
            final char c = shown.charAt(i);
            safe.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return safe.toString();
    }
}
