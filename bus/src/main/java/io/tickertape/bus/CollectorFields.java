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
abstract class CollectorFields extends CollectorLhsPadding
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

/** Padding before the {@link Collector}'s fields. */
@SuppressWarnings("unused")
abstract class CollectorLhsPadding
{
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    byte p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079;
    byte p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095;
    byte p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
    byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;
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
