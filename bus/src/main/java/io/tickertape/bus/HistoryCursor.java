package io.tickertape.bus;

/**
 * One reader's position in a {@link HistoryRing}: a live subscriber drains from it, at its own pace, with no
 * queue of its own. When the writer has overwritten records the cursor had not read yet, the cursor reports a gap
 * and goes on from the oldest record still held; it never slows the writer.
 * <p>
 * Not thread-safe: a cursor belongs to one reader (for example one SSE connection's event loop).
 */
public final class HistoryCursor
{
    private final HistoryRing ring;
    private final EventFilter filter;
    private final HistoryRecord record;
    private long next;
    private long lastDelivered;

    HistoryCursor(final HistoryRing ring, final EventFilter filter, final long next)
    {
        this.ring = ring;
        this.filter = filter;
        this.record = new HistoryRecord(ring);
        this.next = next;
        this.lastDelivered = next - 1;
    }

    /**
     * Read forward from the cursor, handing matching records and gaps to the handler, until the head is reached,
     * {@code limit} records were examined, or the handler returns false. A record the handler refused is not
     * consumed: the next poll starts with it again.
     *
     * @param handler receives records and gaps.
     * @param limit   most records to examine in this call.
     * @return records examined (matching or not), 0 when there was nothing new.
     */
    public int poll(final CursorHandler handler, final int limit)
    {
        int examined = 0;
        while (examined < limit)
        {
            final long tail = ring.tail();
            if (next < tail)
            {
                final long from = next;
                next = tail;
                handler.onGap(from, tail - 1);
                continue;
            }
            final ReadResult result = ring.read(next, filter, record);
            if (result == ReadResult.NOT_AVAILABLE)
            {
                break;
            }
            if (result == ReadResult.LAPPED)
            {
                examined++;
                continue; // the writer published a newer tail before overwriting; the next turn reports the gap
            }
            examined++;
            if (result == ReadResult.OK && filter.matches(record))
            {
                if (!handler.onRecord(record))
                {
                    break;
                }
                lastDelivered = next;
            }
            next++;
        }
        return examined;
    }

    /**
     * Whether records are waiting past the cursor.
     *
     * @return true if the head is beyond the cursor.
     */
    public boolean hasMore()
    {
        return ring.head() >= next;
    }

    /**
     * The next sequence this cursor will read.
     *
     * @return the sequence.
     */
    public long nextSeq()
    {
        return next;
    }

    /**
     * The position the cursor has passed: every record up to it was delivered, or did not pass the filter, or was
     * reported in a gap. A reader that resumes after it misses nothing the cursor would have delivered.
     *
     * @return the sequence; the position the cursor was created after until it moves.
     */
    public long passedSeq()
    {
        return next - 1;
    }

    /**
     * The sequence of the last record handed to the handler (or the position the cursor was created after).
     *
     * @return the sequence.
     */
    public long lastDeliveredSeq()
    {
        return lastDelivered;
    }

    /**
     * How far behind the head this cursor is.
     *
     * @return records between the cursor and the head.
     */
    public long lag()
    {
        return Math.max(0, ring.head() - next + 1);
    }

    /**
     * The filter this cursor applies.
     *
     * @return the filter.
     */
    public EventFilter filter()
    {
        return filter;
    }
}
