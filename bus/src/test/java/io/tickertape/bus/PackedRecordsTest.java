package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.tickertape.testkit.Json;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.Test;

/**
 * Records are packed in a producer's array (see {@link SlotLayout}): each starts where the previous one's bytes end,
 * and a ring of N slots still holds any N events, the largest included, however the array's end falls among them.
 */
class PackedRecordsTest
{
    private static final int RING = 8;

    @Test
    void shouldStartEachRecordRightAfterThePreviousOneRoundedUpToEight()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext()))
        {
            final Producer producer = bus.producer("packed", 64);
            int expected = 0;
            for (int i = 0; i < 20; i++)
            {
                try (EventWriter e = producer.claim(EventType.ORDER))
                {
                    e.put("n", i).put("text", "x".repeat(i * 7));
                }
                assertThat(producer.claimedSlot()).as("event %d", i).isEqualTo(expected);
                final int payload = PayloadCodec.getInt(producer.slots(), expected + SlotLayout.LENGTH_OFFSET);
                assertThat(payload).as("event %d: n, then a string of 5 + %d bytes", i, i * 7).isEqualTo(11 + 5 + i * 7);
                expected += (SlotLayout.HEADER_LENGTH + payload + 7) & -8;
            }
            assertThat(expected).as("20 events in less than 4 fixed slots' bytes").isLessThan(4 * producer.stride());
            awaitCollected(bus, 20);
        }
    }

    @Test
    void shouldClaimNothingWhenTheApplicationsClockThrows()
    {
        final Thread publisher = Thread.currentThread();
        final AtomicBoolean fail = new AtomicBoolean();
        final OffsetEpochNanoClock time = new OffsetEpochNanoClock();
        final BusContext context = new BusContext().clock(() ->
        {
            if (Thread.currentThread() == publisher && fail.getAndSet(false))
            {
                throw new IllegalStateException("clock failed");
            }
            return time.nanoTime();
        });
        try (TelemetryBus bus = TelemetryBus.launch(context))
        {
            final Producer producer = bus.producer("clocked", 4);
            for (int n = 0; n < 40; n++)
            {
                if (n % 3 == 1)
                {
                    fail.set(true);
                    assertThatThrownBy(() -> producer.claim(EventType.ORDER)).hasMessage("clock failed");
                }
                try (EventWriter e = producer.claim(EventType.ORDER))
                {
                    e.put("n", n).put("text", "x".repeat(n * 5));
                }
                final long head = n + 1; // one at a time, so the ring of 4 never drops
                await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10)).until(() -> bus.history().head() >= head);
            }
            assertThat(producer.published()).isEqualTo(40);
            final HistoryRecord record = new HistoryRecord(bus.history());
            for (int n = 0; n < 40; n++)
            {
                assertThat(bus.history().read(n + 1, record)).isEqualTo(ReadResult.OK);
                assertThat(Buses.payload(Json.object(record.json()))).as("event %d", n)
                    .containsEntry("n", (long)n).containsEntry("text", "x".repeat(n * 5));
            }
        }
    }

    @Test
    void shouldHoldAFullRingOfTheLargestEventsAcrossTheArraysEnd() throws Exception
    {
        // A relay's records always take the whole stride: the widest a record can be.
        final Origin origin = new Origin("alpha", "execution", "e1");
        final int lead = 5;
        final List<Map<String, Object>> events = fillStalled(bus -> bus.relay(origin, RING), lead,
            (producer, n) -> producer.claimRelayed(EventType.ORDER, 1_000_000_000L * (n + 1), 1000 + n));
        for (int n = 0; n < events.size(); n++)
        {
            assertThat(Buses.payload(events.get(n))).as("event %d", n).containsEntry("n", (long)n);
            assertThat(events.get(n).get("origin")).as("event %d", n)
                .isEqualTo(Map.of("host", "alpha", "epoch", "e1", "seq", 1000L + n));
        }
    }

    @Test
    void shouldHoldAFullRingOfEventsThatFillTheirCapacityAcrossTheArraysEnd() throws Exception
    {
        // n takes 11 bytes and a string 5 plus its length: 496 characters fill the default 512 exactly.
        final List<Map<String, Object>> events = fillStalled(bus -> bus.producer("full", RING), 3,
            (producer, n) -> producer.claim(EventType.ORDER));
        for (int n = 0; n < events.size(); n++)
        {
            assertThat(Buses.payload(events.get(n))).as("event %d", n)
                .containsEntry("n", (long)n).containsEntry("text", textFor(n));
            assertThat(events.get(n)).as("event %d", n).doesNotContainKey("truncated");
        }
    }

    /**
     * Publish {@code lead} events and let them be collected, so that the array's end falls inside the next ring's
     * worth; stall the collector on one more event, fill the ring, check that exactly the ring's slots were taken,
     * then release the collector and return every event, in order.
     */
    private static List<Map<String, Object>> fillStalled(
        final Function<TelemetryBus, Producer> create, final int lead, final Claim claim) throws Exception
    {
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1000)))
        {
            final Producer producer = create.apply(bus);
            int n = 0;
            for (; n < lead; n++)
            {
                publish(producer, claim, n);
            }
            awaitCollected(bus, lead);
            Buses.stallCollector(bus, stalled, release);
            publish(producer, claim, n++);
            assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
            final int before = producer.claimedSlot();
            for (int i = 0; i < RING; i++)
            {
                assertThat(publish(producer, claim, n++)).as("slot %d of the ring", i).isTrue();
            }
            assertThat(producer.claimedSlot()).as("the records went back to the array's start").isLessThan(before);
            assertThat(producer.depth()).isEqualTo(RING);
            assertThat(publish(producer, claim, n)).as("the ring is full").isFalse();
            release.countDown();
            awaitCollected(bus, n + 1); // and the announcement of the one dropped
            final List<Map<String, Object>> events = new ArrayList<>();
            final HistoryRecord record = new HistoryRecord(bus.history());
            for (long seq = 1; seq <= n; seq++)
            {
                assertThat(bus.history().read(seq, record)).isEqualTo(ReadResult.OK);
                events.add(Json.object(record.json()));
            }
            return events;
        }
    }

    private static boolean publish(final Producer producer, final Claim claim, final int n)
    {
        try (EventWriter e = claim.claim(producer, n))
        {
            e.put("n", n).put("text", textFor(n));
            return e.isAccepted();
        }
    }

    private static String textFor(final int n)
    {
        return String.valueOf((char)('a' + n % 26)).repeat(496);
    }

    /** How an event is claimed on the producer under test. */
    @FunctionalInterface
    private interface Claim
    {
        EventWriter claim(Producer producer, int n);
    }
}
