package io.tickertape.bus;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.EpochNanoClock;

/**
 * A single-writer source of events with its own ring: what an engine thread publishes through.
 * <p>
 * Get one from {@link TelemetryBus#producer(String, int)}. A producer belongs to one thread at a time: claims are
 * not synchronised, so two threads must never claim on the same producer concurrently (give each engine thread its
 * own producer). With assertions enabled ({@code -ea}) a claim from a second thread, or a claim while the previous
 * event is still open, fails with an {@link IllegalStateException}; without them it costs nothing.
 * <p>
 * {@link #claim(EventType)} never blocks and never allocates. When the ring is full (the collector is behind) the
 * event is dropped and counted, and the returned writer discards what is written to it.
 */
public final class Producer
{
    private final String name;
    private final int ringSize;
    /** The entry of every ring position: the ring orders and gates slots, which live in {@link #slots}. */
    private static final Object ENTRY = new Object();

    private final RingBuffer<Object> ring;
    private final EventPoller<Object> poller;
    private final byte[] slots;
    private final int stride;
    private final int payloadCapacity;
    private final EpochNanoClock clock;
    private final EventWriter writer;
    /** Set by {@link TelemetryBus#remove(Producer)}, on this producer's thread: every claim after it is dropped. */
    private boolean removed;
    private final EventWriter dropWriter;
    private final TelemetryBus bus;
    /** Where a relayed event came from; null for a producer of this process's own events. */
    private final Origin origin;
    /** For a relay, the offset in a slot of the origin's sequence (the slot's last 8 bytes, past the payload). */
    private final int originSeqOffset;

    private final int arenaLength;
    private long claimedSequence = -1;
    /** Where the open (or last) event's record starts, and where the next one will: see {@link SlotLayout#next}. */
    private int claimedSlot;
    private int nextSlot;
    private Thread owner;

    // Written only by the owning thread (release stores), read by the collector every cycle and by stats readers.
    // Each is a Disruptor Sequence, a long padded to cache lines of its own: as fields of this object they shared a
    // line with the fields above, which every publish writes, so each of the collector's reads took that line from
    // the producer's core and the next publish had to take it back.
    private final Sequence dropped = new Sequence(0);
    private final Sequence truncated = new Sequence(0);

    Producer(final TelemetryBus bus, final String name, final int ringSize, final int payloadCapacity, final EpochNanoClock clock)
    {
        this(bus, name, null, ringSize, payloadCapacity, clock);
    }

    Producer(
        final TelemetryBus bus,
        final String name,
        final Origin origin,
        final int ringSize,
        final int payloadCapacity,
        final EpochNanoClock clock)
    {
        this.bus = bus;
        this.name = name;
        this.origin = origin;
        this.ringSize = ringSize;
        this.clock = clock;
        this.payloadCapacity = payloadCapacity;
        this.stride = SlotLayout.stride(null == origin ? payloadCapacity : payloadCapacity + SlotLayout.ORIGIN_SEQ_LENGTH);
        this.originSeqOffset = stride - SlotLayout.ORIGIN_SEQ_LENGTH;
        this.arenaLength = SlotLayout.arenaLength(ringSize, stride);
        this.writer = new EventWriter(this, null == bus ? null : bus.memberNames());
        this.dropWriter = new EventWriter(this, null);
        if (null == bus)
        {
            ring = null;
            poller = null;
            slots = null;
        }
        else
        {
            slots = new byte[arenaLength];
            // The collector polls; nobody waits on this ring, so the wait strategy must not signal on publish
            // (the default BlockingWaitStrategy takes a lock on every publish).
            ring = RingBuffer.createSingleProducer(() -> ENTRY, ringSize, new BusySpinWaitStrategy());
            poller = ring.newPoller();
            // The poller gates the ring: the producer can never overwrite a slot the collector has not read.
            ring.addGatingSequences(poller.getSequence());
        }
    }

