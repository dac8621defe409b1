package io.tickertape.transport;

import java.util.Map;

import io.tickertape.testkit.Json;

/**
 * One frame as an SSE client outside the JVM (the npm {@code eventsource} package, a browser's EventSource) dispatched
 * it to its listeners, or a change of its connection's state ({@code open}, {@code error}).
 *
 * @param type the event's name ({@code message} for an unnamed event), or {@code open} or {@code error}.
 * @param id   the event's {@code lastEventId} as the client gave it, or null for a state change.
 * @param data the event's data, or null for a state change.
 */
record Frame(String type, String id, String data)
{
    /** The name an unnamed frame (an event of the history) is dispatched under. */
    static final String MESSAGE = "message";

    /**
     * A frame from what a client recorded: a JSON object, or a map, with {@code type} and, for events, {@code id}
     * and {@code data}.
     */
    static Frame of(final Map<?, ?> recorded)
    {
        return new Frame((String)recorded.get("type"), (String)recorded.get("id"), (String)recorded.get("data"));
    }

    /** Whether this is a frame of the stream, not a change of the connection's state. */
    boolean isStreamFrame()
    {
        return null != data;
    }

    /** The data as a JSON object. */
    Map<String, Object> json()
    {
        return Json.object(data);
    }

    /** The data's {@code payload} object. */
    @SuppressWarnings("unchecked")
    Map<String, Object> payload()
    {
        return (Map<String, Object>)json().get("payload");
    }

    /** The epoch part of the id ({@code <epoch>-<seq>}), empty if the id has none. */
    String epoch()
    {
        final int dash = null == id ? -1 : id.lastIndexOf('-');
        return dash < 0 ? "" : id.substring(0, dash);
    }

    /** The sequence part of the id. */
    long seq()
    {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }
}
