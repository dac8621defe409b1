package io.tickertape.bench.jmh;

/**
 * Settings every benchmark shares, as compile-time constants so that JMH annotations can name them.
 */
final class BenchConfig
{
    /** Agrona reaches into {@code jdk.internal.misc} on Java 17: every forked JVM needs the export. */
    static final String ADD_EXPORTS = "--add-exports";
    /** The value that goes with {@link #ADD_EXPORTS}. */
    static final String JDK_INTERNAL_MISC = "java.base/jdk.internal.misc=ALL-UNNAMED";
    /** A fixed heap, so every peer runs with the same memory and GC sizing. */
    static final String HEAP_MIN = "-Xms2g";
    /** See {@link #HEAP_MIN}. */
    static final String HEAP_MAX = "-Xmx2g";

    /** Slots of the rings that benchmarks without a {@link Workload} publish into. */
    static final int RING_SIZE = 16_384;

    /** Events a consumer of a peer takes per poll, as the bus's collector does by default. */
    static final int BATCH_LIMIT = 1024;

    private BenchConfig()
    {
    }
}
