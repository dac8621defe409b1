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

/** The fields of a {@link ProducerEntry}. */
abstract class ProducerEntryFields extends LinePairPadding
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
