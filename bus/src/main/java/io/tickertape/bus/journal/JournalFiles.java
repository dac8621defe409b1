package io.tickertape.bus.journal;

import static io.tickertape.bus.journal.JournalLayout.EPOCH_LENGTH;
import static io.tickertape.bus.journal.JournalLayout.LOG_SUFFIX;
import static io.tickertape.bus.journal.JournalLayout.MAGIC;
import static io.tickertape.bus.journal.JournalLayout.META_CREATED_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.META_EPOCH_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.META_FILE;
import static io.tickertape.bus.journal.JournalLayout.META_LENGTH;
import static io.tickertape.bus.journal.JournalLayout.META_MAGIC_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.META_VERSION_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_EPOCH_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_MAGIC_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.SEGMENT_VERSION_OFFSET;
import static io.tickertape.bus.journal.JournalLayout.VERSION;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The journal directory's files: its metadata (the layout version and the epoch), and the list of its segments.
 */
final class JournalFiles
{
    /** A metadata file being written: a crash before its rename leaves this, which a new open replaces. */
    static final String TEMPORARY_SUFFIX = ".tmp";

    private JournalFiles()
    {
    }

    /**
     * The epoch of the journal in {@code directory}, checking its metadata.
     *
     * @return the epoch, or null when the directory has no journal metadata.
     * @throws JournalException if the metadata is of another format or layout version.
     */
    static String readEpoch(final Path directory)
    {
        final Path meta = directory.resolve(META_FILE);
        final ByteBuffer bytes = ByteBuffer.allocate(META_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(meta, StandardOpenOption.READ))
        {
            while (bytes.hasRemaining() && channel.read(bytes) >= 0)
            {
                bytes.hasRemaining(); // read until full or end of file
            }
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read journal metadata " + meta + ": " + ex.getMessage(), ex);
        }
        if (bytes.position() < META_LENGTH || bytes.getLong(META_MAGIC_OFFSET) != MAGIC)
        {
            throw new JournalException(meta + " is not a Tickertape journal's metadata");
        }
        final int version = bytes.getInt(META_VERSION_OFFSET);
        if (version != VERSION)
        {
            throw new JournalException(meta + " is of journal layout version " + version + "; this build reads version " + VERSION);
        }
        final byte[] epoch = new byte[EPOCH_LENGTH];
        bytes.get(META_EPOCH_OFFSET, epoch);
        return JournalLayout.epochOf(epoch);
    }

    /**
     * Write a new journal's metadata, forced to the device: into a temporary file first, then renamed, so a crash
     * leaves it whole or absent.
     */
    static void writeMeta(final Path directory, final String epoch, final long createdMillis)
    {
        final Path meta = directory.resolve(META_FILE);
        final Path temporary = directory.resolve(META_FILE + TEMPORARY_SUFFIX);
        final ByteBuffer bytes = ByteBuffer.allocate(META_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(META_MAGIC_OFFSET, MAGIC).putInt(META_VERSION_OFFSET, VERSION).putLong(META_CREATED_OFFSET, createdMillis);
        bytes.put(META_EPOCH_OFFSET, JournalLayout.epochBytes(epoch));
        try
        {
            try (FileChannel channel = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, meta, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write journal metadata " + meta + ": " + ex, ex);
        }
    }

    /**
     * The segment files of a journal, oldest first: those named by their first sequence, and a segment the writer
     * has started but the janitor has not named yet (a {@code prepared-} file whose header has a first sequence),
     * so a reader sees its records at once, and after a crash before it was named.
     *
     * @param directory the journal.
     * @return their paths.
     */
    static List<Path> segments(final Path directory)
    {
        // A started segment the janitor renames while this lists would be missed twice over (its temporary name gone
        // when its header is read, its final name not in the listing): list again when that happens.
        for (int attempt = 1; ; attempt++)
        {
            final List<Path> paths = new ArrayList<>();
            final List<Long> firsts = new ArrayList<>();
            boolean renamed = false;
            try (Stream<Path> files = Files.list(directory))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    final long first = firstSeq(file);
                    if (first > 0)
                    {
                        paths.add(file);
                        firsts.add(first);
                    }
                    else if (first == RENAMED)
                    {
                        renamed = true;
                    }
                }
            }
            catch (final NoSuchFileException ex)
            {
                return new ArrayList<>();
            }
            catch (final IOException | UncheckedIOException ex)
            {
                throw new JournalException("cannot list journal directory " + directory + ": " + ex.getMessage(), ex);
            }
            if (!renamed || attempt == 5)
            {
                final List<Integer> order = new ArrayList<>();
                for (int i = 0; i < paths.size(); i++)
                {
                    order.add(i);
                }
                order.sort((x, y) -> Long.compare(firsts.get(x), firsts.get(y)));
                final List<Path> segments = new ArrayList<>(paths.size());
                for (final int i : order)
                {
                    segments.add(paths.get(i));
                }
                return segments;
            }
        }
    }

