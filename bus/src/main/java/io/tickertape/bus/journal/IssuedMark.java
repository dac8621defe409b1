package io.tickertape.bus.journal;

import static io.tickertape.bus.journal.JournalLayout.META_FILE;
import static io.tickertape.bus.journal.JournalLayout.META_ISSUED_OFFSET;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The highest sequence a bus on this journal may have given out, kept in the journal's metadata file (mapped, so a
 * store survives the process: the page cache outlives a {@code kill -9}). The journal follows the history a moment
 * behind, so a crash leaves events that readers of the history were shown and the journal never got; a bus
 * reopening the journal continues after this mark, not after the last record, so that no id of the epoch ever
 * names two events (a client resuming from one of those lost events is told {@code reset}, and one resuming from
 * before them a {@code gap}, never skipped past new events).
 * <p>
 * The mark is kept ahead of the history's head by {@link #AHEAD} sequences: by the journal's appending thread in
 * its duty cycle ({@link #keepAhead}), so the collector normally only compares a sequence with the mark it last
 * read ({@link #cover}); it stores the mark itself only when the appender has fallen that far behind. A clean close
 * sets the mark to the last sequence given out ({@link #settle}), so the next run continues right after it.
 */
final class IssuedMark implements AutoCloseable
{
    /**
     * How far ahead of the head the mark is kept: at most one and a half times this many sequences are skipped after
     * a crash (ids are 64-bit); and the appender, which stores the mark when it is less than half of this ahead,
     * keeps the collector from storing it unless it is held up for that many events (0.4 s at 5 M events/s, 20 s at
     * 100,000). A store into a page of a file can wait for the kernel (a page the janitor has just forced is
     * write-protected again), so the collector should never be the one to make it.
     */
    static final long AHEAD = 1L << 22;

    private final MappedByteBuffer mapping;
    private final UnsafeBuffer meta;

    private IssuedMark(final MappedByteBuffer mapping)
    {
        this.mapping = mapping;
        this.meta = new UnsafeBuffer(mapping);
    }

    /**
     * Map the mark in a journal's metadata file.
     *
     * @throws JournalException naming the file when it cannot be mapped.
     */
    static IssuedMark open(final Path directory)
    {
        final Path file = directory.resolve(META_FILE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            return new IssuedMark(channel.map(FileChannel.MapMode.READ_WRITE, 0, JournalLayout.META_LENGTH));
        }
        catch (final IOException | UncheckedIOException ex)
        {
            throw new JournalException("cannot map journal metadata " + file + ": " + ex, ex);
        }
    }

    /** @return the mark: no sequence above it was given out; 0 in a journal that never had one. */
    long get()
    {
        return meta.getLongVolatile(META_ISSUED_OFFSET);
    }

    /**
     * From any thread: make the mark at least {@code seq}, moving it {@link #AHEAD} beyond when it is below.
     *
     * @param seq a sequence about to be given out.
     * @return the mark, at least {@code seq}.
     */
    long cover(final long seq)
    {
        long mark;
        while ((mark = meta.getLongVolatile(META_ISSUED_OFFSET)) < seq)
        {
            if (meta.compareAndSetLong(META_ISSUED_OFFSET, mark, seq + AHEAD))
            {
                return seq + AHEAD;
            }
        }
        return mark;
    }

    /**
     * On the appending thread: keep the mark ahead of the history's head, so the collector need not store it.
     *
     * @param head the history's head.
     */
    void keepAhead(final long head)
    {
        if (meta.getLong(META_ISSUED_OFFSET) < head + AHEAD / 2)
        {
            cover(head + AHEAD / 2);
        }
    }

    /**
     * Once nothing more is given out (a clean close): the mark is the last sequence given out.
     *
     * @param lastSeq the history's head.
     */
    void settle(final long lastSeq)
    {
        meta.putLongVolatile(META_ISSUED_OFFSET, lastSeq);
    }

    /** To the device, with the segments' data (the journal's thread, every sync interval, and at close). */
    void force()
    {
        mapping.force();
    }

    @Override
    public void close()
    {
        try
        {
            force();
        }
        finally
        {
            IoUtil.unmap(mapping);
        }
    }
}
