package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * A producer's drops happen before an event has a sequence; the collector says so in sequence with
 * {@code dropped} events, at most one per producer per interval, counts summed, and a last one at close.
 */
class DropAnnouncementTest
{
    @Test
    void shouldSumDropsWithinTheIntervalAndAnnounceTheRestAtClose() throws Exception
    {
        final Gate gate = new Gate();
        final TelemetryBus bus = TelemetryBus.launch(new BusContext()
            .historyCapacity(1_000)
            .dropAnnouncementIntervalNanos(TimeUnit.HOURS.toNanos(1)));
        final Producer producer;
        try
        {
            bus.addListener(gate);
            producer = bus.producer("execution", 4);

            // First burst: the ring's 4 fit, 10 are dropped; the first announcement is not held back.
            gate.close();
            publish(producer, 1);
            gate.awaitHeld();
            assertThat(publish(producer, 14)).isEqualTo(4);
            gate.open();
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.history().head() == 6);

            // Second and third bursts within the hour: counted, not announced yet.
            gate.close();
            publish(producer, 1);
            gate.awaitHeld();
            assertThat(publish(producer, 9)).isEqualTo(4);
            gate.open();
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.history().head() == 11);
            assertThat(producer.dropped()).isEqualTo(15);
            assertThat(bus.stats().dropAnnouncements()).isEqualTo(1);
        }
        finally
        {
            gate.open();
            bus.close();
        }

        final List<Map<String, Object>> events = Buses.newest(bus, TypeFilter.ALL, 100);
        assertThat(events).hasSize(12);
        final List<Map<String, Object>> announcements = new ArrayList<>();
        for (final Map<String, Object> event : events)
        {
            if ("dropped".equals(event.get("type")))
            {
                announcements.add(event);
            }
        }
        assertThat(announcements).extracting(e -> e.get("seq")).containsExactly(6L, 12L);
        assertThat(Buses.payload(announcements.get(0)))
            .containsEntry("source", "execution").containsEntry("count", 10L).containsEntry("total", 10L);
        assertThat(Buses.payload(announcements.get(1)))
            .containsEntry("source", "execution").containsEntry("count", 5L).containsEntry("total", 15L);
        assertThat(bus.stats().dropAnnouncements()).isEqualTo(2);
        assertThat(bus.stats().collected()).as("announcements are not producers' events").isEqualTo(10);
    }

    @Test
    void shouldAnnounceNothingWhenNothingWasDropped()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().dropAnnouncementIntervalNanos(0)))
        {
            final Producer producer = bus.producer("quiet", 1_024);
            assertThat(publish(producer, 100)).isEqualTo(100);
            Buses.awaitCollected(bus, 100);
            assertThat(bus.stats().dropAnnouncements()).isZero();
            assertThat(bus.stats().eventTypes()).doesNotContain("dropped");
        }
    }

    private static int publish(final Producer producer, final int events)
    {
        int accepted = 0;
        for (int i = 0; i < events; i++)
        {
            if (Events.order(producer, "O-" + i, "NIFTY", "BUY", "new", 1, 1.0))
            {
                accepted++;
            }
        }
        return accepted;
    }

    /** A listener that holds the collector thread while the gate is closed, so a test can fill a ring. */
    private static final class Gate implements BatchListener
    {
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Semaphore held = new Semaphore(0);
        private volatile boolean open = true;

        void close()
        {
            open = false;
            closed.set(true);
        }

        void open()
        {
            open = true;
        }

        void awaitHeld() throws InterruptedException
        {
            assertThat(held.tryAcquire(10, TimeUnit.SECONDS)).as("the collector is held").isTrue();
        }

        @Override
        public void onBatch(final long headSeq)
        {
            if (closed.compareAndSet(true, false))
            {
                held.release();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!open && System.nanoTime() < deadline)
                {
                    Thread.onSpinWait();
                }
            }
        }
    }
}
