package io.tickertape.bus.journal;

/**
 * Receives the records a {@link JournalReader} reads, in sequence order.
 */
@FunctionalInterface
public interface JournalHandler
{
    /**
     * One record; valid only during this call.
     *
     * @param record the record.
     * @return true to go on, false to stop the read after it.
     */
    boolean onRecord(JournalRecord record);
}
