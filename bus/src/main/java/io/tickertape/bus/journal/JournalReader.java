package io.tickertape.bus.journal;

import static io.tickertape.bus.journal.JournalLayout.INDEX_ENTRY_LENGTH;
import static io.tickertape.bus.journal.JournalLayout.INDEX_POSITION_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.INDEX_SEQ_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.INDEX_TIMESTAMP_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_FIRST_SEQ_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_HEADER_LENGTH;
import static io.tickertape.bus.journal.JournalLayout.SEQ_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.TIMESTAMP_OFFSET;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a journal by sequence or by time, from the process that writes it or from any other (a journal being
 * written is tailed safely: a record is read only once its length word is published, and only if its checksum
 * matches). One thread per reader. A read stops at a damaged record and says where
 * ({@link #lastCorruption()}); sequences missing from the journal (holes, or segments deleted by retention) show
 * as jumps in the records' sequences.
 */
public final class JournalReader implements AutoCloseable
{
    private static final long REFRESH_NANOS = 1_000_000L;

    private final Path directory;
    private final String epoch;
    private final JournalRecord record = new JournalRecord();
    private final CRC32C crc = new CRC32C();
    private final Map<Path, Segment> mapped = new HashMap<>();
    private List<Path> segments = new ArrayList<>();
    private String lastCorruption;
    private long refreshedNanos = System.nanoTime() - 2 * REFRESH_NANOS;

    private JournalReader(final Path directory, final String epoch)
    {
        this.directory = directory;
        this.epoch = epoch;
    }

    /**
     * Open the journal in a directory, read-only.
     *
     * @param directory the journal's directory.
     * @return the reader.
     * @throws JournalException if the directory holds no journal, or one of another format or layout version.
     */
    public static JournalReader open(final Path directory)
    {
        final String epoch = JournalFiles.readEpoch(directory);
        if (null == epoch)
        {
            throw new JournalException("no journal in " + directory + " (no " + JournalLayout.META_FILE + ")");
        }
        final JournalReader reader = new JournalReader(directory, epoch);
        reader.refresh();
        return reader;
    }

    /** @return the journal's epoch. */
    public String epoch()
    {
        return epoch;
    }

    /** @return the directory. */
    public Path directory()
    {
        return directory;
    }

    /** @return segment files now. */
    public int segmentCount()
    {
        refreshIfStale();
        return segments.size();
    }

    /**
     * Bytes of the segment files (and their indexes) now.
     *
     * @return bytes on the device.
     */
    public long bytes()
    {
        refreshIfStale();
        long bytes = 0;
        for (final Path log : segments)
        {
            final Segment segment = segment(log);
            if (null != segment)
            {
                bytes += segment.capacity() + (long)segment.indexCapacity() * INDEX_ENTRY_LENGTH;
            }
        }
        return bytes;
    }

    /**
     * Take in segments made or deleted, at most once a millisecond for queries (a listing of the directory costs more
     * than the binary searches a query then does; a new segment shows within a millisecond).
     */
    private void refreshIfStale()
    {
        if (System.nanoTime() - refreshedNanos > REFRESH_NANOS)
        {
            refresh();
        }
    }

    /** Take in segments made or deleted since the last look. */
    private void refresh()
    {
        refreshedNanos = System.nanoTime();
        final List<Path> now = JournalFiles.segments(directory);
        mapped.entrySet().removeIf(e ->
        {
            if (!now.contains(e.getKey()))
            {
                e.getValue().unmap();
                return true;
            }
            return false;
        });
        segments = now;
    }

    private Segment segment(final Path log)
    {
        Segment segment = mapped.get(log);
        if (null == segment)
        {
            try
            {
                segment = Segment.open(log, false);
            }
            catch (final NoSuchFileException ex)
            {
                return null; // deleted by retention meanwhile
            }
            catch (final IOException ex)
            {
                if (!Files.exists(log))
                {
                    return null; // deleted by retention meanwhile
                }
                throw new JournalException("cannot read journal segment " + log + ": " + ex, ex);
            }
            JournalFiles.checkHeader(log, segment.logBuffer, epoch);
            mapped.put(log, segment);
        }
        return segment;
    }

    /**
     * The sequence of the oldest record held.
     *
     * @return it, or 0 when the journal holds none.
     */
    public long firstSeq()
    {
        refreshIfStale();
        for (final Path log : segments)
        {
            final Segment segment = segment(log);
            if (null != segment && Records.check(segment, SEGMENT_HEADER_LENGTH, 0, crc) > 0)
            {
                return segment.logBuffer.getLong(SEGMENT_HEADER_LENGTH + SEQ_OFFSET);
            }
        }
        return 0;
    }

    /**
     * The sequence of the newest whole record.
     *
     * @return it, or 0 when the journal holds none.
     */
    public long lastSeq()
    {
        refreshIfStale();
        for (int i = segments.size() - 1; i >= 0; i--)
        {
            final Segment segment = segment(segments.get(i));
            if (null == segment)
            {
                continue;
            }
            final int start = lastIndexedPosition(segment);
            long last = 0;
            int at = start;
            int length;
            while ((length = Records.check(segment, at, last, crc)) > 0)
            {
                last = segment.logBuffer.getLong(at + SEQ_OFFSET);
                at += JournalLayout.aligned(length);
            }
            if (last > 0)
            {
                return last;
            }
        }
        return 0;
    }

    /**
     * The timestamp of the oldest record held.
     *
     * @return nanoseconds since the epoch, or 0 when the journal holds none.
     */
    public long firstTimestampNanos()
    {
        refreshIfStale();
        for (final Path log : segments)
        {
            final Segment segment = segment(log);
            if (null != segment && Records.check(segment, SEGMENT_HEADER_LENGTH, 0, crc) > 0)
            {
                return segment.logBuffer.getLong(SEGMENT_HEADER_LENGTH + TIMESTAMP_OFFSET);
            }
        }
        return 0;
    }

    private static int indexEntries(final Segment segment)
    {
        final UnsafeBuffer index = segment.indexBuffer;
        int low = 0;
        int high = index.capacity() / INDEX_ENTRY_LENGTH;
        while (low < high) // entries are written in order: find the first without a sequence
        {
            final int mid = (low + high) >>> 1;
            if (index.getLongVolatile(mid * INDEX_ENTRY_LENGTH + INDEX_SEQ_OFFSET) > 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    private static int lastIndexedPosition(final Segment segment)
    {
        final int entries = indexEntries(segment);
        return entries == 0 ? SEGMENT_HEADER_LENGTH :
            (int)segment.indexBuffer.getLong((entries - 1) * INDEX_ENTRY_LENGTH + INDEX_POSITION_OFFSET);
    }

    /** The position of the last index entry whose sequence is at most {@code seq}, or the first record's. */
    private static int positionBefore(final Segment segment, final long seq)
    {
        final UnsafeBuffer index = segment.indexBuffer;
        int low = 0;
        int high = indexEntries(segment) - 1;
        int found = -1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (index.getLong(mid * INDEX_ENTRY_LENGTH + INDEX_SEQ_OFFSET) <= seq)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return found < 0 ? SEGMENT_HEADER_LENGTH : (int)index.getLong(found * INDEX_ENTRY_LENGTH + INDEX_POSITION_OFFSET);
    }

    /**
     * The sequence from which records have timestamps at or after {@code epochNanos}: a binary search over the
     * segments and their time indexes, then a scan of at most one index interval. Timestamps are the events'
     * publish times, so records of different producers may be slightly out of order; like Kafka's time index, this
     * finds the first record at or after the point where the journal's timestamps reach the time.
     *
     * @param epochNanos a time, nanoseconds since the epoch.
     * @return the sequence, or {@code lastSeq() + 1} when no record is that recent.
     */
    public long seqAtOrAfter(final long epochNanos)
    {
        refreshIfStale();
        int low = 0;
        int high = segments.size() - 1;
        int chosen = 0;
        while (low <= high) // the last segment whose first record is not after the time
        {
            final int mid = (low + high) >>> 1;
            final Segment segment = segment(segments.get(mid));
            final long first = null == segment || Records.check(segment, SEGMENT_HEADER_LENGTH, 0, crc) <= 0 ?
                Long.MAX_VALUE : segment.logBuffer.getLong(SEGMENT_HEADER_LENGTH + TIMESTAMP_OFFSET);
            if (first <= epochNanos)
            {
                chosen = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        for (int s = chosen; s < segments.size(); s++)
        {
            final Segment segment = segment(segments.get(s));
            if (null == segment)
            {
                continue;
            }
            final UnsafeBuffer index = segment.indexBuffer;
            int lo = 0;
            int hi = indexEntries(segment) - 1;
            int before = -1;
            while (lo <= hi) // the last entry whose maximum timestamp so far is before the time
            {
                final int mid = (lo + hi) >>> 1;
                if (index.getLong(mid * INDEX_ENTRY_LENGTH + INDEX_TIMESTAMP_OFFSET) < epochNanos)
                {
                    before = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }
            int at = before < 0 ? SEGMENT_HEADER_LENGTH : (int)index.getLong(before * INDEX_ENTRY_LENGTH + INDEX_POSITION_OFFSET);
            long last = 0;
            int length;
            while ((length = Records.check(segment, at, last, crc)) > 0)
            {
                last = segment.logBuffer.getLong(at + SEQ_OFFSET);
                if (segment.logBuffer.getLong(at + TIMESTAMP_OFFSET) >= epochNanos)
                {
                    return last;
                }
                at += JournalLayout.aligned(length);
            }
        }
        return lastSeq() + 1;
    }

    /**
     * Deliver the records from sequence {@code fromSeq} on, in order, until {@code limit} records, the newest whole
     * record, a damaged record, or the handler says stop.
     *
     * @param fromSeq the first sequence wanted; earlier than the oldest held: from the oldest.
     * @param limit   most records to deliver.
     * @param handler receives each record.
     * @return records delivered.
     */
    public int read(final long fromSeq, final int limit, final JournalHandler handler)
    {
        lastCorruption = null;
        if (segments.isEmpty() || fromSeq > lastKnownFirstSeq())
        {
            refresh();
        }
        int s = holding(fromSeq);
        int delivered = 0;
        boolean first = true;
        long next = fromSeq;
        int moved = 0;
        while (s < segments.size() && delivered < limit)
        {
            final Path log = segments.get(s);
            final Segment segment = segment(log);
            if (null == segment)
            {
                if (moved++ < 3)
                {
                    // Named (a started segment gets its name) or deleted meanwhile: look again, and go on from the
                    // next sequence wanted in the segment that holds it now.
                    refresh();
                    s = holding(next);
                    first = true;
                }
                else
                {
                    s++;
                }
                continue;
            }
            final UnsafeBuffer buffer = segment.logBuffer;
            int at = first ? positionBefore(segment, next) : SEGMENT_HEADER_LENGTH;
            first = false;
            long last = 0;
            while (delivered < limit)
            {
                final int length = Records.check(segment, at, last, crc);
                if (length == Records.EMPTY)
                {
                    if (s + 1 < segments.size())
                    {
                        break; // the writer went on to a later segment without marking this one's end (a failed write)
                    }
                    return delivered; // caught up with the writer
                }
                if (length == Records.END)
                {
                    break;
                }
                if (length == Records.CORRUPT)
                {
                    lastCorruption = "damaged record in " + log + " at byte " + at + " (after sequence " + last + ")";
                    return delivered;
                }
                last = buffer.getLong(at + SEQ_OFFSET);
                if (last >= next)
                {
                    next = last + 1;
                    record.wrap(buffer, at, length);
                    delivered++;
                    if (!handler.onRecord(record))
                    {
                        return delivered;
                    }
                }
                at += JournalLayout.aligned(length);
            }
            s++;
            if (s == segments.size())
            {
                // The writer may have started a new segment since, and retention deleted old ones: go on with the
                // first segment after the one just read, found again in the new list.
                final long readFirstSeq = buffer.getLong(SEGMENT_FIRST_SEQ_OFFSET);
                refresh();
                s = 0;
                while (s < segments.size() && JournalFiles.firstSeq(segments.get(s)) <= readFirstSeq)
                {
                    s++;
                }
            }
        }
        return delivered;
    }

    /** @return the index of the segment that would hold {@code seq}: the newest starting at or before it; 0 if none. */
    private int holding(final long seq)
    {
        for (int i = segments.size() - 1; i >= 0; i--)
        {
            if (JournalFiles.firstSeq(segments.get(i)) <= seq)
            {
                return i;
            }
        }
        return 0;
    }

    private long lastKnownFirstSeq()
    {
        return JournalFiles.firstSeq(segments.get(segments.size() - 1));
    }

    /**
     * Where the last read stopped at a damaged record.
     *
     * @return the segment file, byte position and last good sequence, or null when the last read met none.
     */
    public String lastCorruption()
    {
        return lastCorruption;
    }

    /**
     * Check every record of every segment: lengths, checksums, increasing sequences, segment headers.
     *
     * @return null if all are whole, else the first damaged record's segment file and position.
     */
    public String verify()
    {
        refresh();
        long previous = 0;
        for (final Path log : segments)
        {
            final Segment segment;
            try
            {
                segment = segment(log);
            }
            catch (final JournalException ex)
            {
                return ex.getMessage();
            }
            if (null == segment)
            {
                continue;
            }
            final long firstSeq = segment.logBuffer.getLong(SEGMENT_FIRST_SEQ_OFFSET);
            if (firstSeq != JournalFiles.firstSeq(log))
            {
                return log + ": its header says it starts at sequence " + firstSeq;
            }
            int at = SEGMENT_HEADER_LENGTH;
            while (true)
            {
                final int length = Records.check(segment, at, previous, crc);
                if (length == Records.CORRUPT)
                {
                    return "damaged record in " + log + " at byte " + at + " (after sequence " + previous + ")";
                }
                if (length <= 0)
                {
                    break;
                }
                previous = segment.logBuffer.getLong(at + SEQ_OFFSET);
                at += JournalLayout.aligned(length);
            }
        }
        return null;
    }

    @Override
    public void close()
    {
        mapped.values().forEach(Segment::unmap);
        mapped.clear();
    }
}
