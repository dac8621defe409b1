package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;

class JsonEncoderTest
{
    @Test
    void shouldWriteEverySequenceWhetherCountedOnOrAfterAGap()
    {
        try (OneOrder o = new OneOrder())
        {
            final byte[] out = new byte[4096];

            final long[] seqs = new long[3000];
            int n = 0;
            for (long seq = 1; seq <= 1200; seq++)
            {
                seqs[n++] = seq; // 9 to 10, 99 to 100, 999 to 1000
            }
            for (final long seq : new long[] {1200, 1202, 99_998, 99_999, 100_000, 100_001, 7, 8, 9_999_999_999L,
                10_000_000_000L, Long.MAX_VALUE - 1, Long.MAX_VALUE})
            {
                seqs[n++] = seq; // the same again, gaps, one back, the longest
            }
            for (int i = 0; i < n; i++)
            {
                final int end = o.encode(seqs[i], out, 8, out.length);
                final Map<String, Object> event = Json.object(new String(out, 8, end - 8, StandardCharsets.UTF_8));
                assertThat(((Number)event.get("seq")).longValue()).as("event %d", i).isEqualTo(seqs[i]);
                assertThat(event).containsEntry("type", "order_event").containsEntry("source", "execution");
            }
        }
    }

    @Test
    void shouldSayWhenAnEventDoesNotFitItsRoomAndWriteNothingPastIt()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().slotCapacity(256)))
        {
            final Producer producer = bus.producer("execution", 64);
            final Origin origin = new Origin("alpha", "execution", "e1");
            final Producer relay = bus.relay(origin, 64);
            final JsonEncoder encoder = new JsonEncoder(bus.memberNames());
            final List<Runnable> sweeps = new ArrayList<>();
            final Consumer<EventWriter> order = e -> e.put("order_id", "o-1").put("symbol", "AAPL").put("qty", 5).put("price", 1.5);
            final List<Consumer<EventWriter>> payloads = List.of(
                order,
                e -> e.put("note", "line\nbreak \"quoted\" back\\slash\ttab").put("controls", "\u0001".repeat(20)),
                e -> e.beginObject("o").put("x", 1.5).put("nan", Double.NaN).beginArray("a").add(1).add("s").add(true).end()
                    .putNull("n").put("f", false).end().put("tiny", 4.9e-324).put("huge", -1.7976931348623157e308),
                e -> e.put("cut", "x".repeat(300)), // past the slot: truncated
                e -> e.put("\u00e9t\u00e9 \"name\"", "\u20ac\ud83d\ude00"),
                e -> e.put("long", "y".repeat(150) + "\n")); // fits once escaped, not at six bytes a byte
            for (final Consumer<EventWriter> payload : payloads)
            {
                try (EventWriter e = producer.claim(EventType.ORDER))
                {
                    payload.accept(e);
                }
                final int slot = producer.claimedSlot();
                assertThat(producer.slots()[slot + SlotLayout.TRUNCATED_OFFSET] != 0).as("cut").isEqualTo(payloads.indexOf(payload) == 3);
                sweeps.add(() -> sweep(encoder, producer, slot, JsonEncoder.sourceAndPayload(producer.name()), null));
            }
            try (EventWriter e = relay.claimRelayed(EventType.ORDER, 1_000_000_000L, Long.MAX_VALUE))
            {
                order.accept(e);
            }
            final int relayed = relay.claimedSlot();
            sweeps.add(() -> sweep(encoder, relay, relayed, JsonEncoder.sourceAndOrigin(origin), JsonEncoder.ORIGIN_CLOSE));
            awaitCollected(bus, payloads.size() + 1);
            sweeps.forEach(Runnable::run);
        }
    }

    /** Encode one slot in every room from none to more than it needs: said so, or whole, and nothing past the room. */
    private static void sweep(
        final JsonEncoder encoder, final Producer producer, final int slot, final byte[] source, final byte[] originClose)
    {
        final int slotEnd = slot + producer.stride();
        final byte[] whole = new byte[4096];
        final int length = encoder.encode(42, producer.slots(), slot, slotEnd, source, originClose, false, whole, 0, whole.length);
        assertThat(length).isPositive();
        final String json = new String(whole, 0, length, StandardCharsets.UTF_8);
        assertThat(Json.object(json)).containsEntry("seq", 42L);
        for (int room = 0; room < length + 64; room++)
        {
            final byte[] out = new byte[room + 100];
            final int end = encoder.encode(42, producer.slots(), slot, slotEnd, source, originClose, false, out, 50, 50 + room);
            for (int i = 50 + room; i < out.length; i++)
            {
                assertThat(out[i]).as("%s in room %d: byte %d", json, room, i).isZero();
            }
            if (end >= 0)
            {
                assertThat(new String(out, 50, end - 50, StandardCharsets.UTF_8)).isEqualTo(json);
            }
        }
        final byte[] out = new byte[length + 200];
        assertThat(encoder.encode(42, producer.slots(), slot, slotEnd, source, originClose, false, out, 0, out.length))
            .as("fits with room to spare: %s", json).isEqualTo(length);
    }

    /** A bus with one order event published and collected, and an encoder of its slot. */
    private static final class OneOrder implements AutoCloseable
    {
        final TelemetryBus bus = TelemetryBus.launch(new BusContext());
        final Producer producer = bus.producer("execution", 16);
        final int slot;
        final JsonEncoder encoder = new JsonEncoder(bus.memberNames());
        final byte[] source = JsonEncoder.sourceAndPayload(producer.name());

        OneOrder()
        {
            Events.order(producer, "o-1", "AAPL", "BUY", "new", 5, 1.5);
            slot = producer.claimedSlot();
            awaitCollected(bus, 1);
        }

        int encode(final long seq, final byte[] out, final int at, final int limit)
        {
            return encoder.encode(seq, producer.slots(), slot, slot + producer.stride(), source, null, false, out, at, limit);
        }

        @Override
        public void close()
        {
            bus.close();
        }
    }
}
