package io.tickertape.transport;

import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.journal.JournalReader;
import io.tickertape.bus.journal.JournalWriter;

/**
 * Readers of the bus's journal, one per event loop thread (a reader is single-threaded and keeps its segments
 * mapped), for the queries and streams that reach back beyond the in-memory history.
 */
final class JournalReaders
{
    private final Path directory;
    private final ThreadLocal<JournalReader> local = new ThreadLocal<>();
    private final Queue<JournalReader> all = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private JournalReaders(final Path directory)
    {
        this.directory = directory;
    }

    /** @return readers of the bus's journal, or null when the bus has none. */
    static JournalReaders of(final TelemetryBus bus)
    {
        final JournalWriter journal = bus.journal();
        return null == journal ? null : new JournalReaders(journal.directory());
    }

    /** @return this thread's reader, opened on first use; null once closed. */
    JournalReader get()
    {
        JournalReader reader = local.get();
        if (null == reader && !closed)
        {
            reader = JournalReader.open(directory);
            local.set(reader);
            all.add(reader);
        }
        return reader;
    }

    /** Unmap every reader's segments. Only once no loop reads any more. */
    void close()
    {
        closed = true;
        JournalReader reader;
        while (null != (reader = all.poll()))
        {
            reader.close();
        }
    }
}