    /** {@link #firstSeq(Path)} of a started segment's temporary file gone while it was read. */
    static final long RENAMED = -2;

    /**
     * The first sequence of a segment file: from its name, or, for a started segment not yet named, from its header.
     *
     * @return it; -1 when the file is not a (started) segment's log; {@link #RENAMED} when a started segment's temporary
     *         file went while it was read.
     */
    static long firstSeq(final Path file)
    {
        final String name = file.getFileName().toString();
        final long named = JournalLayout.firstSeqOf(name);
        if (named >= 0 || !name.startsWith(JournalLayout.PREPARED_PREFIX) || !name.endsWith(LOG_SUFFIX))
        {
            return named;
        }
        final ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            channel.read(header, JournalLayout.SEGMENT_FIRST_SEQ_OFFSET);
        }
        catch (final IOException ex)
        {
            return RENAMED; // named (or deleted) meanwhile
        }
        final long firstSeq = header.position() == 8 ? header.getLong(0) : 0;
        return firstSeq > 0 ? firstSeq : -1;
    }

    /** The names in a directory that are none of a journal's files. */
    static List<String> foreignFiles(final Path directory)
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.map(p -> p.getFileName().toString())
                .filter(n -> !n.equals(META_FILE) && !n.equals(META_FILE + TEMPORARY_SUFFIX) && !n.equals(JournalLayout.LOCK_FILE) &&
                    JournalLayout.firstSeqOf(n) < 0 && !n.endsWith(JournalLayout.INDEX_SUFFIX) &&
                    !n.startsWith(JournalLayout.PREPARED_PREFIX))
                .sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list journal directory " + directory + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Check a mapped segment's header against the journal's layout and epoch.
     *
     * @throws JournalException naming the file when it is not a segment of this journal.
     */
    static void checkHeader(final Path file, final String epoch)
    {
        final ByteBuffer header = ByteBuffer.allocate(JournalLayout.SEGMENT_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            while (header.hasRemaining() && channel.read(header) >= 0)
            {
                header.hasRemaining(); // read until full or end of file
            }
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read journal segment " + file + ": " + ex.getMessage(), ex);
        }
        checkHeader(file, new UnsafeBuffer(header.array(), 0, header.position()), epoch);
    }

    /**
     * Check a segment's header, as read or mapped, against the journal's layout and epoch.
     *
     * @throws JournalException naming the file when it is not a segment of this journal.
     */
    static void checkHeader(final Path file, final UnsafeBuffer log, final String epoch)
    {
        if (log.capacity() < JournalLayout.SEGMENT_HEADER_LENGTH || log.getLong(SEGMENT_MAGIC_OFFSET) != MAGIC)
        {
            throw new JournalException(file + " is not a Tickertape journal segment");
        }
        final int version = log.getInt(SEGMENT_VERSION_OFFSET);
        if (version != VERSION)
        {
            throw new JournalException(file + " is of journal layout version " + version + "; this build reads version " + VERSION);
        }
        final byte[] bytes = new byte[EPOCH_LENGTH];
        log.getBytes(SEGMENT_EPOCH_OFFSET, bytes);
        final String segmentEpoch = JournalLayout.epochOf(bytes);
        if (!segmentEpoch.equals(epoch))
        {
            throw new JournalException(file + " belongs to a journal of epoch " + segmentEpoch + ", not " + epoch);
        }
    }
}
