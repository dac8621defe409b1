package io.tickertape.transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * A WebSocket client's message: a JSON object whose members are strings or arrays of strings
 * ({@code {"op":"subscribe","event_type":["order_event"],"symbol":"RELIANCE"}}), read with jackson-core's streaming
 * parser into the shape of query parameters, so that the query's own checks apply to it.
 *
 * @param op      the operation.
 * @param members the other members, each as its list of values.
 */
record WsRequest(String op, Map<String, List<String>> members)
{
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * Read a message.
     *
     * @param text the message.
     * @return the request.
     * @throws BadRequestException saying what is wrong with it.
     */
    static WsRequest parse(final String text)
    {
        final Map<String, List<String>> members = new LinkedHashMap<>();
        String op = null;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), text))
        {
            if (JsonToken.START_OBJECT != p.nextToken())
            {
                throw new BadRequestException("a message must be a JSON object, such as {\"op\":\"subscribe\"}");
            }
            for (JsonToken t = p.nextToken(); JsonToken.END_OBJECT != t; t = p.nextToken())
            {
                final String name = p.currentName();
                final JsonToken value = p.nextToken();
                if ("op".equals(name))
                {
                    if (JsonToken.VALUE_STRING != value)
                    {
                        throw new BadRequestException("op must be a string");
                    }
                    op = p.getString();
                }
                else if (JsonToken.VALUE_STRING == value)
                {
                    members.put(name, List.of(p.getString()));
                }
                else if (JsonToken.START_ARRAY == value)
                {
                    final List<String> values = new ArrayList<>();
                    for (JsonToken v = p.nextToken(); JsonToken.END_ARRAY != v; v = p.nextToken())
                    {
                        if (JsonToken.VALUE_STRING != v)
                        {
                            throw new BadRequestException(name + " must be a string or an array of strings");
                        }
                        values.add(p.getString());
                    }
                    if (!values.isEmpty())
                    {
                        members.put(name, List.of(String.join(",", values))); // an empty array filters nothing
                    }
                }
                else
                {
                    throw new BadRequestException(name + " must be a string or an array of strings");
                }
            }
            if (null != p.nextToken())
            {
                throw new BadRequestException("unexpected content after the JSON object");
            }
        }
        catch (final JacksonException ex)
        {
            throw new BadRequestException("not JSON: " + ex.getOriginalMessage());
        }
        if (null == op)
        {
            throw new BadRequestException("a message needs an op: subscribe, unsubscribe or resume");
        }
        return new WsRequest(op, members);
    }
}
