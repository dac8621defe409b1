package io.tickertape.bus.journal;

import static io.tickertape.bus.journal.JournalLayout.INDEX_SUFFIX;
import static io.tickertape.bus.journal.JournalLayout.LENGTH_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.LOG_SUFFIX;
import static io.tickertape.bus.journal.JournalLayout.MAGIC;
import static io.tickertape.bus.journal.JournalLayout.PREPARED_PREFIX;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_BYTES_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_EPOCH_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_FIRST_SEQ_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_HEADER_LENGTH;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_MAGIC_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_VERSION_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.TIMESTAMP_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.VERSION;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

/**
 * The journal's housekeeping, on a thread of its own so the appending thread never waits on it: it makes the next
 * segment before it is needed (a sparse log, a zero-filled index, both mapped), gives a segment its name once the
 * writer has started it, forces what was written to the device every sync interval (a slice at a time), unmaps
 * segments the writer is done with, and deletes the oldest whole segments past the retention limits.
 */
final class SegmentJanitor implements Runnable
{
    private static final long IDLE_NANOS = 1_000_000L;
    private static final int PREPARED_AHEAD = 2;
    private static final long RETENTION_CHECK_NANOS = 1_000_000_000L;
    private static final long RETRY_NANOS = 1_000_000_000L;
    /** Bytes forced to the device at a time: about 2 ms of a device writing 500 MB/s. */
    private static final int FORCE_SLICE_BYTES = 1 << 20;
    private static final int ZERO_BLOCK_BYTES = 1 << 20;

