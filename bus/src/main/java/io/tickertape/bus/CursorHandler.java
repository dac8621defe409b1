package io.tickertape.bus;

/**
 * Receives what a {@link HistoryCursor} reads: the matching records in order, and the gaps where records were
 * overwritten before the cursor got to them.
 */
public interface CursorHandler extends RecordHandler
{
    /**
     * Records from {@code fromSeq} to {@code toSeq} (inclusive) were overwritten before they were read; the cursor
     * goes on from {@code toSeq + 1}, the oldest record still held.
     *
     * @param fromSeq first sequence missed.
     * @param toSeq   last sequence missed.
     */
    void onGap(long fromSeq, long toSeq);
}
