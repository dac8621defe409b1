package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * After each commit a producer stores into the next slot's cache lines ahead of its next event (Producer's
 * warmNextSlot), but only once the collector has finished with that slot. A producer publishing flat out into small
 * rings, so that it runs into the collector's position all the time, with events of every length up to the slot's
 * capacity, packed one after another and going back to the array's start wherever the lengths put its end (see
 * {@link SlotLayout}): every event the collector takes must be exactly the one published, byte for byte.
 */
class SlotWarmingStressTest
{
    private static final int EVENTS = 400_000;

    private static String textFor(final long n)
    {
        // 0 to 485 characters: with "n" and "end" (11 bytes each) and the string's 5, up to the slot's 512 exactly.
        final int length = (int)((n * 37) % 486);
        final char c = (char)('a' + n % 26);
        return String.valueOf(c).repeat(length);
    }

    @Test
    void shouldNeverStoreIntoASlotTheCollectorHasNotRead() throws Exception
    {
        for (final int ringSize : new int[] {2, 4, 64})
        {
            try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(4096).collectorBatchLimit(3)))
            {
                final Producer producer = bus.producer("warm", ringSize);
                final long[] checked = new long[1];
                final AtomicReference<String> failure = Buses.checkEveryRecord(bus, r ->
                {
                    if (EventType.ORDER.id() != r.typeId())
                    {
                        return null; // a `dropped` announcement
                    }
                    final String json = r.json();
                    final int at = json.indexOf("\"n\":") + 4;
                    final long n = Long.parseLong(json.substring(at, json.indexOf(',', at)));
                    checked[0]++;
                    final String expected = "\"n\":" + n + ",\"text\":\"" + textFor(n) + "\",\"end\":" + (n ^ 0x5A5A) + "}";
                    return json.contains(expected) ? null : "event " + n + " is not what was published: " + json;
                });
                for (long n = 0; n < EVENTS; n++)
                {
                    try (EventWriter e = producer.claim(EventType.ORDER))
                    {
                        e.put("n", n).put("text", textFor(n)).put("end", n ^ 0x5A5A);
                    }
                }
                bus.close();
                assertThat(failure.get()).as("ring of %d", ringSize).isNull();
                assertThat(checked[0]).as("ring of %d: every published event checked", ringSize).isEqualTo(producer.published());
                assertThat(producer.published()).as("ring of %d: the producer ran into the collector", ringSize).isLessThan(EVENTS);
            }
        }
    }
}
