package io.tickertape.bus.journal;

import static io.tickertape.bus.journal.JournalLayout.CHECKSUM_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.END_OF_SEGMENT;
import static io.tickertape.bus.journal.JournalLayout.INDEX_ENTRY_LENGTH;
import static io.tickertape.bus.journal.JournalLayout.INDEX_POSITION_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.INDEX_SEQ_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.INDEX_TIMESTAMP_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.LENGTH_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.RECORD_HEADER_LENGTH;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_FIRST_SEQ_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_HEADER_LENGTH;
import static io.tickertape.bus.journal.JournalLayout.SEQ_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.TIMESTAMP_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.TYPE_LENGTH_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.TYPE_OFFSET;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

import io.tickertape.bus.EventType;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Appends collected events to a journal: a directory of preallocated, memory-mapped segment files (layout in
 * {@code docs/JOURNAL.md}). One thread appends (a bus's journal appender, which follows the history, so the
 * collector never waits for the device); appending copies the record into the mapped segment, checksums it and
 * publishes its length word last. It takes no lock and allocates nothing; a store into a page of the file can wait
 * for the kernel (a page fault, a page under write-back), which is why it is not the collector's thread. Segments are
 * made ahead of need, renamed, forced to the device and deleted by retention on a thread of the journal's own
 * ({@link SegmentJanitor}).
 * <p>
 * When no segment is ready as one fills up (the device is slower than the events, or full), or an event is too
 * large for a segment, the event is not journaled: it is counted as a hole, logged once, and the sequence in the
 * journal jumps, which is how a reader sees it. Appending never throws.
 * <p>
 * Opening an existing journal recovers it: a record cut short by a crash (its checksum does not match) and
 * anything after it are cleared, and {@link #lastSeq()} is the last whole record's sequence, so the bus continues
 * the epoch and the sequence from there.
 */
public final class JournalWriter implements AutoCloseable
{
    private static final VarHandle APPENDED;
    private static final VarHandle HOLES;
    private static final VarHandle LAST_SEQ;
    private static final VarHandle LAST_TIMESTAMP;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            APPENDED = lookup.findVarHandle(JournalWriter.class, "appended", long.class);
            HOLES = lookup.findVarHandle(JournalWriter.class, "holes", long.class);
            LAST_SEQ = lookup.findVarHandle(JournalWriter.class, "lastSeq", long.class);
            LAST_TIMESTAMP = lookup.findVarHandle(JournalWriter.class, "lastTimestampNanos", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final JournalContext context;
    private final String epoch;
    private final ErrorHandler errors;
    private final SegmentJanitor janitor;
    private final byte[][] typeNames = new byte[EventType.MAX_TYPES][];
    private final int indexInterval;
    private final CRC32C crc = new CRC32C();
    private final byte[] scratchBytes = new byte[24];
    private final UnsafeBuffer scratch = new UnsafeBuffer(scratchBytes);

    private Segment active;
    private UnsafeBuffer log;
    private UnsafeBuffer index;
    private int position;
    private int lastIndexedPosition;
    private int indexEntries;
    private long maxTimestamp;
    private boolean holeReported;

    private long appended;
    private long holes;
    private long lastSeq;
    private long lastTimestampNanos;

    private JournalWriter(final JournalContext context, final String epoch, final ErrorHandler errors)
    {
        this.context = context;
        this.epoch = epoch;
        this.errors = errors;
        this.indexInterval = context.indexIntervalBytes();
        this.janitor = new SegmentJanitor(context, epoch, errors);
    }

    /**
     * Open the journal in the context's directory, creating it (with {@code epochIfNew}) when the directory has
     * none, recovering it otherwise, and start its janitor thread.
     *
     * @param context    the journal's options; concluded here.
     * @param epochIfNew the epoch of a new journal; an existing journal keeps its own.
     * @param errors     told of write failures and holes, each kind once.
     * @return the open journal.
     * @throws JournalException naming the path, when the directory cannot be made or written, holds files of another
     *                          format or layout version, or a segment of another journal.
     */
    public static JournalWriter open(final JournalContext context, final String epochIfNew, final ErrorHandler errors)
    {
        context.conclude();
        final Path directory = context.directory();
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot make journal directory " + directory + ": " + ex, ex);
        }
        if (!Files.isDirectory(directory) || !Files.isWritable(directory))
        {
            throw new JournalException("journal directory " + directory + " is not a writable directory");
        }
        try
        {
            Files.deleteIfExists(directory.resolve(JournalLayout.META_FILE + JournalFiles.TEMPORARY_SUFFIX));
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot clean journal directory " + directory + ": " + ex, ex);
        }
        String epoch = JournalFiles.readEpoch(directory);
        if (null == epoch)
        {
            final List<String> foreign = JournalFiles.foreignFiles(directory);
            if (!foreign.isEmpty() || !JournalFiles.segments(directory).isEmpty())
            {
                throw new JournalException("journal directory " + directory + " holds files that are not a Tickertape journal " +
                    "(" + (foreign.isEmpty() ? "segments without metadata" : foreign.get(0)) + "): use an empty or new directory");
            }
            JournalFiles.writeMeta(directory, epochIfNew, System.currentTimeMillis());
            epoch = epochIfNew;
        }
        final JournalWriter writer = new JournalWriter(context, epoch, errors);
        writer.recover();
        // The first event must not wait for the janitor: the next segment is made before the writer is handed out.
        if (!writer.janitor.prepareNow())
        {
            throw new JournalException("cannot make a journal segment in " + directory + " (see the error logged before)");
        }
        writer.janitor.start();
        return writer;
    }

    private void recover()
    {
        janitor.recoverPrepared();
        final List<Path> segments = JournalFiles.segments(context.directory());
        for (final Path file : segments)
        {
            JournalFiles.checkHeader(file, epoch);
        }
        if (segments.isEmpty())
        {
            return;
        }
        final Path last = segments.get(segments.size() - 1);
        final Segment segment;
        try
        {
            segment = Segment.open(last, true);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot open journal segment " + last + ": " + ex, ex);
        }
        final UnsafeBuffer buffer = segment.logBuffer;
        final long firstSeq = buffer.getLong(SEGMENT_FIRST_SEQ_OFFSET);
        long seq = firstSeq - 1;
        long timestamp = 0;
        int at = SEGMENT_HEADER_LENGTH;
        int entries = 0;
        int indexedAt = 0;
        long maxTs = 0;
        boolean ended = false;
        boolean cut = false;
        segment.indexBuffer.setMemory(0, segment.indexBuffer.capacity(), (byte)0);
        while (true)
        {
            final int length = Records.check(segment, at, seq, crc);
            if (length == Records.END)
            {
                ended = true;
                break;
            }
            if (length <= 0)
            {
                if (length == Records.CORRUPT)
                {
                    // A record cut short by a crash (or damaged): it and everything after it are cleared.
                    buffer.setMemory(at, buffer.capacity() - at, (byte)0);
                    cut = true;
                }
                break;
            }
            seq = buffer.getLong(at + SEQ_OFFSET);
            timestamp = buffer.getLong(at + TIMESTAMP_OFFSET);
            maxTs = Math.max(maxTs, timestamp);
            if (entries == 0 || at - indexedAt >= indexInterval)
            {
                writeIndexEntry(segment.indexBuffer, entries++, maxTs, seq, at);
                indexedAt = at;
            }
            at += JournalLayout.aligned(length);
        }
        lastSeq = Math.max(0, seq);
        lastTimestampNanos = timestamp;
        if (ended)
        {
            segment.unmap();
            return;
        }
        active = segment;
        log = buffer;
        index = segment.indexBuffer;
        position = at;
        segment.written(cut ? buffer.capacity() : at); // a cut tail was zeroed: the next force writes that too
        indexEntries = entries;
        lastIndexedPosition = indexedAt;
        maxTimestamp = maxTs;
        janitor.adopt(segment);
    }

    private static void writeIndexEntry(final UnsafeBuffer index, final int entry, final long timestamp, final long seq, final int position)
    {
        final int at = entry * INDEX_ENTRY_LENGTH;
        if (at + INDEX_ENTRY_LENGTH > index.capacity())
        {
            return;
        }
        index.putLong(at + INDEX_TIMESTAMP_OFFSET, timestamp);
        index.putLong(at + INDEX_POSITION_OFFSET, position);
        index.putLongOrdered(at + INDEX_SEQ_OFFSET, seq); // last: a reader takes an entry with a sequence as whole
    }

    /**
     * Append one collected event. Only the appending thread may call this.
     *
     * @param seq            its sequence, greater than the last appended.
     * @param timestampNanos its timestamp, nanoseconds since the epoch.
     * @param typeId         its type's id in this process.
     * @param src            the bytes of its JSON.
     * @param offset         where the JSON starts.
     * @param length         JSON bytes.
     * @return true if it is in the journal; false if it is a hole.
     */
    public boolean append(final long seq, final long timestampNanos, final int typeId, final byte[] src, final int offset, final int length)
    {
        final byte[] type = typeName(typeId);
        final int frame = RECORD_HEADER_LENGTH + type.length + length;
        final int padded = JournalLayout.aligned(frame);
        if (null == log || position + padded > log.capacity())
        {
            if (SEGMENT_HEADER_LENGTH + padded > context.segmentBytes() || !roll(seq))
            {
                hole(seq);
                return false;
            }
        }
        final UnsafeBuffer log = this.log;
        final int at = position;
        log.putLong(at + SEQ_OFFSET, seq);
        log.putLong(at + TIMESTAMP_OFFSET, timestampNanos);
        log.putInt(at + TYPE_LENGTH_OFFSET, type.length);
        log.putBytes(at + TYPE_OFFSET, type);
        log.putBytes(at + TYPE_OFFSET + type.length, src, offset, length);
        // The checksum covers the frame from seq on, computed from the caller's bytes (CRC32C is an intrinsic over
        // heap arrays; Agrona's Crc32c would need java.util.zip opened to it).
        scratch.putLong(0, seq);
        scratch.putLong(8, timestampNanos);
        scratch.putInt(16, type.length);
        crc.reset();
        crc.update(scratchBytes, 0, 20);
        crc.update(type, 0, type.length);
        crc.update(src, offset, length);
        log.putInt(at + CHECKSUM_OFFSET, (int)crc.getValue());
        log.putIntOrdered(at + LENGTH_OFFSET, frame);

        maxTimestamp = Math.max(maxTimestamp, timestampNanos);
        if (indexEntries == 0 || at - lastIndexedPosition >= indexInterval)
        {
            writeIndexEntry(index, indexEntries++, maxTimestamp, seq, at);
            lastIndexedPosition = at;
        }
        position = at + padded;
        active.written(position);
        APPENDED.setRelease(this, appended + 1);
        LAST_SEQ.setRelease(this, seq);
        LAST_TIMESTAMP.setRelease(this, timestampNanos);
        return true;
    }

    private boolean roll(final long firstSeq)
    {
        if (null != log)
        {
            if (position + 4 <= log.capacity())
            {
                log.putIntOrdered(position + LENGTH_OFFSET, END_OF_SEGMENT);
            }
            janitor.retire(active);
            active = null;
            log = null;
            index = null;
        }
        final Segment next = janitor.takePrepared();
        if (null == next)
        {
            return false;
        }
        next.logBuffer.putLongOrdered(SEGMENT_FIRST_SEQ_OFFSET, firstSeq);
        active = next;
        log = next.logBuffer;
        index = next.indexBuffer;
        position = SEGMENT_HEADER_LENGTH;
        indexEntries = 0;
        lastIndexedPosition = 0;
        maxTimestamp = 0;
        janitor.activated(next, firstSeq);
        return true;
    }

    private void hole(final long seq)
    {
        HOLES.setRelease(this, holes + 1);
        if (!holeReported)
        {
            holeReported = true;
            errors.onError(new IllegalStateException("journal " + context.directory() + ": no room for event " + seq +
                " (no segment ready, or the event is larger than a segment); events are missing from the journal, counted as holes"));
        }
    }

    /**
     * Count events the appending thread could not read before they were overwritten in memory (the journal fell
     * further behind than the history holds): holes, as for {@link #append}'s refusals. Only the appending thread
     * may call this.
     *
     * @param fromSeq first sequence missed.
     * @param toSeq   last sequence missed.
     */
    public void missed(final long fromSeq, final long toSeq)
    {
        if (toSeq < fromSeq)
        {
            return;
        }
        HOLES.setRelease(this, holes + (toSeq - fromSeq + 1));
        if (!holeReported)
        {
            holeReported = true;
            errors.onError(new IllegalStateException("journal " + context.directory() + ": events " + fromSeq + " to " + toSeq +
                " were overwritten in memory before they were written (the device is slower than the events); " +
                "events are missing from the journal, counted as holes"));
        }
    }

    private byte[] typeName(final int typeId)
    {
        byte[] name = typeNames[typeId];
        if (null == name)
        {
            name = EventType.byId(typeId).name().getBytes(StandardCharsets.US_ASCII);
            typeNames[typeId] = name;
        }
        return name;
    }

    /** @return whether the janitor has the next segment ready (for tests that must not make holes). */
    boolean nextSegmentReady()
    {
        return janitor.hasPrepared();
    }

    /** @return the journal's epoch: the one it was created with. */
    public String epoch()
    {
        return epoch;
    }

    /** @return the sequence of the last event journaled (after recovery: of the last whole record), 0 if none. */
    public long lastSeq()
    {
        return (long)LAST_SEQ.getAcquire(this);
    }

    /** @return the timestamp of the last event journaled, nanoseconds since the epoch, 0 if none. */
    public long lastTimestampNanos()
    {
        return (long)LAST_TIMESTAMP.getAcquire(this);
    }

    /** @return events appended since open. */
    public long appended()
    {
        return (long)APPENDED.getAcquire(this);
    }

    /** @return events that could not be journaled since open. */
    public long holes()
    {
        return (long)HOLES.getAcquire(this);
    }

    /** @return failures to make, force, rename or delete segment files since open. */
    public long writeErrors()
    {
        return janitor.writeErrors();
    }

    /** @return segments deleted by retention since open. */
    public long segmentsDeleted()
    {
        return janitor.segmentsDeleted();
    }

    /** @return the journal's directory. */
    public Path directory()
    {
        return context.directory();
    }

    /**
     * Stop the janitor, force what was written and unmap. The appending thread must have stopped appending.
     */
    @Override
    public void close()
    {
        janitor.close(active);
        active = null;
        log = null;
        index = null;
    }
}