    private final JournalContext context;
    private final IssuedMark issued;
    private final Path directory;
    private final String epoch;
    private final ErrorHandler errors;
    private final int indexBytes;
    /** Segments made ahead of need: two, so a slow moment of the device does not leave the writer without one. */
    private final OneToOneConcurrentArrayQueue<Segment> prepared = new OneToOneConcurrentArrayQueue<>(PREPARED_AHEAD);
    private final OneToOneConcurrentArrayQueue<Segment> activated = new OneToOneConcurrentArrayQueue<>(64);
    private final OneToOneConcurrentArrayQueue<Segment> retired = new OneToOneConcurrentArrayQueue<>(64);
    private final AtomicLong writeErrors = new AtomicLong();
    private final AtomicLong segmentsDeleted = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    /** A block of zeros to fill new segments' time indexes with (direct: written without a copy). */
    private final ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_BLOCK_BYTES);
    private Segment current;
    private Segment retiring;
    private boolean syncing;
    private long preparedCount;

    SegmentJanitor(final JournalContext context, final String epoch, final IssuedMark issued, final ErrorHandler errors)
    {
        this.issued = issued;
        this.context = context;
        this.directory = context.directory();
        this.epoch = epoch;
        this.errors = errors;
        this.indexBytes = JournalLayout.indexBytes(context.segmentBytes(), context.indexIntervalBytes());
        this.thread = new Thread(this, "tickertape-journal");
        this.thread.setDaemon(true);
    }

    /** At open: a prepared segment that was started before a crash gets its name; an unused one is deleted. */
    void recoverPrepared()
    {
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path file : files.filter(p -> p.getFileName().toString().startsWith(PREPARED_PREFIX)).toList())
            {
                final String name = file.getFileName().toString();
                if (!name.endsWith(LOG_SUFFIX))
                {
                    continue;
                }
                final long firstSeq = firstSeqInHeader(file);
                final String base = name.substring(0, name.length() - LOG_SUFFIX.length());
                if (firstSeq > 0)
                {
                    // The index is renamed first: a crash between the two renames leaves it named already.
                    final Path index = directory.resolve(base + INDEX_SUFFIX);
                    if (Files.exists(index))
                    {
                        Files.move(index, directory.resolve(JournalLayout.segmentName(firstSeq, INDEX_SUFFIX)));
                    }
                    Files.move(file, directory.resolve(JournalLayout.segmentName(firstSeq, LOG_SUFFIX)));
                }
                else
                {
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(directory.resolve(base + INDEX_SUFFIX));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot recover journal directory " + directory + ": " + ex, ex);
        }
    }

    private static long firstSeqInHeader(final Path file) throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            channel.read(header, 0);
        }
        return header.position() >= SEGMENT_HEADER_LENGTH ? header.getLong(SEGMENT_FIRST_SEQ_OFFSET) : 0;
    }

    /** The segment recovered as the one being written. */
    void adopt(final Segment segment)
    {
        current = segment;
    }

    void start()
    {
        thread.start();
    }

    boolean hasPrepared()
    {
        return !prepared.isEmpty();
    }

    /** Writer: the next segment, if one is ready. */
    Segment takePrepared()
    {
        return prepared.poll();
    }

    /** Writer: it is done with this segment. */
    void retire(final Segment segment)
    {
        if (!retired.offer(segment))
        {
            errors.onError(new IllegalStateException("journal " + directory + ": housekeeping is behind; a segment stays mapped"));
        }
    }

    /** Writer: it started writing this segment, whose first sequence is {@code firstSeq}. */
    void activated(final Segment segment, final long firstSeq)
    {
        segment.firstSeq = firstSeq;
        if (!activated.offer(segment))
        {
            errors.onError(new IllegalStateException("journal " + directory + ": housekeeping is behind; a segment keeps its temporary name"));
        }
    }

    @Override
    public void run()
    {
        long nextSync = System.nanoTime();
        long nextRetention = System.nanoTime();
        long nextPrepare = 0;
        final long syncNanos = context.syncInterval().toNanos();
        while (running)
        {
            final long now = System.nanoTime();
            boolean busy = nameActivated();
            if (prepared.size() < PREPARED_AHEAD && now - nextPrepare >= 0)
            {
                // Retention first: the pages of a segment just deleted are the cheapest memory for the next one's
                // page cache (on this kind of virtual machine, memory not touched for a few seconds is handed back
                // to the host, and touching it again cost ten times as much: 250 ms against 19 ms for 64 MiB).
                retain();
                nextPrepare = prepare() ? now : now + RETRY_NANOS;
                busy = true;
            }
            // Forcing goes a slice at a time, so that making the next segment never waits behind a slow device.
            if (null == retiring)
            {
                retiring = retired.poll();
            }
            if (null != retiring)
            {
                if (forceSome(retiring, FORCE_SLICE_BYTES))
                {
                    retiring.unmap();
                    if (retiring == current)
                    {
                        current = null;
                        syncing = false;
                    }
                    retiring = null;
                }
                busy = true;
            }
            else if (null != current && (syncing || now - nextSync >= 0))
            {
                if (!syncing)
                {
                    nextSync = now + syncNanos;
                    forceIssued();
                }
                syncing = !forceSome(current, FORCE_SLICE_BYTES);
                busy |= syncing;
            }
            if (now - nextRetention >= 0)
            {
                nextRetention = now + RETENTION_CHECK_NANOS;
                retain();
            }
            if (!busy)
            {
                LockSupport.parkNanos(IDLE_NANOS);
            }
        }
    }

    /** A started segment gets its name at once. */
    private boolean nameActivated()
    {
        boolean any = false;
        Segment segment;
        while (null != (segment = activated.poll()))
        {
            name(segment);
            current = segment;
            syncing = false;
            any = true;
        }
        return any;
    }

    /** Before the thread starts: make the next segment now. */
    boolean prepareNow()
    {
        return prepare();
    }

    private boolean prepare()
    {
        try
        {
            final Segment segment = Segment.create(directory, PREPARED_PREFIX + System.nanoTime() + "-" + preparedCount++,
                context.segmentBytes(), indexBytes, zeros);
            segment.logBuffer.putLong(SEGMENT_MAGIC_OFFSET, MAGIC);
            segment.logBuffer.putInt(SEGMENT_VERSION_OFFSET, VERSION);
            segment.logBuffer.putInt(SEGMENT_BYTES_OFFSET, context.segmentBytes());
            segment.logBuffer.putBytes(SEGMENT_EPOCH_OFFSET, JournalLayout.epochBytes(epoch));
            prepared.offer(segment);
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            writeErrors.incrementAndGet();
            errors.onError(new IOException("journal " + directory + ": cannot make a segment: " + ex.getMessage(), ex));
            return false;
        }
    }

    private void name(final Segment segment)
    {
        try
        {
            segment.rename(segment.firstSeq);
        }
        catch (final IOException ex)
        {
            writeErrors.incrementAndGet();
            errors.onError(new IOException("journal " + directory + ": cannot name a segment: " + ex.getMessage(), ex));
        }
    }

    /** Force everything written, in one go (at close). */
    private void force(final Segment segment)
    {
        forceSome(segment, Integer.MAX_VALUE);
    }

    /** The mark of sequences given out, with the segments' data: a page, forced at each sync. */
    private void forceIssued()
    {
        try
        {
            issued.force();
        }
        catch (final RuntimeException ex)
        {
            writeErrors.incrementAndGet();
            errors.onError(ex);
        }
    }

    /** @return true when the segment is forced up to what is written (or forcing failed: counted and logged). */
    private boolean forceSome(final Segment segment, final int maxBytes)
    {
        try
        {
            return segment.forceSome(maxBytes);
        }
        catch (final RuntimeException ex)
        {
            writeErrors.incrementAndGet();
            errors.onError(ex);
            return true;
        }
    }

    /** Delete the oldest whole segments while the journal holds more than the retention allows; never the newest. */
    private void retain()
    {
        try
        {
            final List<Path> segments = JournalFiles.segments(directory);
            final long perSegment = (long)context.segmentBytes() + indexBytes;
            final long oldestKept = System.currentTimeMillis() * 1_000_000L - ageNanos(context);
            int count = segments.size();
            for (int i = 0; i < segments.size() - 1; i++)
            {
                final boolean overBytes = count * perSegment > context.retentionBytes();
                // Every event of a segment is older than the first of the next one.
                final boolean expired = firstTimestamp(segments.get(i + 1)) < oldestKept;
                if (!overBytes && !expired)
                {
                    break;
                }
                final Path log = segments.get(i);
                final String name = log.getFileName().toString();
                if (name.startsWith(PREPARED_PREFIX))
                {
                    break; // started since this cycle named segments: among the newest, and about to be renamed
                }
                Files.deleteIfExists(log);
                Files.deleteIfExists(log.resolveSibling(name.substring(0, name.length() - LOG_SUFFIX.length()) + INDEX_SUFFIX));
                segmentsDeleted.incrementAndGet();
                count--;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            writeErrors.incrementAndGet();
            errors.onError(new IOException("journal " + directory + ": retention failed: " + ex.getMessage(), ex));
        }
    }

    /** The retention age in nanoseconds; an age too long for a long (about 292 years) keeps everything by age. */
    private static long ageNanos(final JournalContext context)
    {
        try
        {
            return context.retentionAge().toNanos();
        }
        catch (final ArithmeticException ex)
        {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The timestamp of a segment's first record; {@link Long#MAX_VALUE} (never expired) while it has none yet: the
     * segment just started, whose first records may still be staged.
     */
    private static long firstTimestamp(final Path log) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(TIMESTAMP_OFFSET + 8).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ))
        {
            int read = 0;
            while (bytes.hasRemaining() && read >= 0) // a short read is possible
            {
                read = channel.read(bytes, SEGMENT_HEADER_LENGTH + bytes.position());
            }
        }
        final boolean whole = !bytes.hasRemaining() && bytes.getInt(LENGTH_OFFSET) > 0;
        return whole ? bytes.getLong(TIMESTAMP_OFFSET) : Long.MAX_VALUE;
    }

    long writeErrors()
    {
        return writeErrors.get();
    }

    long segmentsDeleted()
    {
        return segmentsDeleted.get();
    }

    /** Stop the thread; force and unmap what is left; delete an unused prepared segment. */
    void close(final Segment active)
    {
        running = false;
        LockSupport.unpark(thread);
        // Wait for the thread to end whatever interrupts come: what it has mapped is unmapped below.
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        Segment segment;
        while (null != (segment = activated.poll()))
        {
            name(segment);
        }
        if (null != retiring)
        {
            force(retiring);
            retiring.unmap();
            retiring = null;
        }
        while (null != (segment = retired.poll()))
        {
            force(segment);
            segment.unmap();
        }
        if (null != active)
        {
            force(active);
            active.unmap();
        }
        Segment unused;
        while (null != (unused = prepared.poll()))
        {
            final Path log = unused.log();
            unused.unmap();
            try
            {
                final String name = log.getFileName().toString();
                Files.deleteIfExists(log);
                Files.deleteIfExists(log.resolveSibling(name.substring(0, name.length() - LOG_SUFFIX.length()) + INDEX_SUFFIX));
            }
            catch (final IOException ex)
            {
                errors.onError(ex);
            }
        }
    }
}
