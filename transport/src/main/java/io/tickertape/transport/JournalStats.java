package io.tickertape.transport;

import io.tickertape.bus.journal.JournalReader;
import io.tickertape.bus.journal.JournalWriter;

/**
 * A snapshot of the journal's figures: from its writer (what the collector appended, holes, write errors) and from a
 * reader (what the directory holds now).
 *
 * @param directory       the journal's directory.
 * @param segments        segment files.
 * @param bytes           bytes of segment files and their indexes.
 * @param oldestSeq       sequence of the oldest event held, 0 if none.
 * @param oldestNanos     timestamp of the oldest event held, 0 if none.
 * @param appended        events appended since the bus started.
 * @param holes           events that could not be journaled since the bus started.
 * @param writeErrors     failures to make, force, name or delete segment files since the bus started.
 * @param segmentsDeleted segments deleted by retention since the bus started.
 */
record JournalStats(
    String directory, long segments, long bytes, long oldestSeq, long oldestNanos, long appended, long holes, long writeErrors,
    long segmentsDeleted)
{
    /** Take the figures; reads the directory (not for a hot path). */
    static JournalStats of(final JournalWriter writer, final JournalReader reader)
    {
        return new JournalStats(writer.directory().toString(), reader.segmentCount(), reader.bytes(), reader.firstSeq(),
            reader.firstTimestampNanos(), writer.appended(), writer.holes(), writer.writeErrors(), writer.segmentsDeleted());
    }

    /** @return whether every collected event since the start was journaled and no file operation failed. */
    boolean healthy()
    {
        return 0 == holes && 0 == writeErrors;
    }
}
