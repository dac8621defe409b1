package io.tickertape.bench.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Events accepted and dropped by the publishing thread in one iteration, reported beside the score: a run whose
 * {@code dropped} is not 0 measured a ring that filled up, not the publish path alone.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class PublishCounters
{
    /** Events the pipeline took. */
    public long accepted;
    /** Events refused because the ring or queue was full. */
    public long dropped;

    /**
     * Count one publish.
     *
     * @param wasAccepted whether the pipeline took the event.
     * @return {@code wasAccepted}.
     */
    boolean count(final boolean wasAccepted)
    {
        if (wasAccepted)
        {
            accepted++;
        }
        else
        {
            dropped++;
        }
        return wasAccepted;
    }
}
