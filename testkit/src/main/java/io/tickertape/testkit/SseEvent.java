package io.tickertape.testkit;

import java.util.Map;

/**
 * One dispatched Server-Sent Event as a client sees it.
 *
 * @param type          the event name, {@code message} for an unnamed event (what {@code onmessage} receives).
 * @param id            the last event id when it was dispatched (ids persist until a frame sets another), or null.
 * @param data          the data lines, joined with LF.
 * @param receivedNanos {@link System#nanoTime()} when it was dispatched.
 */
public record SseEvent(String type, String id, String data, long receivedNanos)
{
    /** The name an unnamed event is dispatched under. */
    public static final String MESSAGE = "message";

    /**
     * The data read as a JSON object, strictly.
     *
     * @return the object's members, in order.
     */
    public Map<String, Object> json()
    {
        return Json.object(data);
    }

    /**
     * The sequence the id names: the whole id if it is a bare number, else what follows its last dash.
     *
     * @return the sequence number.
     */
    public long seq()
    {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }
}