    /**
     * Claim the next slot for an event of the given type. Close the returned writer to publish the event
     * (try-with-resources does it even when the block throws).
     *
     * @param type the event's type.
     * @return a writer over the claimed slot, or a discarding writer if the event was dropped.
     * @throws NullPointerException if the type is null (nothing is claimed or counted).
     */
    public EventWriter claim(final EventType type)
    {
        assert checkOwner();
        // Everything that could throw (the type, a clock of the application's) comes before the slot is taken: a
        // sequence claimed and never published would be published by the next event's commit, and the collector,
        // which finds each record where the previous one ended, would lose its place. The clock is read only once
        // the ring is known to have room, so a full ring drops without reading it; with one writer, room cannot go.
        final int typeId = type.id();
        if (!hasRoom())
        {
            return drop();
        }
        final long timestamp = clock.nanoTime();
        final long sequence = next();
        return sequence < 0 ? drop() : wrap(sequence, typeId, timestamp);
    }

    /**
     * Claim the next slot of a relay (see {@link TelemetryBus#relay(Origin, int)}) for an event first published
     * elsewhere: it keeps its original timestamp, and its JSON carries the {@link #origin()} and the sequence it
     * had there. Like {@link #claim(EventType)}, it never blocks and never allocates.
     *
     * @param type           the event's type.
     * @param timestampNanos when the event was published at its origin, epoch nanoseconds.
     * @param originSeq      its sequence on the origin's bus.
     * @return a writer over the claimed slot, or a discarding writer if the event was dropped.
     * @throws IllegalStateException if this producer is not a relay (nothing is claimed or counted).
     */
    public EventWriter claimRelayed(final EventType type, final long timestampNanos, final long originSeq)
    {
        assert checkOwner();
        final int typeId = type.id();
        if (null == origin)
        {
            throw new IllegalStateException("producer '" + name + "' is not a relay");
        }
        final long sequence = hasRoom() ? next() : -1;
        if (sequence < 0)
        {
            return drop();
        }
        PayloadCodec.putLong(slots, nextSlot + originSeqOffset, originSeq);
        return wrap(sequence, typeId, timestampNanos);
    }

    /**
     * Whether {@link TelemetryBus#remove(Producer)} could let this producer go now: everything it published has been
     * collected and no event is open.
     */
    boolean isDrained()
    {
        return !writer.isAccepted() && depth() == 0;
    }

    void markRemoved()
    {
        removed = true;
    }

    /** @return whether an event can be claimed: the ring has room, the bus is open, the previous event is closed. */
    private boolean hasRoom()
    {
        final RingBuffer<Object> ring = this.ring;
        return null != ring && !removed && !bus.isClosing() && !writer.isAccepted() && ring.hasAvailableCapacity(1);
    }

    /** @return the claimed sequence, or -1 if the ring had no room after all (never, with one writer). */
    private long next()
    {
        try
        {
            return ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            return -1;
        }
    }

    private EventWriter wrap(final long sequence, final int typeId, final long timestamp)
    {
        final byte[] slots = this.slots;
        final int offset = nextSlot;
        PayloadCodec.putLong(slots, offset + SlotLayout.TIMESTAMP_OFFSET, timestamp);
        PayloadCodec.putUnsignedShort(slots, offset + SlotLayout.TYPE_OFFSET, typeId);
        claimedSequence = sequence;
        claimedSlot = offset;
        writer.wrap(slots, offset, payloadCapacity);
        return writer;
    }

    /**
     * Claim a slot for an event of a custom type given by name. The first use of a name declares the type (a
     * lock and an allocation, once); on an order path prefer an {@link EventType} kept in a constant.
     *
     * @param type a type name, see {@link EventType#of(String)}.
     * @return a writer over the claimed slot, or a discarding writer if the event was dropped.
     * @throws IllegalArgumentException if the name is not a valid type name.
     */
    public EventWriter claim(final String type)
    {
        EventType eventType = EventType.find(type);
        if (null == eventType)
        {
            eventType = EventType.of(type);
        }
        return claim(eventType);
    }

