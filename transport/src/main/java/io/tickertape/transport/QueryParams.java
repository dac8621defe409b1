package io.tickertape.transport;

import java.util.List;
import java.util.Map;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
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

    private static final AttributeKey<QueryParams> CURRENT = AttributeKey.valueOf(QueryParams.class, "current");

    private final String path;
    private final Map<String, List<String>> parameters;

    private QueryParams(final String path, final Map<String, List<String>> parameters)
    {
        this.path = path;
        this.parameters = parameters;
    }

    static QueryParams parse(final String uri)
    {
        try
        {
            final QueryStringDecoder decoder = new QueryStringDecoder(uri);
            return new QueryParams(decoder.path(), decoder.parameters());
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
     * The {@code event_type} filter: comma-separated names, possibly repeated; none means all types.
     */
    TypeFilter typeFilter()
    {
        final List<String> values = parameters.get("event_type");
        if (null == values || values.isEmpty())
        {
            return TypeFilter.ALL;
        }
        final TypeFilter filter = TypeFilter.parse(String.join(",", values));
        if (filter.names().size() > MAX_TYPES_IN_FILTER)
        {
            throw new BadRequestException("event_type lists more than " + MAX_TYPES_IN_FILTER + " types");
        }
        return filter;
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
