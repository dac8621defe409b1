package io.tickertape.bus;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.tickertape.bench.jmh.OrderFlow;

/**
 * Eight order events (one per symbol) published on a running bus and collected, their producer's slots kept as
 * they are (a slot is not cleared when collected), and an encoder of that bus's member names: what the collector
 * reads, for measuring its per-event code on a thread of the caller's ({@link CollectorEncode},
 * {@link CollectorKeysHarness}).
 */
final class CollectorSlots implements AutoCloseable
{
    /** Events in the slots. */
    static final int EVENTS = 8;

    final TelemetryBus bus = TelemetryBus.launch(new BusContext());
    final Producer producer = bus.producer("execution", 16);
    final byte[] slots;
    /** Where each event's record starts in {@link #slots}: records are packed, see {@link SlotLayout}. */
    final int[] records = new int[EVENTS];
    final int stride;
    final byte[] source;
    final JsonEncoder encoder;

    CollectorSlots()
    {
        this(true);
    }

    /**
     * @param shapeWriters whether the encoder makes writers for payload shapes ({@link BusContext#shapeWriters(boolean)}).
     */
    CollectorSlots(final boolean shapeWriters)
    {
        final OrderFlow o = new OrderFlow();
        for (int i = 0; i < EVENTS; i++)
        {
            o.next();
            if (!Events.order(producer, o.orderId, o.symbol, o.side, o.status, o.qty, o.price))
            {
                throw new IllegalStateException("not published");
            }
            records[i] = producer.claimedSlot();
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bus.history().head() < EVENTS)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("not collected: head " + bus.history().head());
            }
            Thread.onSpinWait();
        }
        slots = producer.slots();
        stride = producer.stride();
        source = JsonEncoder.sourceAndPayload(producer.name());
        encoder = new JsonEncoder(bus.memberNames(), shapeWriters);
    }

    /**
     * The collector's work for event {@code n % 8}: encode it into {@code history}'s arena, its keys, commit it.
     *
     * @return the sequence appended.
     */
    long collect(final long seq, final int n, final HistoryRing history, final int sourceId, final boolean filterKeys)
    {
        final int slot = records[n & (EVENTS - 1)];
        final int typeId = PayloadCodec.getUnsignedShort(slots, slot + SlotLayout.TYPE_OFFSET);
        final int room = ProducerEntry.historyRoom(stride, history.maxRecordLength());
        final int at = history.reserve(room);
        final int end = encoder.encode(seq, slots, slot, slot + stride, source, null, false, history.arena(), at, at + room);
        if (end < 0)
        {
            throw new IllegalStateException("an order event longer than its room");
        }
        final long keys = RecordKeys.of(encoder, history, slots, sourceId, filterKeys);
        return history.commit(typeId, PayloadCodec.getLong(slots, slot + SlotLayout.TIMESTAMP_OFFSET), keys, end - at);
    }

    /** The id a history gives this producer's name, or the overflow id without filter keys. */
    int sourceId(final HistoryRing history, final boolean filterKeys)
    {
        final byte[] name = producer.name().getBytes(StandardCharsets.US_ASCII);
        return filterKeys ? history.sources().intern(name, 0, name.length) : history.sources().overflowId();
    }

    @Override
    public void close()
    {
        bus.close();
    }
}
