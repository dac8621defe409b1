package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a value costs in a producer's slot, measured as the payload length the writer commits into the slot's header
 * (the figures the table "Values" of docs/EMBEDDING.md gives): a one-byte tag, the two-byte id of its name when it
 * is a member of an object, then its body.
 */
class PayloadBytesTest
{
    private static final EventType TYPE = EventType.of("payload_bytes");

    private final TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1000));
    private final Producer producer = bus.producer("bytes", 1024);

    @AfterEach
    void close()
    {
        bus.close();
    }

    /** The payload bytes the event written by {@code write} took in its slot. */
    private int bytes(final Consumer<EventWriter> write)
    {
        try (EventWriter e = producer.claim(TYPE))
        {
            assertThat(e.isAccepted()).isTrue();
            write.accept(e);
        }
        final int slot = producer.claimedSlot();
        return PayloadCodec.getInt(producer.slots(), slot + SlotLayout.LENGTH_OFFSET);
    }

    @Test
    void shouldTakeATagANameIdAndTheBodyForAMemberOfAnObject()
    {
        assertThat(bytes(e -> e.put("qty", 50))).as("long").isEqualTo(11);
        assertThat(bytes(e -> e.put("price", 19755.0))).as("double").isEqualTo(11);
        assertThat(bytes(e -> e.put("live", true))).as("boolean").isEqualTo(3);
        assertThat(bytes(e -> e.putNull("reason"))).as("null").isEqualTo(3);
        assertThat(bytes(e -> e.put("symbol", "NIFTY"))).as("string: 5 + its UTF-8 length").isEqualTo(5 + 5);
        assertThat(bytes(e -> e.put("currency", "\u20b9"))).as("string of one 3-byte character").isEqualTo(5 + 3);
        assertThat(bytes(e -> e.beginObject("metrics").end())).as("object: 3, plus 1 for its end").isEqualTo(4);
        assertThat(bytes(e -> e.beginArray("symbols").end())).as("array: 3, plus 1 for its end").isEqualTo(4);
    }

    @Test
    void shouldTakeATagAndTheBodyForAnElementOfAnArray()
    {
        final int array = 3 + 1;
        assertThat(bytes(e -> e.beginArray("a").add(50).end()) - array).as("long").isEqualTo(9);
        assertThat(bytes(e -> e.beginArray("a").add(1.5).end()) - array).as("double").isEqualTo(9);
        assertThat(bytes(e -> e.beginArray("a").add(false).end()) - array).as("boolean").isEqualTo(1);
        assertThat(bytes(e -> e.beginArray("a").add((CharSequence)null).end()) - array).as("null").isEqualTo(1);
        assertThat(bytes(e -> e.beginArray("a").add("NIFTY").end()) - array).as("string: 3 + its UTF-8 length").isEqualTo(3 + 5);
        assertThat(bytes(e -> e.beginArray("a").addObject().end().end()) - array).as("object: 1, plus 1 for its end").isEqualTo(2);
    }

    @Test
    void shouldTakeSixtySixBytesForTheReadmesOrder()
    {
        assertThat(bytes(e -> e.put("order_id", "PAPER-0001").put("symbol", "NIFTY").put("side", "BUY")
            .put("status", "filled").put("qty", 50).put("price", 19755.0))).isEqualTo(15 + 10 + 8 + 11 + 11 + 11);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldFitAsManyValuesAsTheirBytesAllow()
    {
        // 64 payload bytes: five named longs (55 bytes) fit, a sixth (66) does not; in an array (3 bytes, 1 kept for
        // its end), six longs (4 + 54) fit, a seventh (67) does not.
        try (TelemetryBus small = TelemetryBus.launch(new BusContext().historyCapacity(1000).slotCapacity(64)))
        {
            final Producer p = small.producer("small", 16);
            try (EventWriter e = p.claim(TYPE))
            {
                e.put("a", 1).put("b", 2).put("c", 3).put("d", 4).put("e", 5).put("f", 6);
            }
            try (EventWriter e = p.claim(TYPE))
            {
                e.beginArray("n").add(1).add(2).add(3).add(4).add(5).add(6).add(7).end();
            }
            Buses.awaitCollected(small, 2);
            final List<Map<String, Object>> events = Buses.newest(small, TypeFilter.parse(TYPE.name()), 2);
            assertThat(Buses.payload(events.get(0))).containsOnlyKeys("a", "b", "c", "d", "e");
            assertThat((List<Object>)Buses.payload(events.get(1)).get("n")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(events).allSatisfy(event -> assertThat(event).containsEntry("truncated", true));
            assertThat(p.truncated()).isEqualTo(2);
        }
    }
}
