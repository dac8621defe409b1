package io.tickertape.bus;

/**
 * Where an event lives between its claim on the producer thread and its collection: a record in one contiguous byte
 * array per producer ring. Records are packed: each starts where the previous one's bytes end, rounded up to 8, so
 * that a burst of small events writes consecutive cache lines rather than one or two lines in every slot's width.
 * The Disruptor ring orders and gates the records by count; its entries are not used.
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
 * A record may take up to the stride: the header plus the slot capacity, rounded up to a multiple of 64. The array
 * holds one stride more than the ring has slots, and a record starts at 0 when one of the largest size would not fit
 * before the array's end ({@link #next}). That lets the count alone gate the bytes: at most {@code ringSize} records
 * are in flight, the one being claimed included, each at most a stride, with at most one gap of less than a stride
 * where the producer went back to 0; together they span less than the array, so a claim never reaches a record the
 * collector has not read. The producer and the collector each follow the records' places with {@link #next}, from
 * the same header (the producer once it has written it at commit), so no offset is passed.
 * <p>
 * Why packed: a burst of order events (about 90 bytes each) into fixed slots 576 bytes apart measured 2.4 times the
 * text-copying Disruptor floor, and 1.0 times it into slots 128 bytes apart in a ring of about the same memory (36 and
 * 32 MiB; docs/BENCHMARKS.md). Packing gives the second cost without cutting the capacity large events need.
 * <p>
 * A relay's records (see {@link Origin}) are 8 bytes longer, rounded the same way, and always take the whole stride:
 * their last 8 bytes hold the event's sequence on its origin's bus (little-endian long), written at claim, before the
 * payload's length is known.
 */
final class SlotLayout
{
    static final int TIMESTAMP_OFFSET = 0;
    static final int LENGTH_OFFSET = 8;
    static final int TYPE_OFFSET = 12;
    static final int TRUNCATED_OFFSET = 14;
    static final int HEADER_LENGTH = 16;
    static final int CACHE_LINE = 64;
    /** Records start on multiples of 8, so that the header's timestamp is an aligned long. */
    static final int RECORD_ALIGNMENT = 8;
    /** Bytes at the end of a relay's slot for the origin's sequence. */
    static final int ORIGIN_SEQ_LENGTH = 8;

    private SlotLayout()
    {
    }

    /**
     * The most bytes one record may take: the header and a full payload (a ring's array holds one more of these
     * than the ring has slots).
     *
     * @param payloadCapacity payload bytes per slot.
     * @return the header plus the payload, rounded up to a whole number of cache lines.
     */
    static int stride(final int payloadCapacity)
    {
        return (HEADER_LENGTH + payloadCapacity + CACHE_LINE - 1) & -CACHE_LINE;
    }

    /**
     * The bytes of a ring's array: one stride more than the ring's slots, which is what lets a ring of
     * {@code ringSize} events hold any {@code ringSize} events, of any lengths, packed (see the class comment).
     *
     * @param ringSize the ring's slots, a power of two.
     * @param stride   the largest a record may be, from {@link #stride(int)}.
     * @return the array's length.
     */
    static int arenaLength(final int ringSize, final int stride)
    {
        return Math.multiplyExact(ringSize + 1, stride);
    }

    /**
     * Where the record after the one at {@code slot} starts: right after its bytes (its header and the payload length
     * in the header; a relay's record, the whole stride), rounded up to 8, or at 0 when a record of the largest size
     * would not fit before the end of the array. The producer (after writing the header at commit) and the collector
     * both call it on the same header, so that they agree on every record's place without passing it.
     *
     * @param slots       the ring's array.
     * @param slot        where the record starts.
     * @param relay       whether the ring is a relay's, whose records always take the stride.
     * @param stride      the largest a record may be.
     * @param arenaLength the array's length, from {@link #arenaLength(int, int)}.
     * @return where the next record starts.
     */
    static int next(final byte[] slots, final int slot, final boolean relay, final int stride, final int arenaLength)
    {
        final int recordBytes = relay ? stride : HEADER_LENGTH + PayloadCodec.getInt(slots, slot + LENGTH_OFFSET);
        final int next = slot + ((recordBytes + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT);
        return next > arenaLength - stride ? 0 : next;
    }

    /**
     * The most slots a ring may have with this capacity: the ring's bytes must fit in one Java array.
     *
     * @param payloadCapacity payload bytes per slot.
     * @return the largest power of two of slots whose bytes fit in an array.
     */
    static int maxRingSize(final int payloadCapacity)
    {
        final int stride = stride(payloadCapacity);
        final long slots = (Integer.MAX_VALUE - 64L - stride) / stride;
        return Integer.highestOneBit((int)Math.min(slots, 1 << 24));
    }
}
