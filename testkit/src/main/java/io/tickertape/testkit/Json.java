package io.tickertape.testkit;

import java.util.List;
import java.util.Map;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSON into maps, lists and scalars for assertions. Strict, so output that is not valid JSON fails the test:
 * a duplicate key, trailing content, {@code NaN}, a leading zero or an unquoted name is an error, not a value.
 * Objects keep their members' order; integers are {@link Long}s (a {@link java.math.BigInteger} past its range),
 * other numbers {@link Double}s.
 */
public final class Json
{
    private static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.USE_LONG_FOR_INTS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    private Json()
    {
    }

    /**
     * Parse a JSON object.
     *
     * @param json the text.
     * @return the object's members, in order.
     * @throws IllegalArgumentException if the text is not one valid JSON object.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(final String json)
    {
        final Object value = parse(json);
        if (!(value instanceof Map))
        {
            throw new IllegalArgumentException("not a JSON object: " + json);
        }
        return (Map<String, Object>)value;
    }

    /**
     * Parse a JSON array.
     *
     * @param json the text.
     * @return the array's values, in order.
     * @throws IllegalArgumentException if the text is not one valid JSON array.
     */
    @SuppressWarnings("unchecked")
    public static List<Object> array(final String json)
    {
        final Object value = parse(json);
        if (!(value instanceof List))
        {
            throw new IllegalArgumentException("not a JSON array: " + json);
        }
        return (List<Object>)value;
    }

    /**
     * Parse any JSON value.
     *
     * @param json the text.
     * @return maps, lists, strings, longs, doubles, booleans and nulls.
     * @throws IllegalArgumentException if the text is not one valid JSON value.
     */
    public static Object parse(final String json)
    {
        try
        {
            return MAPPER.readValue(json, Object.class);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("invalid JSON (" + ex.getMessage() + "): " + json, ex);
        }
    }
}
