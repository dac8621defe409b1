package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

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
        try (OneOrder o = new OneOrder())
        {
            final byte[] whole = new byte[4096];
            final int length = o.encode(42, whole, 0, whole.length);
            assertThat(length).isPositive();

            for (int room = 0; room < length + 64; room++)
            {
                final byte[] out = new byte[room + 100];
                final int end = o.encode(42, out, 50, 50 + room);
                for (int i = 50 + room; i < out.length; i++)
                {
                    assertThat(out[i]).as("room %d, byte %d", room, i).isZero();
                }
                if (end >= 0)
                {
                    assertThat(new String(out, 50, end - 50, StandardCharsets.UTF_8))
                        .isEqualTo(new String(whole, 0, length, StandardCharsets.UTF_8));
                }
            }
            final byte[] out = new byte[length + 200];
            assertThat(o.encode(42, out, 0, out.length))
                .as("fits with room to spare").isEqualTo(length);
        }
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
