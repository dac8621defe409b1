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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

import io.tickertape.bus.EventType;
import org.agrona.DirectBuffer;
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
 * anything after it are cleared, and {@link #lastSeq()} is the last whole record's sequence. The bus continues the
 * epoch, and the sequence after {@link #continuesAfter()}: after the last record, or after the highest sequence
 * the last run may have given out when that is higher ({@link IssuedMark}: the journal follows the history a
 * moment behind, so a crash leaves events that clients saw and the journal never got, and their ids must not be
 * given to new events).
 */
public final class JournalWriter implements AutoCloseable
{
    private static final VarHandle APPENDED;
    private static final VarHandle HOLES;
    private static final VarHandle LAST_SEQ;
    private static final VarHandle LAST_TIMESTAMP;
    private static final VarHandle WRITE_ERRORS;
    private static final VarHandle MISSED;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            APPENDED = lookup.findVarHandle(JournalWriter.class, "appended", long.class);
            HOLES = lookup.findVarHandle(JournalWriter.class, "holes", long.class);
            LAST_SEQ = lookup.findVarHandle(JournalWriter.class, "lastSeq", long.class);
            LAST_TIMESTAMP = lookup.findVarHandle(JournalWriter.class, "lastTimestampNanos", long.class);
            WRITE_ERRORS = lookup.findVarHandle(JournalWriter.class, "writeErrors", long.class);
            MISSED = lookup.findVarHandle(JournalWriter.class, "missed", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** The most bytes of records staged before they are written: also the largest record the journal takes. */
    static final int STAGING_BYTES = 2 << 20;

    private final JournalContext context;
    private final String epoch;
    private final ErrorHandler errors;
    private final SegmentJanitor janitor;
    private final byte[][] typeNames = new byte[EventType.MAX_TYPES][];
    private final int indexInterval;
    private final CRC32C crc = new CRC32C();
    /** Records staged for the next write: whole frames, laid out as they will be in the segment. */
    private final ByteBuffer staging;
    private final UnsafeBuffer staged;
    private final ByteBuffer checksumView;
    /** Time index entries for the staged records, stored once the records are written. */
    private final long[] pendingIndexTimestamps;
    private final long[] pendingIndexSeqs;
    private final int[] pendingIndexPositions;
    private int pendingIndexCount;
    private int stagedCount;
    private long stagedLastSeq;
    private long stagedLastTimestamp;

    private Segment active;
    private UnsafeBuffer log;
    private UnsafeBuffer index;
    /** Where the next record goes in the active segment: after the written records and the staged ones. */
    private int position;
    /** Where the staged records go: the end of the records written. */
    private int writtenPosition;
    private int lastIndexedPosition;
    private int indexEntries;
    private long maxTimestamp;
    private boolean holeReported;
    private boolean writeErrorReported;
    private boolean endSegment;
    private long writeErrors;
    /** Events the appending thread could not have. */
    private long missed;
    private boolean missedReported;

    private final IssuedMark issued;
    /** Holds the journal's lock while this writer is open. */
    private JournalLock lock;
    /** Set once, at open: the last whole record's sequence, or the mark when higher. */
    private long continuesAfter;
    private boolean closed;
    private long appended;
    private long holes;
    private long lastSeq;
    private long lastTimestampNanos;

    private JournalWriter(final JournalContext context, final String epoch, final IssuedMark issued, final ErrorHandler errors)
    {
        this.context = context;
        this.epoch = epoch;
        this.errors = errors;
        this.issued = issued;
        this.indexInterval = context.indexIntervalBytes();
        this.janitor = new SegmentJanitor(context, epoch, issued, errors);
        this.staging = ByteBuffer.allocateDirect(Math.min(context.segmentBytes(), STAGING_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        this.staged = new UnsafeBuffer(staging);
        this.checksumView = staging.duplicate();
        final int pending = staging.capacity() / indexInterval + 2;
        this.pendingIndexTimestamps = new long[pending];
        this.pendingIndexSeqs = new long[pending];
        this.pendingIndexPositions = new int[pending];
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
     *                          format or layout version, or a segment of another journal, or another writer (in this
     *                          process or another) has the journal open.
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
        existingEpoch(directory); // a directory that is not a journal of this layout is refused before anything is made in it
        final JournalLock lock = JournalLock.take(directory); // before anything here is recovered, cleaned or made
        try
        {
            return open(context, epochIfNew, errors, directory, lock);
        }
        catch (final RuntimeException ex)
        {
            throw closedAfter(ex, lock);
        }
    }

    /** Close what a writer that failed to open had opened; the failure stays the exception, any other is suppressed. */
    private static RuntimeException closedAfter(final RuntimeException failure, final AutoCloseable opened)
    {
        try
        {
            opened.close();
        }
        catch (final Exception closing)
        {
            failure.addSuppressed(closing);
        }
        return failure;
    }

    /**
     * @return the epoch of the journal in the directory, or null when it holds none (and nothing else).
     * @throws JournalException when it holds files that are not a journal's, or a journal of another layout version.
     */
    private static String existingEpoch(final Path directory)
    {
        final String epoch = JournalFiles.readEpoch(directory);
        if (null == epoch)
        {
            final List<String> foreign = JournalFiles.foreignFiles(directory);
            if (!foreign.isEmpty() || !JournalFiles.segments(directory).isEmpty())
            {
                throw new JournalException("journal directory " + directory + " holds files that are not a Tickertape journal " +
                    "(" + (foreign.isEmpty() ? "segments without metadata" : foreign.get(0)) + "): use an empty or new directory");
            }
        }
        return epoch;
    }

    private static JournalWriter open(
        final JournalContext context, final String epochIfNew, final ErrorHandler errors, final Path directory, final JournalLock lock)
    {
        try
        {
            Files.deleteIfExists(directory.resolve(JournalLayout.META_FILE + JournalFiles.TEMPORARY_SUFFIX));
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot clean journal directory " + directory + ": " + ex, ex);
        }
        String epoch = existingEpoch(directory); // again, under the lock: a writer may have made the journal meanwhile
        if (null == epoch)
        {
            JournalFiles.writeMeta(directory, epochIfNew, System.currentTimeMillis());
            epoch = epochIfNew;
        }
        final IssuedMark issued = IssuedMark.open(directory);
        final JournalWriter writer;
        try
        {
            writer = new JournalWriter(context, epoch, issued, errors);
            writer.lock = lock;
            writer.recover();
            writer.continuesAfter = Math.max(writer.lastSeq, issued.get());
            // The first event must not wait for the janitor: the next segment is made before the writer is handed out.
            if (!writer.janitor.prepareNow())
            {
                throw new JournalException("cannot make a journal segment in " + directory + " (see the error logged before)");
            }
        }
        catch (final RuntimeException ex)
        {
            throw closedAfter(ex, issued);
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
        int cutAt = 0;
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
                    // A damaged record: it and everything after it are cleared.
                    cutAt = buffer.capacity();
                }
                else
                {
                    // Nothing more, or a write cut short by a crash: records staged together are written all but
                    // the first one's length word, then that word, so the first is empty and the others may be
                    // whole. They are cleared (a write never spans more than the staging buffer), or the records
                    // written here next could end just where one of them starts, and a reader would go on to it.
                    cutAt = Math.min(buffer.capacity(), at + STAGING_BYTES + JournalLayout.aligned(RECORD_HEADER_LENGTH));
                }
                buffer.setMemory(at, cutAt - at, (byte)0);
                segment.forceRange(at, cutAt); // before anything is written after it
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
        writtenPosition = at;
        segment.written(at);
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
     * Append one collected event: it is staged, and written with the records staged before it when
     * {@link #flush()} is called or the staging buffer is full. Only the appending thread may call this.
     *
     * @param seq            its sequence, greater than the last appended.
     * @param timestampNanos its timestamp, nanoseconds since the epoch.
     * @param typeId         its type's id in this process.
     * @param src            the bytes of its JSON.
     * @param offset         where the JSON starts.
     * @param length         JSON bytes.
     * @return true if it is staged for the journal; false if it is a hole (no segment ready, or it is larger than
     *         a segment or the staging buffer).
     */
    public boolean append(final long seq, final long timestampNanos, final int typeId, final byte[] src, final int offset, final int length)
    {
        final int at = stage(seq, timestampNanos, typeId, length);
        if (at < 0)
        {
            return false;
        }
        staged.putBytes(at + TYPE_OFFSET + typeName(typeId).length, src, offset, length);
        return seal(at, seq, timestampNanos);
    }

    /**
     * Append one collected event from a buffer (the journal's spill buffer): as
     * {@link #append(long, long, int, byte[], int, int)}.
     *
     * @param seq            its sequence, greater than the last appended.
     * @param timestampNanos its timestamp, nanoseconds since the epoch.
     * @param typeId         its type's id in this process.
     * @param src            the buffer holding its JSON.
     * @param offset         where the JSON starts.
     * @param length         JSON bytes.
     * @return true if it is staged for the journal; false if it is a hole.
     */
    public boolean append(final long seq, final long timestampNanos, final int typeId, final DirectBuffer src, final int offset, final int length)
    {
        final int at = stage(seq, timestampNanos, typeId, length);
        if (at < 0)
        {
            return false;
        }
        staged.putBytes(at + TYPE_OFFSET + typeName(typeId).length, src, offset, length);
        return seal(at, seq, timestampNanos);
    }

    /**
     * Make room for a record and stage its header and type; the caller copies the JSON in after them.
     *
     * @return where the record starts in the staging buffer, or -1 if it is a hole (counted).
     */
    private int stage(final long seq, final long timestampNanos, final int typeId, final int length)
    {
        final byte[] type = typeName(typeId);
        final int frame = RECORD_HEADER_LENGTH + type.length + length;
        final int padded = JournalLayout.aligned(frame);
        if (padded > staging.capacity())
        {
            hole(seq);
            return -1;
        }
        if (null == log || endSegment || position + padded > log.capacity())
        {
            flush();
            if (SEGMENT_HEADER_LENGTH + padded > context.segmentBytes() || !roll(seq))
            {
                hole(seq); // a segment to end stays so until a roll ends it: nothing more is written into it
                return -1;
            }
            endSegment = false;
        }
        if (position - writtenPosition + padded > staging.capacity())
        {
            flush();
        }
        final UnsafeBuffer staged = this.staged;
        final int at = position - writtenPosition;
        staged.putInt(at + LENGTH_OFFSET, frame);
        staged.putLong(at + SEQ_OFFSET, seq);
        staged.putLong(at + TIMESTAMP_OFFSET, timestampNanos);
        staged.putInt(at + TYPE_LENGTH_OFFSET, type.length);
        staged.putBytes(at + TYPE_OFFSET, type);
        staged.setMemory(at + frame, padded - frame, (byte)0);
        return at;
    }

    /** Checksum the staged record, index it, and move past it. */
    private boolean seal(final int at, final long seq, final long timestampNanos)
    {
        final int frame = staged.getInt(at + LENGTH_OFFSET);
        // CRC32C of the frame from seq on, over the staged bytes (java.util.zip.CRC32C reads a direct buffer in place,
        // an intrinsic; Agrona's Crc32c would need java.util.zip opened to it).
        checksumView.limit(at + frame).position(at + SEQ_OFFSET);
        crc.reset();
        crc.update(checksumView);
        staged.putInt(at + CHECKSUM_OFFSET, (int)crc.getValue());

        maxTimestamp = Math.max(maxTimestamp, timestampNanos);
        if (indexEntries + pendingIndexCount == 0 || position - lastIndexedPosition >= indexInterval)
        {
            pendingIndexTimestamps[pendingIndexCount] = maxTimestamp;
            pendingIndexSeqs[pendingIndexCount] = seq;
            pendingIndexPositions[pendingIndexCount] = position;
            pendingIndexCount++;
            lastIndexedPosition = position;
        }
        position += JournalLayout.aligned(frame);
        stagedCount++;
        stagedLastSeq = seq;
        stagedLastTimestamp = timestampNanos;
        return true;
    }

    /**
     * Write the staged records into the active segment, so that readers (in any process) see them: all but the
     * first record's length word first, then that word, so a reader that sees it finds every staged record whole
     * behind it. Then their time index entries, then the figures. A failed write makes the staged records holes
     * (counted, logged once) and ends the segment there. Only the appending thread may call this.
     */
    public void flush()
    {
        final int bytes = position - writtenPosition;
        if (bytes == 0)
        {
            return;
        }
        try
        {
            active.write(staging, LENGTH_OFFSET + 4, bytes - 4, writtenPosition + 4L);
            active.write(staging, LENGTH_OFFSET, 4, writtenPosition);
        }
        catch (final IOException | RuntimeException ex)
        {
            writeFailed(ex);
            return;
        }
        for (int i = 0; i < pendingIndexCount; i++)
        {
            writeIndexEntry(index, indexEntries++, pendingIndexTimestamps[i], pendingIndexSeqs[i], pendingIndexPositions[i]);
        }
        pendingIndexCount = 0;
        writtenPosition = position;
        active.written(position);
        APPENDED.setRelease(this, appended + stagedCount);
        LAST_SEQ.setRelease(this, stagedLastSeq);
        LAST_TIMESTAMP.setRelease(this, stagedLastTimestamp);
        stagedCount = 0;
    }

    private void writeFailed(final Throwable ex)
    {
        WRITE_ERRORS.setRelease(this, writeErrors + 1);
        HOLES.setRelease(this, holes + stagedCount);
        if (!writeErrorReported)
        {
            writeErrorReported = true;
            errors.onError(new IOException("journal " + context.directory() + ": cannot write to " + active.log() + ": " + ex +
                "; " + stagedCount + " events are missing from the journal, counted as holes (further failures are counted)", ex));
        }
        stagedCount = 0;
        pendingIndexCount = 0;
        position = writtenPosition;
        // What the failed write left behind the last whole record must never be read: the next append ends the
        // segment there and rolls to a new one.
        endSegment = true;
    }

    private boolean roll(final long firstSeq)
    {
        if (null != log)
        {
            if (writtenPosition + 4 <= log.capacity())
            {
                try
                {
                    active.write(endMark(), 0, 4, writtenPosition);
                }
                catch (final IOException | RuntimeException ex)
                {
                    WRITE_ERRORS.setRelease(this, writeErrors + 1);
                    errors.onError(new IOException("journal " + context.directory() + ": cannot end segment " + active.log() + ": " + ex, ex));
                }
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
        writtenPosition = SEGMENT_HEADER_LENGTH;
        indexEntries = 0;
        lastIndexedPosition = 0;
        maxTimestamp = 0;
        janitor.activated(next, firstSeq);
        return true;
    }

    private ByteBuffer endMark()
    {
        staging.putInt(0, END_OF_SEGMENT); // the staging buffer is empty when a segment ends
        return staging;
    }

    private void hole(final long seq)
    {
        HOLES.setRelease(this, holes + 1);
        if (!holeReported)
        {
            holeReported = true;
            errors.onError(new IllegalStateException("journal " + context.directory() + ": no room for event " + seq +
                " (no segment ready, or the event is larger than a segment or " + STAGING_BYTES + " bytes); events are missing from the journal, counted as holes"));
        }
    }

    /**
     * Count events the appending thread could not have (it fell further behind than the in-memory history and its
     * spill buffer hold: the device has been slower than the events for that long): holes, as for
     * {@link #append}'s refusals. Only the appending thread may call this.
     *
     * @param count   events missed.
     * @param fromSeq the first sequence of the range they were missed in.
     * @param toSeq   the last sequence of that range.
     */
    public void missed(final long count, final long fromSeq, final long toSeq)
    {
        if (count <= 0)
        {
            return;
        }
        MISSED.setRelease(this, missed + count);
        if (!missedReported)
        {
            missedReported = true;
            errors.onError(new IllegalStateException("journal " + context.directory() + ": " + count + " events between " + fromSeq +
                " and " + toSeq + " were let go of in memory before the journal had them (the device is slower than the events); " +
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

    /**
     * @return the sequence a bus on this journal continues after: the last whole record's at open, or the mark of
     *         sequences given out when it is higher (a crash, or events the journal missed at the end of the last
     *         run, left sequences that clients may have seen and the journal does not hold: they are not given out
     *         again; a client resuming from before them is told of a gap, and one resuming from one of them a reset).
     */
    public long continuesAfter()
    {
        return continuesAfter;
    }

    /**
     * From the collector, before it gives out a sequence above the last value this returned: the mark of sequences
     * given out covers it (normally the appending thread has moved it ahead already, and this only reads it).
     *
     * @param seq the sequence about to be given out.
     * @return the mark: sequences up to it may be given out without calling this again.
     */
    public long coverIssued(final long seq)
    {
        return issued.cover(seq);
    }

    /**
     * From the appending thread, each duty cycle: keep the mark of sequences given out ahead of the history's head.
     *
     * @param head the history's head.
     */
    public void keepIssuedAhead(final long head)
    {
        issued.keepAhead(head);
    }

    /**
     * Once the bus gives out nothing more (it is closing, the collector stopped): the mark is the last sequence given
     * out, so the next run continues right after it.
     *
     * @param lastSeq the history's head.
     */
    public void settleIssued(final long lastSeq)
    {
        issued.settle(lastSeq);
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
        return (long)HOLES.getAcquire(this) + (long)MISSED.getAcquire(this);
    }

    /** @return failures to write records into, make, force, rename or delete segment files since open. */
    public long writeErrors()
    {
        return (long)WRITE_ERRORS.getAcquire(this) + janitor.writeErrors();
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
     * Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            flush();
            janitor.close(active);
        }
        finally
        {
            try
            {
                issued.close();
            }
            finally
            {
                try
                {
                    lock.close(); // releases the lock: another writer may open the journal now
                }
                catch (final RuntimeException ex)
                {
                    errors.onError(ex);
                }
            }
        }
        active = null;
        log = null;
        index = null;
    }
}
