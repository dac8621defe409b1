package io.tickertape.bench.jmh;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What every paced publish benchmark shares: the work an order path does between two events, and the size of the
 * ring or queue each peer publishes into.
 * <p>
 * The work is {@code Blackhole.consumeCPU(tokens)}. Pacing keeps the producer slower than the consumer, so a
 * publish is measured against a ring that is not full; its own cost is measured by {@link PacingBaseline} and is
 * subtracted from each publish benchmark's score. Whether the ring stayed unsaturated shows in each run's
 * {@code dropped} count.
 */
@State(Scope.Benchmark)
public class Workload
{
    /**
     * Tokens burnt before each publish; {@code -p tokens=...} changes it for every publish benchmark at once. 500
     * tokens take about a microsecond: Tickertape's collector needs a few hundred nanoseconds of CPU per event
     * (JSON encode and append), so a producer paced at 100 tokens (about 0.25 us) outruns it and fills the ring.
     */
    @Param({"500"})
    public long tokens;

    /**
     * Slots of every peer's ring or queue (a power of two). Large enough to absorb the consumer's pauses; larger
     * rings cost cache misses on the producer wherever a slot is large.
     */
    @Param({"16384"})
    public int ringSize;
}
