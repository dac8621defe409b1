package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static io.tickertape.bus.Buses.newest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * {@link TelemetryBus#clearHistory()}: what was collected is gone, sequences and counters go on.
 */
class ClearHistoryTest
{
    private static void publish(final Producer producer, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            Events.order(producer, "O-" + i, "NIFTY", "BUY", "new", 50, 10.0);
        }
    }

    @Test
    void shouldEmptyTheHistoryAndContinueTheSequenceWithCountersKept()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(100)))
        {
            final Producer producer = bus.producer("execution", 64);
            publish(producer, 5);
            awaitCollected(bus, 5);

            bus.clearHistory();

            assertThat(bus.history().size()).isZero();
            assertThat(bus.history().tail()).isEqualTo(6);
            assertThat(newest(bus, TypeFilter.ALL, 100)).isEmpty();
            assertThat(bus.history().read(5, new HistoryRecord(bus.history()))).isEqualTo(ReadResult.LAPPED);
            BusStats stats = bus.stats();
            assertThat(stats.historySize()).isZero();
            assertThat(stats.eventCounts()).isEmpty();
            assertThat(stats.published()).isEqualTo(5);
            assertThat(stats.collected()).isEqualTo(5);
            assertThat(stats.eventTypes()).containsExactly("order_event");

            publish(producer, 2);
            awaitCollected(bus, 7);
            final List<Map<String, Object>> held = newest(bus, TypeFilter.ALL, 100);
            assertThat(held).extracting(e -> e.get("seq")).containsExactly(6L, 7L);
            stats = bus.stats();
            assertThat(stats.eventCounts()).containsEntry("order_event", 2L);
            assertThat(stats.published()).isEqualTo(7);
        }
    }

    @Test
    void shouldClearFromAListenerOnTheCollectorThreadWithoutWaitingForItself()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(100)))
        {
            final AtomicBoolean cleared = new AtomicBoolean();
            bus.addListener(head ->
            {
                if (head >= 3 && cleared.compareAndSet(false, true))
                {
                    bus.clearHistory();
                }
            });
            publish(bus.producer("execution", 64), 3);
            await().atMost(Duration.ofSeconds(10)).untilTrue(cleared);
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.history().tail() == 4);
            assertThat(bus.history().size()).isZero();
        }
    }

    @Test
    void shouldClearAClosedBusAndDoNothingOnADisabledOne()
    {
        final TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(100));
        publish(bus.producer("execution", 64), 4);
        bus.close();
        assertThat(bus.history().head()).isEqualTo(4);

        bus.clearHistory();

        assertThat(bus.history().tail()).isEqualTo(5);
        assertThat(bus.history().size()).isZero();
        TelemetryBus.noOp().clearHistory();
    }

    @Test
    void shouldLetGoOfEverythingCollectedBeforeEachClearWhilePublishersGoOn() throws Exception
    {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(4096).errorHandler(errors::add)))
        {
            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicLong published = new AtomicLong();
            final Thread publisher = new Thread(() ->
            {
                final Producer producer = bus.producer("execution", 1024);
                while (running.get())
                {
                    if (Events.order(producer, "O-1", "NIFTY", "BUY", "new", 50, 10.0))
                    {
                        published.incrementAndGet();
                    }
                }
            });
            publisher.start();
            final HistoryRecord record = new HistoryRecord(bus.history());
            try
            {
                await().atMost(Duration.ofSeconds(10)).until(() -> bus.history().head() > 0);
                for (int i = 0; i < 200; i++)
                {
                    final long before = bus.history().head();
                    bus.clearHistory();
                    assertThat(bus.history().tail()).isGreaterThan(before);
                    assertThat(bus.history().read(before, record)).isEqualTo(ReadResult.LAPPED);
                }
            }
            finally
            {
                running.set(false);
                publisher.join();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.stats().collected() == published.get());
            // The sequence stayed gap-free through every clear: one seq per event collected or drop announced.
            // (A last drop announcement may still be on its way: await the two to agree.)
            await().atMost(Duration.ofSeconds(10))
                .until(() -> bus.history().head() == published.get() + bus.stats().dropAnnouncements());
            assertThat(errors).isEmpty();
        }
    }
}
