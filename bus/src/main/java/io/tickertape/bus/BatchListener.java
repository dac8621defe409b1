package io.tickertape.bus;

/**
 * Told once per collector duty cycle that new records were appended to the history: the signal a live
 * transport uses to wake its readers, instead of polling.
 * <p>
 * Runs on the collector thread: it must be quick and must not block (wake a thread or schedule a task, then
 * return). An exception it throws is counted and logged once; the collector carries on.
 */
@FunctionalInterface
public interface BatchListener
{
    /**
     * Records up to {@code headSeq} are now readable.
     *
     * @param headSeq the newest sequence in the history.
     */
    void onBatch(long headSeq);
}
