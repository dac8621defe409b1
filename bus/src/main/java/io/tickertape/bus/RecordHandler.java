package io.tickertape.bus;

/**
 * Receives records read from a {@link HistoryRing} by a query.
 */
@FunctionalInterface
public interface RecordHandler
{
    /**
     * One validated record. The record is the reader's buffer and is overwritten by the next read: copy what
     * must be kept.
     *
     * @param record the event.
     * @return true to go on, false to stop the query here.
     */
    boolean onRecord(HistoryRecord record);
}
