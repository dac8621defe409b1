package io.tickertape.bus.journal;

import static io.tickertape.bus.journal.JournalLayout.INDEX_SUFFIX;
import static io.tickertape.bus.journal.JournalLayout.LOG_SUFFIX;

import java.io.IOException;
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
 * One segment: its log file and its time index file, memory-mapped. The writer maps both read-write; readers map
 * them read-only, from any process.
 */
final class Segment
{
    private static final int PAGE = 4096;

    private Path log;
    private Path index;
    private final MappedByteBuffer logMapping;
    private final MappedByteBuffer indexMapping;
    final UnsafeBuffer logBuffer;
    final UnsafeBuffer indexBuffer;
    /** A view of the log for checksums (java.util.zip.CRC32C reads a direct buffer without copying or allocating). */
    private final ByteBuffer checksumView;
    /** The first sequence, set by the writer when it starts the segment, for the janitor to name it by. */
    volatile long firstSeq;

    private Segment(final Path log, final Path index, final MappedByteBuffer logMapping, final MappedByteBuffer indexMapping)
    {
        this.log = log;
        this.index = index;
        this.logMapping = logMapping;
        this.indexMapping = indexMapping;
        this.logBuffer = new UnsafeBuffer(logMapping);
        this.checksumView = logMapping.duplicate();
        this.indexBuffer = null == indexMapping ? new UnsafeBuffer(new byte[JournalLayout.INDEX_ENTRY_LENGTH]) : new UnsafeBuffer(indexMapping);
    }

    /**
     * Make a segment's two files, sparse, after checking the device has room for them (so the writer's stores into
     * the mapping do not meet a full device), and map them read-write.
     */
    static Segment create(final Path directory, final String baseName, final int segmentBytes, final int indexBytes)
        throws IOException
    {
        final Path log = directory.resolve(baseName + LOG_SUFFIX);
        final Path index = directory.resolve(baseName + INDEX_SUFFIX);
        try
        {
            fill(log, segmentBytes);
            fill(index, indexBytes);
            return new Segment(log, index, map(log, FileChannel.MapMode.READ_WRITE), map(index, FileChannel.MapMode.READ_WRITE));
        }
        catch (final IOException | RuntimeException ex)
        {
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
        try
        {
            // Without its index (deleted by hand) a segment is still read, by a scan.
            return new Segment(log, index, logMapping, Files.exists(index) ? map(index, mode) : null);
        }
        catch (final IOException | RuntimeException ex)
        {
            IoUtil.unmap(logMapping);
            throw ex;
        }
    }

    private static void fill(final Path file, final int bytes) throws IOException
    {
        // Sparse: writing zeros ahead would double what goes to the device (the records are written anyway). A full
        // device would then fault the writer's store into the mapping, so the janitor checks the room first.
        final FileStore store = Files.getFileStore(file.getParent());
        if (store.getUsableSpace() < 2L * bytes)
        {
            throw new IOException("no room for a segment of " + bytes + " bytes on " + store + " (" + store.getUsableSpace() + " usable)");
        }
        IoUtil.createEmptyFile(file.toFile(), bytes, false).close();
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

    /**
     * Write a zero into every page of the log and the index, so the page faults of a fresh mapping (a page of the
     * page cache allocated, a block of the file reserved) are taken here, on the janitor's thread, and not by the
     * writer's first store into each page. The pages are written to the device once, with their records.
     */
    void touchPages()
    {
        for (int at = 0; at < logBuffer.capacity(); at += PAGE)
        {
            logBuffer.putByte(at, logBuffer.getByte(at));
        }
        for (int at = 0; at < indexBuffer.capacity(); at += PAGE)
        {
            indexBuffer.putByte(at, indexBuffer.getByte(at));
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

    void force()
    {
        logMapping.force();
        if (null != indexMapping)
        {
            indexMapping.force();
        }
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
        IoUtil.unmap(logMapping);
        if (null != indexMapping)
        {
            IoUtil.unmap(indexMapping);
        }
    }
}
