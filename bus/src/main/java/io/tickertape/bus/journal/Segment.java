package io.tickertape.bus.journal;

import static io.tickertape.bus.journal.JournalLayout.INDEX_SUFFIX;
import static io.tickertape.bus.journal.JournalLayout.LOG_SUFFIX;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One segment: its log file and its time index file, memory-mapped. Readers map both read-only, from any process.
 * The writer writes records into the log with {@code write()} through a channel of its own (the mapping serves its
 * recovery scan and forcing to the device) and stores time index entries into the index's mapping.
 */
final class Segment
{
    private static final VarHandle WRITTEN;
    private static final int PAGE_SIZE = 4096;

    static
    {
        try
        {
            WRITTEN = MethodHandles.lookup().findVarHandle(Segment.class, "written", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private Path log;
    private Path index;
    private final MappedByteBuffer logMapping;
    /** The writer's channel into the log (null for a reader's segment). */
    private final FileChannel channel;
    private final MappedByteBuffer indexMapping;
    final UnsafeBuffer logBuffer;
    final UnsafeBuffer indexBuffer;
    /** A view of the log for checksums (java.util.zip.CRC32C reads a direct buffer without copying or allocating). */
    private final ByteBuffer checksumView;
    /** The first sequence, set by the writer when it starts the segment, for the janitor to name it by. */
    volatile long firstSeq;
    /** Bytes of the log written so far (the writer's position), for the janitor to force no more than that. */
    private volatile int written;
    /** Bytes of the log forced so far; the janitor's own. */
    private int forced;

    private Segment(
        final Path log, final Path index, final MappedByteBuffer logMapping, final MappedByteBuffer indexMapping, final FileChannel channel)
    {
        this.channel = channel;
        this.log = log;
        this.index = index;
        this.logMapping = logMapping;
        this.indexMapping = indexMapping;
        this.logBuffer = new UnsafeBuffer(logMapping);
        this.checksumView = logMapping.duplicate();
        this.indexBuffer = null == indexMapping ? new UnsafeBuffer(new byte[JournalLayout.INDEX_ENTRY_LENGTH]) : new UnsafeBuffer(indexMapping);
    }

    /**
     * Make a segment's two files, after checking the device has room for them, and map them read-write: the log
     * sparse (the writer writes records into it with {@code write}), the time index filled with zeros (the writer
     * stores entries into its mapping).
     */
    static Segment create(
        final Path directory, final String baseName, final int segmentBytes, final int indexBytes, final ByteBuffer zeros)
        throws IOException
    {
        final Path log = directory.resolve(baseName + LOG_SUFFIX);
        final Path index = directory.resolve(baseName + INDEX_SUFFIX);
        FileChannel channel = null;
        try
        {
            checkRoom(log, segmentBytes);
            channel = FileChannel.open(log, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.write(ByteBuffer.wrap(new byte[1]), segmentBytes - 1); // its length, without blocks: a sparse file
            fill(index, indexBytes, zeros);
            return new Segment(log, index, map(log, FileChannel.MapMode.READ_WRITE), map(index, FileChannel.MapMode.READ_WRITE), channel);
        }
        catch (final IOException | RuntimeException ex)
        {
            if (null != channel)
            {
                channel.close();
            }
            Files.deleteIfExists(log);
            Files.deleteIfExists(index);
            throw ex;
        }
    }

    /** Map an existing segment, read-write for the writer or read-only for a reader. */
    static Segment open(final Path log, final boolean writable) throws IOException
    {
        final String name = log.getFileName().toString();
        final Path index = log.resolveSibling(name.substring(0, name.length() - LOG_SUFFIX.length()) + INDEX_SUFFIX);
        final FileChannel.MapMode mode = writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
        final MappedByteBuffer logMapping = map(log, mode);
        FileChannel channel = null;
        try
        {
            channel = writable ? FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE) : null;
            // Without its index (deleted by hand) a segment is still read, by a scan.
            return new Segment(log, index, logMapping, Files.exists(index) ? map(index, mode) : null, channel);
        }
        catch (final IOException | RuntimeException ex)
        {
            IoUtil.unmap(logMapping);
            if (null != channel)
            {
                channel.close();
            }
            throw ex;
        }
    }

    private static void checkRoom(final Path file, final int bytes) throws IOException
    {
        final FileStore store = Files.getFileStore(file.getParent());
        if (store.getUsableSpace() < 2L * bytes)
        {
            throw new IOException("no room for a segment of " + bytes + " bytes on " + store + " (" + store.getUsableSpace() + " usable)");
        }
    }

    /** The index is stored into through its mapping: zeros written first make those stores minor faults. */
    private static void fill(final Path file, final int bytes, final ByteBuffer zeros) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            long position = 0;
            while (position < bytes)
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), bytes - position));
                position += channel.write(zeros, position);
            }
        }
    }

    /**
     * Write {@code length} bytes of {@code source} from {@code offset} into the log at {@code position}: the
     * writer's path (a segment made or opened writable).
     */
    void write(final ByteBuffer source, final int offset, final int length, final long position) throws IOException
    {
        source.limit(offset + length).position(offset);
        long at = position;
        while (source.hasRemaining())
        {
            at += channel.write(source, at);
        }
    }

    private static MappedByteBuffer map(final Path file, final FileChannel.MapMode mode) throws IOException
    {
        final OpenOption[] options = FileChannel.MapMode.READ_ONLY == mode ?
            new OpenOption[] {StandardOpenOption.READ} : new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
        try (FileChannel channel = FileChannel.open(file, options))
        {
            return channel.map(mode, 0, channel.size());
        }
    }

    /** Give the files their final names, by the segment's first sequence. */
    void rename(final long firstSeq) throws IOException
    {
        final Path newLog = log.resolveSibling(JournalLayout.segmentName(firstSeq, LOG_SUFFIX));
        final Path newIndex = index.resolveSibling(JournalLayout.segmentName(firstSeq, INDEX_SUFFIX));
        Files.move(index, newIndex, StandardCopyOption.ATOMIC_MOVE);
        Files.move(log, newLog, StandardCopyOption.ATOMIC_MOVE);
        log = newLog;
        index = newIndex;
    }

    /**
     * CRC32C of {@code length} bytes of the log from {@code offset}.
     */
    int checksum(final CRC32C crc, final int offset, final int length)
    {
        checksumView.limit(offset + length).position(offset);
        crc.reset();
        crc.update(checksumView);
        return (int)crc.getValue();
    }

    /** Writer: records end at {@code position}. */
    void written(final int position)
    {
        WRITTEN.setRelease(this, position);
    }

    /**
     * Force the next part of what the writer has written to the device, at most {@code maxBytes} of the log (from
     * the page where the last force ended), and the time index with the last part; not the rest of the log, which
     * holds nothing yet.
     * Only the janitor's thread calls this.
     *
     * @param maxBytes most bytes of the log to force in this call, so the caller can do other work in between.
     * @return true when everything written (and the end-of-segment mark after it) is forced.
     */
    boolean forceSome(final int maxBytes)
    {
        final int end = Math.min(logBuffer.capacity(), (int)WRITTEN.getAcquire(this) + 4);
        final int from = forced & -PAGE_SIZE; // the page where the last force ended may have been written since
        final int to = (int)Math.min(end, (long)from + maxBytes);
        if (to > from)
        {
            logMapping.force(from, to - from);
            forced = to;
        }
        if (to < end)
        {
            return false;
        }
        if (null != indexMapping)
        {
            indexMapping.force();
        }
        return true;
    }

    /** Force bytes {@code from} to {@code to} of the log to the device. */
    void forceRange(final int from, final int to)
    {
        logMapping.force(from, to - from);
    }

    Path log()
    {
        return log;
    }

    int capacity()
    {
        return logBuffer.capacity();
    }

    int indexCapacity()
    {
        return indexBuffer.capacity() / JournalLayout.INDEX_ENTRY_LENGTH;
    }

    void unmap()
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // Closing a channel that only wrote through the page cache: nothing is lost.
            }
        }
        IoUtil.unmap(logMapping);
        if (null != indexMapping)
        {
            IoUtil.unmap(indexMapping);
        }
    }
}
