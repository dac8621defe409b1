package io.tickertape.bus;

import com.lmax.disruptor.EventPoller;
import org.agrona.concurrent.Agent;

/**
 * The collector agent: the only reader of the producer rings and the only writer of the history.
 * <p>
 * Each duty cycle polls every producer's ring for a bounded batch, gives each event the next global sequence,
 * encodes its JSON once and appends it to the history; when the cycle found anything it tells the batch
 * listeners once. An event that cannot be encoded is counted, logged once and skipped without using a sequence,
 * so sequences stay gap-free; nothing a producer or listener does can stop this thread.
 */
final class Collector implements Agent, EventPoller.Handler<Object>
{
    private final TelemetryBus bus;
    private final HistoryRing history;
    private final JsonEncoder encoder;
    private final DistinctErrorLog errors;
    private final int batchLimit;

    private ProducerEntry current;
    private int batchCount;
    private int appendedCount;
    private volatile long batches;
    private volatile long collected;
    private volatile long oversized;

    Collector(final TelemetryBus bus, final HistoryRing history, final DistinctErrorLog errors, final int batchLimit)
    {
        this.bus = bus;
        this.history = history;
        this.errors = errors;
        this.batchLimit = batchLimit;
        this.encoder = new JsonEncoder(bus.memberNames());
    }

    @Override
    public int doWork()
    {
        int work = 0;
        int appended = 0;
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
        }
        if (work > 0)
        {
            batches = batches + 1;
            collected = collected + appended;
            if (appended > 0)
            {
                notifyListeners();
            }
        }
        return work;
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
            final int slot = (int)(sequence & entry.mask) * entry.stride;
            final int typeId = PayloadCodec.getUnsignedShort(slots, slot + SlotLayout.TYPE_OFFSET);
            final int length = encoder.encode(seq, slots, slot, slot + entry.stride, entry.source, false);
            if (history.append(typeId, encoder.bytes(), 0, length) < 0)
            {
                // Too long for the history once escaped: keep the event, without its payload, marked truncated.
                oversized = oversized + 1;
                final int shortLength = encoder.encode(seq, slots, slot, slot + entry.stride, entry.source, true);
                if (history.append(typeId, encoder.bytes(), 0, shortLength) < 0)
                {
                    throw new IllegalStateException("event of " + shortLength + " bytes exceeds the history's record limit");
                }
            }
            appendedCount++;
        }
        catch (final Throwable t)
        {
            errors.record(t);
        }
        return batchCount < batchLimit;
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
    }

    @Override
    public String roleName()
    {
        return "tickertape-collector";
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

    /** A producer with its source name ready for the encoder. */
    static final class ProducerEntry
    {
        final Producer producer;
        // Kept here so the collector never reads the Producer object, whose counters its thread writes per event.
        final EventPoller<Object> poller;
        final byte[] slots;
        final int stride;
        final int mask;
        final byte[] source;

        ProducerEntry(final Producer producer)
        {
            this.producer = producer;
            this.poller = producer.poller();
            this.slots = producer.slots();
            this.stride = producer.stride();
            this.mask = producer.mask();
            this.source = JsonEncoder.sourceAndPayload(producer.name());
        }
    }
}
