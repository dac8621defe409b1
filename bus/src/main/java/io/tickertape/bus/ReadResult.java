package io.tickertape.bus;

/**
 * The outcome of reading one sequence from a {@link HistoryRing}.
 */
public enum ReadResult
{
    /** The record was copied whole and is valid. */
    OK,
    /** That sequence has not been written yet. */
    NOT_AVAILABLE,
    /** That sequence is no longer held: it was overwritten before or while it was read. */
    LAPPED,
    /** That sequence is held but its type does not pass the reader's filter: nothing was copied. */
    SKIPPED
}
