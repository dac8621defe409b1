package io.tickertape.bus;

import java.nio.charset.StandardCharsets;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.Sequence;

/**
 * A producer as the collector sees it: its ring, its slots, its source name ready for the encoder, and where the
 * next record to collect starts.
 * <p>
 * On cache lines of its own (128 bytes of padding each side, as the core fetches lines in pairs): the collector
 * reads it and writes {@code nextSlot} per event, and the heap may place it beside the {@link Producer} it refers to
 * (a copying collection moves an object's referents next to it), whose fields the producer's thread writes per
 * publish. Without the padding, one JVM in four ran the collector at about half speed for its whole life
 * ({@code PipelineThroughput}, 20 forks: 5 at 2.84 M to 3.26 M events/s, the others 4.61 M to 5.97 M; padded, all 20
 * at 5.00 M to 5.99 M).
 */
@SuppressWarnings("unused")
final class ProducerEntry extends ProducerEntryFields
{
    byte q000, q001, q002, q003, q004, q005, q006, q007, q008, q009, q010, q011, q012, q013, q014, q015;
    byte q016, q017, q018, q019, q020, q021, q022, q023, q024, q025, q026, q027, q028, q029, q030, q031;
    byte q032, q033, q034, q035, q036, q037, q038, q039, q040, q041, q042, q043, q044, q045, q046, q047;
    byte q048, q049, q050, q051, q052, q053, q054, q055, q056, q057, q058, q059, q060, q061, q062, q063;
    byte q064, q065, q066, q067, q068, q069, q070, q071, q072, q073, q074, q075, q076, q077, q078, q079;
    byte q080, q081, q082, q083, q084, q085, q086, q087, q088, q089, q090, q091, q092, q093, q094, q095;
    byte q096, q097, q098, q099, q100, q101, q102, q103, q104, q105, q106, q107, q108, q109, q110, q111;
    byte q112, q113, q114, q115, q116, q117, q118, q119, q120, q121, q122, q123, q124, q125, q126, q127;

    ProducerEntry(final Producer producer, final long dropIntervalNanos, final int maxRecordLength)
    {
        super(producer, dropIntervalNanos, maxRecordLength);
    }
}

/** Padding before a {@link ProducerEntry}'s fields (by class hierarchy: the JVM may reorder one class's fields). */
@SuppressWarnings("unused")
abstract class ProducerEntryLhsPadding
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

/** The fields of a {@link ProducerEntry}. */
abstract class ProducerEntryFields extends ProducerEntryLhsPadding
{
    final Producer producer;
    // Kept here so the collector never reads the Producer object, whose counters its thread writes per event.
    final EventPoller<Object> poller;
    /** The producer's drop count, read every cycle: on lines of its own, apart from the producer's fields. */
    final Sequence dropped;
    final byte[] slots;
    final int stride;
    final int arenaLength;
    final byte[] source;
    /** For a relay, the bytes after the origin's sequence ({@code },"payload":}); null otherwise. */
    final byte[] originClose;
    final byte[] droppedOpen;
    final byte[] name;
    /** The room reserved in the history for each of its events: {@link #historyRoom(int, int)}. */
    final int historyRoom;
    // Written and read by the collector thread only.
    int sourceId;
    /** Where the next record to collect starts: see {@link SlotLayout#next}. */
    int nextSlot;
    /** Written by the collector; read by {@link TelemetryBus#remove(Producer)} on the producer's thread. */
    volatile long announcedDrops;
    long lastAnnouncedNanos;

    /**
     * @param producer          the producer.
     * @param dropIntervalNanos the least time between two announcements of its drops.
     * @param maxRecordLength   the history's {@link HistoryRing#maxRecordLength()}.
     */
    ProducerEntryFields(final Producer producer, final long dropIntervalNanos, final int maxRecordLength)
    {
        this.historyRoom = historyRoom(producer.stride(), maxRecordLength);
        this.producer = producer;
        this.poller = producer.poller();
        this.dropped = producer.droppedCount();
        this.slots = producer.slots();
        this.stride = producer.stride();
        this.arenaLength = producer.arenaLength();
        final Origin origin = producer.origin();
        final String source = null == origin ? producer.name() : origin.source();
        this.source = null == origin ? JsonEncoder.sourceAndPayload(source) : JsonEncoder.sourceAndOrigin(origin);
        this.originClose = null == origin ? null : JsonEncoder.ORIGIN_CLOSE;
        this.droppedOpen = JsonEncoder.droppedOpen(source);
        this.name = source.getBytes(StandardCharsets.UTF_8);
        this.lastAnnouncedNanos = System.nanoTime() - dropIntervalNanos;
    }

    /**
     * The room the collector reserves in the history for an event of a producer: the JSON of a slot's payload
     * is seldom twice the slot's size, and most events are far smaller; an event that does not fit is encoded
     * again apart and copied in. At least
     * {@value #HISTORY_ROOM_MIN} bytes, at most a quarter of the history's record limit (a thirty-second of its
     * arena): the history keeps up to a room free ahead of the newest event, and may leave up to a room unused at
     * its arena's end, so what it holds is at most a sixteenth less than without.
     */
    static int historyRoom(final int stride, final int maxRecordLength)
    {
        return Math.min(maxRecordLength / 4, Math.max(HISTORY_ROOM_MIN, 2 * stride));
    }

    /** The room reserved in the history per event at least, unless a thirty-second of the arena is less. */
    static final int HISTORY_ROOM_MIN = 2048;
}
