package io.tickertape.bus.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON read into maps (insertion-ordered), lists, strings, {@code Long}s, {@code Double}s, booleans and null, with
 * jackson-core's streaming parser, for rule files. Strict about
 * duplicate names, so a rule cannot say two things at once.
 */
final class JsonValues
{
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private JsonValues()
    {
    }

    /**
     * Read one JSON document.
     *
     * @param text the document.
     * @return its value.
     * @throws tools.jackson.core.JacksonException when it is not JSON, with the line and column.
     */
    static Object read(final String text)
    {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), text))
        {
            final Object value = value(p, p.nextToken());
            if (null != p.nextToken())
            {
                throw new IllegalArgumentException("unexpected content after the JSON document at line " +
                    p.currentTokenLocation().getLineNr());
            }
            return value;
        }
    }

    private static Object value(final JsonParser p, final JsonToken token)
    {
        if (null == token)
        {
            throw new IllegalArgumentException("no JSON document");
        }
        switch (token)
        {
            case START_OBJECT:
                final Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken())
                {
                    final String name = p.currentName();
                    object.put(name, value(p, p.nextToken()));
                }
                return object;
            case START_ARRAY:
                final List<Object> array = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken())
                {
                    array.add(value(p, t));
                }
                return array;
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
                throw new IllegalArgumentException("unexpected JSON token " + token);
        }
    }
}
