package io.tickertape.bus;

import org.agrona.concurrent.EpochNanoClock;

/**
 * The fields of the {@link Collector}, on cache lines of their own (128 bytes of padding each side, by class
 * hierarchy, as the core fetches lines in pairs and the JVM may reorder one class's fields). The collector reads them
 * per event and writes some ({@link #batchCount}, {@link #appendedCount}); a copying collection may place the
 * collector beside an object the producer's thread writes per publish (a {@link Producer}, an {@link EventWriter},
 * or one of the application's), and a shared line would make every event wait for it. Without the padding, 4 JVMs
 * in 20 ran the collector at about half speed for their whole life, with the extra time in {@code onEvent}'s and
 * {@code recordKeys}'s loads of these fields (docs/BENCHMARKS.md).
 */
@SuppressWarnings("unused")
abstract class CollectorFields extends LinePairPadding
{
    final TelemetryBus bus;
    final HistoryRing history;
    final JsonEncoder encoder;
    final ErrorLog errors;
    final int batchLimit;
    final long dropIntervalNanos;
    final EpochNanoClock clock;
    final SampledEpochClock sampledClock; // the default clock, which this thread resamples; else null
    final boolean filterKeys;

    ProducerEntry current;
    int batchCount;
    int appendedCount;
    volatile long batches;
    volatile long collected;
    volatile long oversized;
    volatile long dropAnnouncements;
    volatile long interrupts;
    volatile long clearsApplied;

    CollectorFields(final TelemetryBus bus, final HistoryRing history, final ErrorLog errors, final int batchLimit)
    {
        this.bus = bus;
        this.history = history;
        this.errors = errors;
        this.batchLimit = batchLimit;
        this.dropIntervalNanos = bus.context().dropAnnouncementIntervalNanos();
        this.clock = bus.context().clock();
        this.sampledClock = clock instanceof SampledEpochClock ? (SampledEpochClock)clock : null;
        this.encoder = new JsonEncoder(bus.memberNames(), bus.context().shapeWriters());
        this.filterKeys = bus.context().filterKeys();
    }
}

/** Padding after the {@link Collector}'s fields. */
@SuppressWarnings("unused")
abstract class CollectorRhsPadding extends CollectorFields
{
    // Longs, not bytes: the JVM may put a subclass's small fields into gaps between its superclass's fields.
    long q00, q01, q02, q03, q04, q05, q06, q07;
    long q08, q09, q10, q11, q12, q13, q14, q15;

    CollectorRhsPadding(final TelemetryBus bus, final HistoryRing history, final ErrorLog errors, final int batchLimit)
    {
        super(bus, history, errors, batchLimit);
    }
}
