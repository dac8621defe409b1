package io.tickertape.bus;

import com.lmax.disruptor.EventPoller;
import org.agrona.concurrent.Agent;

/**
 * The collector agent: the only reader of the producer rings and the only writer of the history.
 * <p>
 * Each duty cycle polls every producer's ring for a bounded batch, gives each event the next global sequence,
 * encodes its JSON once and appends it to the history; when the cycle found anything it tells the batch
 * listeners once. An event that cannot be encoded is counted, logged once and skipped without using a sequence,
 * so sequences stay gap-free; nothing a producer or listener does can stop this thread (an interrupt included:
 * the flag is cleared and counted, see {@link #clearInterrupt()}).
 * <p>
 * A producer's drops (a full ring refuses an event before it has a sequence) would leave no trace in the
 * sequence, so the collector announces them: when a producer's drop count has grown, it appends a
 * {@link EventType#DROPPED} event naming the producer, how many since the last announcement and the total; at
 * most one per producer per {@link BusContext#dropAnnouncementIntervalNanos(long)}, and a last one at close. The
 * publish path pays nothing for this: it already counts its drops.
 * <p>
 * Its fields ({@link CollectorFields}) are on cache lines of their own: it reads them and writes some per event.
 */
final class Collector extends CollectorRhsPadding implements Agent, EventPoller.Handler<Object>
{
    Collector(
        final TelemetryBus bus, final HistoryRing history, final ErrorLog errors, final int batchLimit)
    {
        super(bus, history, errors, batchLimit);
    }

    @Override
    public int doWork()
    {
        int work = 0;
        int appended = 0;
        int announced = 0;
        final long clearsRequested = bus.clearsRequested();
        final ProducerEntry[] producers = bus.producerEntries();
        for (final ProducerEntry entry : producers)
        {
            current = entry;
            batchCount = 0;
            appendedCount = 0;
            try
            {
                entry.poller.poll(this);
            }
            catch (final Throwable t)
            {
                errors.record(t);
            }
            work += batchCount;
            appended += appendedCount;
            if (entry.dropped.get() != entry.announcedDrops)
            {
                announced += announceDrops(entry, false);
            }
        }
        clearInterrupt();
        if (null != sampledClock)
        {
            sampledClock.resampleIfDue();
        }
        if (work > 0)
        {
            batches = batches + 1;
            collected = collected + appended;
        }
        if (clearsRequested != clearsApplied)
        {
            // After this cycle's poll, which saw everything published before the request was made (up to the
            // batch limit): the clear point is the head now.
            history.clear();
            clearsApplied = clearsRequested;
            work++;
        }
        if (appended > 0 || announced > 0)
        {
            notifyListeners();
        }
        return work + announced;
    }

    @Override
    public boolean onEvent(final Object ringEntry, final long sequence, final boolean endOfBatch)
    {
        batchCount++;
        try
        {
            final long seq = history.head() + 1;
            final ProducerEntry entry = current;
            final byte[] slots = entry.slots;
            final int slot = entry.nextSlot;
            entry.nextSlot = SlotLayout.next(slots, slot, null != entry.originClose, entry.stride, entry.arenaLength);
            final int typeId = PayloadCodec.getUnsignedShort(slots, slot + SlotLayout.TYPE_OFFSET);
            final long timestamp = PayloadCodec.getLong(slots, slot + SlotLayout.TIMESTAMP_OFFSET);
            // Encoded straight into the history's arena, in the room an event of this producer most likely takes.
            final int room = entry.historyRoom;
            final int at = history.reserve(room);
            final int end = encoder.encode(
                seq, slots, slot, slot + entry.stride, entry.source, entry.originClose, false, history.arena(), at, at + room);
            if (end >= 0)
            {
                history.commit(typeId, timestamp, recordKeys(entry, slots), end - at);
            }
            else
            {
                appendLarge(seq, entry, slot, typeId, timestamp);
            }
            appendedCount++;
        }
        catch (final Throwable t)
        {
            errors.record(t);
        }
        return batchCount < batchLimit;
    }

    /**
     * An event that did not fit the room reserved for it: encoded into the encoder's own buffer, then copied in; if
     * it is too long for the history once escaped, kept without its payload, marked truncated.
     */
    private void appendLarge(final long seq, final ProducerEntry entry, final int slot, final int typeId, final long timestamp)
    {
        final byte[] slots = entry.slots;
        final int length = encoder.encode(seq, slots, slot, slot + entry.stride, entry.source, entry.originClose, false);
        if (history.append(typeId, timestamp, recordKeys(entry, slots), encoder.bytes(), 0, length) < 0)
        {
            oversized = oversized + 1;
            final int truncatedLength = encoder.encode(seq, slots, slot, slot + entry.stride, entry.source, entry.originClose, true);
            if (history.append(typeId, timestamp, HistoryRing.keys(KeyDictionary.NONE, KeyDictionary.NONE, sourceId(entry), 0),
                encoder.bytes(), 0, truncatedLength) < 0)
            {
                throw new IllegalStateException("event of " + truncatedLength + " bytes exceeds the history's record limit");
            }
        }
    }