    private EventWriter drop()
    {
        if (null != ring)
        {
            dropped.set(dropped.get() + 1);
        }
        return dropWriter;
    }

    void commit(final boolean wasTruncated, final int bytesUsed)
    {
        // No counter of published events: the ring's cursor is one (sequences start at 0), and that store is the
        // publication itself, so counting costs nothing more.
        ring.publish(claimedSequence);
        if (wasTruncated)
        {
            truncated.set(truncated.get() + 1);
        }
        nextSlot = SlotLayout.next(slots, claimedSlot, null != origin, stride, arenaLength);
        warmNextSlot(bytesUsed);
    }

    /**
     * Take the cache lines of the next record for writing now, as many as this event used, so that the next publish
     * does not wait for them: the collector read them on its own core a lap ago, and a store to a line another core
     * holds waits for that core to let it go. Stored here, the lines move while the caller goes on with its own work
     * (the stores wait in the store buffer, not the caller). Only when the ring has room for one more event: then,
     * as {@link SlotLayout} shows, the next record's widest extent holds nothing the collector has yet to read; the
     * bytes stored are overwritten by the next event or lie past its length, where nobody reads.
     */
    private void warmNextSlot(final int bytesUsed)
    {
        if (ring.hasAvailableCapacity(1))
        {
            final byte[] slots = this.slots;
            final int start = nextSlot;
            final int end = start + Math.min(stride, bytesUsed);
            for (int at = start; at < end; at += SlotLayout.CACHE_LINE)
            {
                slots[at] = 0;
            }
            slots[end - 1] = 0; // a record that starts inside a line may end in one the steps above passed over
        }
    }

    private boolean checkOwner()
    {
        final Thread current = Thread.currentThread();
        if (null == owner)
        {
            owner = current;
        }
        else if (owner != current)
        {
            throw new IllegalStateException("producer '" + name + "' belongs to thread " + owner.getName() +
                " but was claimed on " + current.getName());
        }
        if (writer.isAccepted())
        {
            throw new IllegalStateException("producer '" + name + "': claim while the previous event is still open");
        }
        return true;
    }

    /**
     * Hand the producer to another thread (for example when an engine restarts its thread). Only meaningful with
     * assertions enabled; the previous owner must no longer use it.
     */
    public void releaseOwnership()
    {
        owner = null;
    }

    /**
     * The name, written as the {@code "source"} of each event.
     *
     * @return the producer's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Where this producer's events come from, if it relays events first published elsewhere.
     *
     * @return the origin, or null for a producer of this process's own events.
     */
    public Origin origin()
    {
        return origin;
    }

    /**
     * The number of slots of this producer's ring.
     *
     * @return the ring size, a power of two.
     */
    public int ringSize()
    {
        return ringSize;
    }

    /**
     * Events committed so far.
     *
     * @return the count.
     */
    public long published()
    {
        return null == ring ? 0 : ring.getCursor() + 1;
    }

    /**
     * Events dropped so far because the ring was full or the bus was closing.
     *
     * @return the count.
     */
    public long dropped()
    {
        return dropped.get();
    }

    /**
     * Events committed with a payload cut to fit the slot.
     *
     * @return the count.
     */
    public long truncated()
    {
        return truncated.get();
    }

    /**
     * Events committed but not yet collected: how full the ring is (an event being written counts from its commit).
     *
     * @return the depth, 0 to {@link #ringSize()}.
     */
    public long depth()
    {
        if (null == ring)
        {
            return 0;
        }
        final long depth = ring.getCursor() - poller.getSequence().get();
        return Math.max(0, Math.min(depth, ringSize));
    }

    Sequence droppedCount()
    {
        return dropped;
    }

    EventPoller<Object> poller()
    {
        return poller;
    }

    byte[] slots()
    {
        return slots;
    }

    int stride()
    {
        return stride;
    }

    int arenaLength()
    {
        return arenaLength;
    }

    /** @return where the last claimed event's record starts in {@link #slots()}. */
    int claimedSlot()
    {
        return claimedSlot;
    }
}
