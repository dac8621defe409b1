package io.tickertape.bus;

/**
 * Where an event lives between its claim on the producer thread and its collection: a slot of fixed size in one
 * contiguous byte array per producer ring, at {@code (sequence & (ringSize - 1)) * stride}. The Disruptor ring
 * orders and gates the slots; its entries are not used.
 * <pre>
 *   0       8        12      14  15  16
 *   +-------+--------+-------+---+---+---------------------------------------+ ... up to the stride
 *   | time  | length | type  | T | . | payload: values, see PayloadCodec      |
 *   +-------+--------+-------+---+---+---------------------------------------+
 *   time    epoch nanoseconds, taken at claim (little-endian long)
 *   length  payload bytes in use (little-endian int), written at commit
 *   type    EventType id (little-endian unsigned short), written at claim
 *   T       1 when a value did not fit and the payload was cut, written at commit
 * </pre>
 * The stride is the header plus the slot capacity, rounded up to a multiple of 64, so that every slot starts at the
 * same place in a cache line. The JVM does not start an array's data on a line boundary (16 bytes in, for a large
 * array under G1 with compressed class pointers), so a slot's first line also holds the previous slot's last 16
 * bytes, which only a payload that fills its slot or a relay's origin sequence reaches; starting slot 0 on a line
 * boundary measured no faster. A publish touches only its own slot's lines, in one place, where one object per slot
 * with a payload array and a name array beside it cost three or four scattered lines.
 * <p>
 * A relay's slots (see {@link Origin}) are 8 bytes longer, rounded the same way, and their last 8 bytes hold the
 * event's sequence on its origin's bus (little-endian long, written at claim).
 */
final class SlotLayout
{
    static final int TIMESTAMP_OFFSET = 0;
    static final int LENGTH_OFFSET = 8;
    static final int TYPE_OFFSET = 12;
    static final int TRUNCATED_OFFSET = 14;
    static final int HEADER_LENGTH = 16;
    static final int CACHE_LINE = 64;
    /** Bytes at the end of a relay's slot for the origin's sequence. */
    static final int ORIGIN_SEQ_LENGTH = 8;

    private SlotLayout()
    {
    }

    /**
     * Bytes from one slot to the next.
     *
     * @param payloadCapacity payload bytes per slot.
     * @return the header plus the payload, rounded up to a whole number of cache lines.
     */
    static int stride(final int payloadCapacity)
    {
        return (HEADER_LENGTH + payloadCapacity + CACHE_LINE - 1) & -CACHE_LINE;
    }

    /**
     * The most slots a ring may have with this capacity: the slots must fit in one Java array.
     *
     * @param payloadCapacity payload bytes per slot.
     * @return the largest power of two of slots whose bytes fit in an array.
     */
    static int maxRingSize(final int payloadCapacity)
    {
        final long slots = (Integer.MAX_VALUE - 64L) / stride(payloadCapacity);
        return Integer.highestOneBit((int)Math.min(slots, 1 << 24));
    }
}
