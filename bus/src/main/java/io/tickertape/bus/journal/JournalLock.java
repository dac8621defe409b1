package io.tickertape.bus.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one writer's hold on a journal: an exclusive OS lock on {@code journal.lock} in its directory, released on
 * {@link #close()} or when the process ends (a kill included), so that a second writer never recovers, and so cuts,
 * the first one's segments under it.
 * <p>
 * The OS lock is the process's (a POSIX record lock): closing any channel of the file releases it, whichever channel
 * took it. So a second writer in the same process is refused by a set of the locks this process holds, before it
 * opens a channel of its own on the file.
 */
final class JournalLock implements AutoCloseable
{
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final FileChannel channel;
    private final Path key;
    private boolean closed;

    private JournalLock(final FileChannel channel, final Path key)
    {
        this.channel = channel;
        this.key = key;
    }

    /**
     * Take the journal's lock.
     *
     * @param directory the journal's directory, which exists.
     * @return the held lock.
     * @throws JournalException naming the directory when another writer (in this or another process) holds it.
     */
    static JournalLock take(final Path directory)
    {
        final Path file = directory.resolve(JournalLayout.LOCK_FILE);
        final Path key;
        try
        {
            key = directory.toRealPath().resolve(JournalLayout.LOCK_FILE);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot open journal lock " + file + ": " + ex, ex);
        }
        if (!HELD.add(key))
        {
            throw inUse(directory, file);
        }
        try
        {
            final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            boolean locked = false;
            try
            {
                locked = null != channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                // another channel of this process locks it (not a journal writer's): not ours to take
            }
            finally
            {
                if (!locked)
                {
                    channel.close(); // this process held no lock on the file that closing could release
                }
            }
            if (!locked)
            {
                throw inUse(directory, file);
            }
            return new JournalLock(channel, key);
        }
        catch (final IOException ex)
        {
            HELD.remove(key);
            throw new JournalException("cannot lock journal " + file + ": " + ex, ex);
        }
        catch (final RuntimeException ex)
        {
            HELD.remove(key);
            throw ex;
        }
    }

    private static JournalException inUse(final Path directory, final Path file)
    {
        return new JournalException("journal directory " + directory + " is in use: another process (or bus) writes to it " +
            "and holds " + file + "; a journal has one writer (its tools read it while it runs)");
    }

    /** Release the lock. Idempotent. */
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
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot release journal lock " + key + ": " + ex, ex);
        }
        finally
        {
            HELD.remove(key);
        }
    }
}
