package io.tickertape.bus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads JSON into maps, lists and scalars for assertions; strict, so invalid JSON fails the test. Shared with the
 * other modules' tests through this module's test jar.
 */
public final class Json
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json()
    {
    }

    @SuppressWarnings("unchecked")
    /**
     * Parse a JSON object.
     *
     * @param json the text.
     * @return the object's members, in order.
     */
    public static Map<String, Object> object(final String json)
    {
        return (Map<String, Object>)parse(json);
    }

    /**
     * Parse any JSON value.
     *
     * @param json the text.
     * @return maps, lists, strings, longs, doubles, booleans and nulls.
     */
    public static Object parse(final String json)
    {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), json))
        {
            final Object value = read(p, p.nextToken());
            if (null != p.nextToken())
            {
                throw new IllegalArgumentException("trailing content after JSON value: " + json);
            }
            return value;
        }
    }

    private static Object read(final JsonParser p, final JsonToken token)
    {
        switch (token)
        {
            case START_OBJECT:
                final Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken())
                {
                    final String name = p.currentName();
                    map.put(name, read(p, p.nextToken()));
                }
                return map;
            case START_ARRAY:
                final List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken())
                {
                    list.add(read(p, t));
                }
                return list;
            case VALUE_STRING:
                return p.getString();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected token " + token);
        }
    }
}
