package io.tickertape.bus.journal;

import static io.tickertape.bus.journal.JournalLayout.CHECKSUM_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.END_OF_SEGMENT;
import static io.tickertape.bus.journal.JournalLayout.LENGTH_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.MAX_TYPE_LENGTH;
import static io.tickertape.bus.journal.JournalLayout.RECORD_HEADER_LENGTH;
import static io.tickertape.bus.journal.JournalLayout.SEQ_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.TYPE_LENGTH_OFFSET;

import java.util.zip.CRC32C;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reading record frames: what lies at a position of a segment, checked.
 */
final class Records
{
    /** Nothing written there yet. */
    static final int EMPTY = 0;
    /** The segment ends there; the next segment continues. */
    static final int END = -1;
    /** Bytes that are not a whole, intact record: a torn write or damage. */
    static final int CORRUPT = -2;

    private Records()
    {
    }

    /**
     * What lies at {@code position}.
     *
     * @param segment     the segment.
     * @param position    an 8-byte aligned position at or after the segment header.
     * @param previousSeq the sequence of the record before it (records' sequences increase), or 0.
     * @param crc         the caller's checksum.
     * @return the record's frame length (its length word), or {@link #EMPTY}, {@link #END} or {@link #CORRUPT}.
     */
    static int check(final Segment segment, final int position, final long previousSeq, final CRC32C crc)
    {
        final UnsafeBuffer log = segment.logBuffer;
        final int capacity = log.capacity();
        if (position + 4 > capacity)
        {
            return END;
        }
        final int length = log.getIntVolatile(position + LENGTH_OFFSET);
        if (length == 0)
        {
            return EMPTY;
        }
        if (length == END_OF_SEGMENT)
        {
            return END;
        }
        if (length < RECORD_HEADER_LENGTH || length > capacity - position)
        {
            return CORRUPT;
        }
        final int typeLength = log.getInt(position + TYPE_LENGTH_OFFSET);
        if (typeLength < 1 || typeLength > MAX_TYPE_LENGTH || RECORD_HEADER_LENGTH + typeLength > length)
        {
            return CORRUPT;
        }
        if (log.getLong(position + SEQ_OFFSET) <= previousSeq)
        {
            return CORRUPT;
        }
        final int checksum = segment.checksum(crc, position + SEQ_OFFSET, length - SEQ_OFFSET);
        return checksum == log.getInt(position + CHECKSUM_OFFSET) ? length : CORRUPT;
    }
}
