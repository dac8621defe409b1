package io.tickertape.bench.jmh;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A faithful Java model of the Python telemetry bus that Tickertape replaces, as a direct port would write it: one
 * global lock around every publish, a bounded deque of 5000 events that evicts the oldest, each event a
 * {@code HashMap<String, Object>} with an ISO-8601 timestamp string made per event, and a per-type counter map.
 * Readers (the SSE loop, the events query) take the same lock and copy the whole buffer.
 */
final class SeedTelemetryModel
{
    /** The seed's default buffer size. */
    static final int MAX_BUFFER = 5000;

    private final ArrayDeque<Map<String, Object>> buffer = new ArrayDeque<>(MAX_BUFFER);
    private final Map<String, Long> eventCounts = new HashMap<>();

    /**
     * {@code publish_event(event_type, payload)}: stamp, wrap, append, evict, count, all under the lock.
     *
     * @param eventType the event's type.
     * @param payload   the event's payload.
     */
    synchronized void publish(final String eventType, final Map<String, Object> payload)
    {
        final Map<String, Object> event = new HashMap<>();
        event.put("type", eventType);
        event.put("timestamp", Instant.now().toString());
        event.put("payload", payload);
        if (buffer.size() >= MAX_BUFFER)
        {
            buffer.pollFirst();
        }
        buffer.addLast(event);
        eventCounts.merge(eventType, 1L, Long::sum);
    }

    /**
     * {@code publish_order_event(...)}: the payload dict, then {@link #publish}.
     *
     * @param orderId the order's id.
     * @param symbol  the instrument.
     * @param side    BUY or SELL.
     * @param status  the order's status.
     * @param qty     quantity.
     * @param price   price.
     */
    void publishOrderEvent(
        final String orderId, final String symbol, final String side, final String status, final long qty, final double price)
    {
        final Map<String, Object> payload = new HashMap<>();
        payload.put("order_id", orderId);
        payload.put("symbol", symbol);
        payload.put("side", side);
        payload.put("status", status);
        payload.put("qty", qty);
        payload.put("price", price);
        publish("order_event", payload);
    }

    /**
     * What each SSE poll and each events query did: a full copy of the buffer under the lock.
     *
     * @return the events held, oldest first.
     */
    synchronized List<Map<String, Object>> snapshot()
    {
        return new ArrayList<>(buffer);
    }

    /**
     * Events published so far, by type.
     *
     * @return a copy of the counters.
     */
    synchronized Map<String, Long> counts()
    {
        return new HashMap<>(eventCounts);
    }
}
