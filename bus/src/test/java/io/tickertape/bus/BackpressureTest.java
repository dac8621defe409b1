package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;

class BackpressureTest
{
    @Test
    void shouldDropAndCountWithoutBlockingWhileTheCollectorIsStalledThenRecover() throws Exception
    {
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(100_000)))
        {
            Buses.stallCollector(bus, stalled, release);
            final Producer producer = bus.producer("burst", 64);
            Events.order(producer, "first", "S", "BUY", "new", 1, 1.0);
            assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();

            final int attempts = 640; // ten times the ring
            int accepted = 0;
            for (int i = 0; i < attempts; i++)
            {
                if (Events.order(producer, "burst", "S", "BUY", "new", i, 1.0))
                {
                    accepted++;
                }
            }
            assertThat(accepted).as("the ring fills, then claims drop").isEqualTo(64);
            assertThat(producer.dropped()).isEqualTo(attempts - 64);
            assertThat(producer.published()).isEqualTo(1 + 64);
            assertThat(producer.depth()).isEqualTo(64);
            assertThat(bus.stats().dropped()).isEqualTo(attempts - 64);

            release.countDown();
            // The 65 events, then the collector's announcement of what was lost after them.
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.history().head() == 66);
            final Map<String, Object> announcement = Json.object(read(bus, 66));
            assertThat(announcement).containsEntry("type", "dropped").containsEntry("source", "burst");
            assertThat(Buses.payload(announcement))
                .containsEntry("source", "burst").containsEntry("count", 576L).containsEntry("total", 576L);
            assertThat(bus.stats().dropAnnouncements()).isEqualTo(1);
            assertThat(Events.order(producer, "after", "S", "BUY", "new", 1, 1.0)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.history().head() == 67);
            assertThat(producer.depth()).isZero();
        }
    }

    private static String read(final TelemetryBus bus, final long seq)
    {
        final HistoryRecord record = new HistoryRecord(bus.history());
        assertThat(bus.history().read(seq, record)).isEqualTo(ReadResult.OK);
        return record.json();
    }
}
