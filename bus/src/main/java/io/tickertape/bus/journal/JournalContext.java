package io.tickertape.bus.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a journal: where it lives, how big its segments are, and how much it keeps. Every option has a
 * default except the directory; {@link #conclude()} checks them. Options are listed in
 * {@code docs/CONFIGURATION.md} and the file layout in {@code docs/JOURNAL.md}.
 */
public final class JournalContext
{
    /** Default {@link #segmentBytes(int)}: 64 MiB. */
    public static final int SEGMENT_BYTES_DEFAULT = 64 << 20;
    /** Default {@link #retentionBytes(long)}: 1 GiB of segments. */
    public static final long RETENTION_BYTES_DEFAULT = 1L << 30;
    /** Default {@link #retentionAge(Duration)}: seven days. */
    public static final Duration RETENTION_AGE_DEFAULT = Duration.ofDays(7);
    /** Default {@link #indexIntervalBytes(int)}: a time index entry per 4 KiB of records. */
    public static final int INDEX_INTERVAL_BYTES_DEFAULT = 4096;
    /** Default {@link #syncInterval(Duration)}: dirty pages are forced to the device every second. */
    public static final Duration SYNC_INTERVAL_DEFAULT = Duration.ofSeconds(1);
    /** Default {@link #bufferBytes(int)}: 16 MiB, about 64,000 order events, or a third of a second at 200,000 a second. */
    public static final int BUFFER_BYTES_DEFAULT = 16 << 20;
    /** Smallest {@link #segmentBytes(int)}. */
    public static final int SEGMENT_BYTES_MIN = 64 << 10;

    private Path directory;
    private int segmentBytes = SEGMENT_BYTES_DEFAULT;
    private long retentionBytes = RETENTION_BYTES_DEFAULT;
    private Duration retentionAge = RETENTION_AGE_DEFAULT;
    private int indexIntervalBytes = INDEX_INTERVAL_BYTES_DEFAULT;
    private Duration syncInterval = SYNC_INTERVAL_DEFAULT;
    private int bufferBytes = BUFFER_BYTES_DEFAULT;

    /**
     * The journal's directory, created if missing.
     *
     * @param directory required.
     * @return this.
     */
    public JournalContext directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    /**
     * Bytes of one segment file, preallocated when the segment is made; a record never spans two.
     *
     * @param bytes default {@value #SEGMENT_BYTES_DEFAULT}; a multiple of 4096 from 64 KiB to 1 GiB.
     * @return this.
     */
    public JournalContext segmentBytes(final int bytes)
    {
        this.segmentBytes = bytes;
        return this;
    }

    /**
     * Most bytes of segments kept: the oldest whole segments are deleted past it (the segment being written is
     * never deleted).
     *
     * @param bytes default 1 GiB; at least two segments.
     * @return this.
     */
    public JournalContext retentionBytes(final long bytes)
    {
        this.retentionBytes = bytes;
        return this;
    }

    /**
     * Oldest events kept: a whole segment whose newest event is older than this is deleted.
     *
     * @param age default seven days; positive.
     * @return this.
     */
    public JournalContext retentionAge(final Duration age)
    {
        this.retentionAge = age;
        return this;
    }

    /**
     * Bytes of records between two entries of the time index: smaller makes a seek by time scan less and the index
     * larger.
     *
     * @param bytes default {@value #INDEX_INTERVAL_BYTES_DEFAULT}; 64 to the segment's size.
     * @return this.
     */
    public JournalContext indexIntervalBytes(final int bytes)
    {
        this.indexIntervalBytes = bytes;
        return this;
    }

    /**
     * How often the segment being written is forced to the device (a process that is killed loses nothing the
     * page cache holds; this bounds what a power loss takes).
     *
     * @param interval default one second; positive.
     * @return this.
     */
    public JournalContext syncInterval(final Duration interval)
    {
        this.syncInterval = interval;
        return this;
    }

    /**
     * The buffer between the collector and the journal's thread: how far the journal may fall behind the events
     * (a slow moment of the device, a busy machine) before events are missed, counted as holes. Apart from the
     * in-memory history, so a small history does not shorten it. Allocated once, off the heap.
     *
     * @param bytes default {@value #BUFFER_BYTES_DEFAULT}; a power of two from 65,536 to 1,073,741,824. An event
     *              longer than an eighth of it is a hole.
     * @return this.
     */
    public JournalContext bufferBytes(final int bytes)
    {
        this.bufferBytes = bytes;
        return this;
    }

    /**
     * Check the options.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first option out of range.
     */
    public JournalContext conclude()
    {
        require(null != directory, "journal directory is required");
        require(segmentBytes >= SEGMENT_BYTES_MIN && segmentBytes <= 1 << 30 && segmentBytes % 4096 == 0,
            "journal segmentBytes must be a multiple of 4096 from 65536 to 1073741824: " + segmentBytes);
        require(retentionBytes >= 2L * segmentBytes,
            "journal retentionBytes must hold at least two segments (" + 2L * segmentBytes + "): " + retentionBytes);
        Objects.requireNonNull(retentionAge, "retentionAge");
        require(!retentionAge.isNegative() && !retentionAge.isZero(), "journal retentionAge must be positive: " + retentionAge);
        require(indexIntervalBytes >= 64 && indexIntervalBytes <= segmentBytes,
            "journal indexIntervalBytes must be from 64 to the segment size: " + indexIntervalBytes);
        Objects.requireNonNull(syncInterval, "syncInterval");
        require(!syncInterval.isNegative() && !syncInterval.isZero(), "journal syncInterval must be positive: " + syncInterval);
        require(bufferBytes >= 1 << 16 && bufferBytes <= 1 << 30 && Integer.bitCount(bufferBytes) == 1,
            "journal bufferBytes must be a power of two from 65536 to 1073741824: " + bufferBytes);
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return the directory. */
    public Path directory()
    {
        return directory;
    }

    /** @return bytes per segment. */
    public int segmentBytes()
    {
        return segmentBytes;
    }

    /** @return bytes of segments kept. */
    public long retentionBytes()
    {
        return retentionBytes;
    }

    /** @return age of events kept. */
    public Duration retentionAge()
    {
        return retentionAge;
    }

    /** @return bytes between time index entries. */
    public int indexIntervalBytes()
    {
        return indexIntervalBytes;
    }

    /** @return the size of the buffer between the collector and the journal's thread. */
    public int bufferBytes()
    {
        return bufferBytes;
    }

    /** @return how often the active segment is forced. */
    public Duration syncInterval()
    {
        return syncInterval;
    }
}
