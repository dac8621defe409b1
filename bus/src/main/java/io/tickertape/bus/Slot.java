package io.tickertape.bus;

/**
 * One pre-allocated entry of a producer ring: an event between its claim on the producer thread and its
 * collection on the collector thread. The payload is a compact binary form that the collector turns into JSON.
 * <pre>
 *   Slot
 *   +-------------------+  type        EventType reference (its name and id)
 *   | type              |  timestamp   epoch nanoseconds, taken at claim
 *   | timestamp         |  length      bytes of payload in use
 *   | length            |  keyCount    names in keys[] in use
 *   | keyCount          |  truncated   true when a value did not fit and was cut
 *   | truncated         |
 *   | payload ----------+--> byte[capacity]: a sequence of values, see PayloadCodec
 *   | keys -------------+--> String[capacity / 8]: member names, in the order of the keyed values
 *   +-------------------+
 * </pre>
 * Member names are held as references to the caller's (immutable) strings rather than copied: a literal costs
 * one reference store on the producer and one cached lookup on the collector.
 */
final class Slot
{
    final byte[] payload;
    final String[] keys;
    EventType type;
    long timestamp;
    int length;
    int keyCount;
    boolean truncated;

    Slot(final int payloadCapacity)
    {
        payload = new byte[payloadCapacity];
        keys = new String[Math.max(8, payloadCapacity / 8)];
    }
}