    /**
     * What the history keeps beside the encoded event ({@link RecordKeys}). A method of its own, apart from
     * {@link #onEvent}: the dictionary lookups would otherwise make that method too large for the JIT to inline the
     * encoder and the append into it.
     */
    private long recordKeys(final ProducerEntry entry, final byte[] slots)
    {
        return RecordKeys.of(encoder, history, slots, sourceId(entry), filterKeys);
    }

    private int sourceId(final ProducerEntry entry)
    {
        int id = entry.sourceId;
        if (KeyDictionary.NONE == id)
        {
            id = filterKeys ? history.sources().intern(entry.name, 0, entry.name.length) : history.sources().overflowId();
            entry.sourceId = id;
        }
        return id;
    }

    /**
     * Append a {@code dropped} event for the producer's drops not yet announced, unless one was appended for it
     * within the interval and this is not the last chance.
     *
     * @return 1 if an event was appended.
     */
    private int announceDrops(final ProducerEntry entry, final boolean last)
    {
        final long now = System.nanoTime();
        if (!last && now - entry.lastAnnouncedNanos < dropIntervalNanos)
        {
            return 0;
        }
        final long total = entry.dropped.get();
        final long count = total - entry.announcedDrops;
        if (count <= 0)
        {
            return 0;
        }
        try
        {
            final long seq = history.head() + 1;
            final long timestamp = clock.nanoTime();
            final int length = encoder.encodeDropped(seq, timestamp, entry.source, entry.droppedOpen, count, total);
            if (history.append(EventType.DROPPED.id(), timestamp, HistoryRing.keys(KeyDictionary.NONE, KeyDictionary.NONE, sourceId(entry), 0),
                encoder.bytes(), 0, length) < 0)
            {
                throw new IllegalStateException("dropped event of " + length + " bytes exceeds the history's record limit");
            }
            entry.announcedDrops = total;
            entry.lastAnnouncedNanos = now;
            dropAnnouncements = dropAnnouncements + 1;
            return 1;
        }
        catch (final Throwable t)
        {
            errors.record(t);
            return 0;
        }
    }

    /**
     * Clear this thread's interrupt flag, counting it: the agent runner ends its loop when it finds the flag set
     * after an idle cycle, and nothing but {@link TelemetryBus#close()} may stop collection (a listener or a thread
     * factory that interrupts the thread must not). Called after each duty cycle and each idle.
     */
    void clearInterrupt()
    {
        if (Thread.interrupted())
        {
            interrupts = interrupts + 1;
        }
    }

    private void notifyListeners()
    {
        final long head = history.head();
        for (final BatchListener listener : bus.listeners())
        {
            try
            {
                listener.onBatch(head);
            }
            catch (final Throwable t)
            {
                errors.record(t);
            }
        }
    }

    @Override
    public void onClose()
    {
        // Drain what producers committed before the bus was closed.
        int rounds = 0;
        while (doWork() > 0 && ++rounds < 1_000_000)
        {
            Thread.onSpinWait();
        }
        // The last word on every producer's drops, whatever the interval.
        int announced = 0;
        for (final ProducerEntry entry : bus.producerEntries())
        {
            announced += announceDrops(entry, true);
        }
        if (announced > 0)
        {
            notifyListeners();
        }
    }

    @Override
    public String roleName()
    {
        return "tickertape-collector";
    }

    /** The collector's writers for payload shapes (its own counts: read from another thread, they may lag). */
    PayloadShapes shapes()
    {
        return encoder.shapes();
    }

    long batches()
    {
        return batches;
    }

    long collected()
    {
        return collected;
    }

    long oversized()
    {
        return oversized;
    }

    long dropAnnouncements()
    {
        return dropAnnouncements;
    }

    long interrupts()
    {
        return interrupts;
    }

    long clearsApplied()
    {
        return clearsApplied;
    }

    /**
     * Clear the history from a thread other than the collector's, when the collector cannot: it has ended, or the
     * caller is the collector thread itself (a listener).
     *
     * @param request the request being honoured.
     */
    void clearInPlace(final long request)
    {
        history.clear();
        clearsApplied = Math.max(clearsApplied, request);
    }
}
