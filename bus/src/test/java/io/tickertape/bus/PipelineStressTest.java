package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * Three producer threads publish a million events each into a small history while a reader on the collector
 * thread checks every collected event: each is either collected exactly once, in its producer's order, under
 * gap-free global sequences, or counted as dropped.
 */
class PipelineStressTest
{
    private static final int PRODUCERS = 3;
    private static final int EVENTS = 1_000_000;

    @Test
    void shouldCollectEveryPublishedEventOnceInOrderOrCountItDropped() throws Exception
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(4096).collectorBatchLimit(256)))
        {
            final Producer[] producers = new Producer[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++)
            {
                producers[p] = bus.producer("p" + p, 1024);
            }
            final Checker checker = new Checker(bus.history());
            // The listener runs on the collector between batches, so its cursor is never lapped: a batch
            // (at most 3 x 256 events) is smaller than the history.
            bus.addListener(head -> checker.drain());

            final long[] attempted = new long[PRODUCERS];
            final Thread[] threads = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++)
            {
                final int index = p;
                threads[p] = new Thread(() ->
                {
                    final Producer producer = producers[index];
                    for (long n = 1; n <= EVENTS; n++)
                    {
                        final boolean accepted;
                        try (EventWriter e = producer.claim(EventType.ORDER))
                        {
                            e.put("n", n).put("symbol", "NIFTY");
                            accepted = e.isAccepted();
                        }
                        attempted[index]++;
                        if (!accepted)
                        {
                            // Burst until the ring is full, then let the collector catch up a little, so that
                            // both paths (collected and dropped) are exercised at volume.
                            while (producer.depth() > producer.ringSize() / 4)
                            {
                                Thread.yield();
                            }
                        }
                    }
                }, "producer-" + p);
                threads[p].start();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            Buses.awaitCollected(bus, 1); // at least something
            final PayloadShapes shapes = bus.collectorShapes();
            bus.close(); // drains whatever was committed

            assertThat(checker.failure.get()).isNull();
            long totalPublished = 0;
            for (int p = 0; p < PRODUCERS; p++)
            {
                final Producer producer = producers[p];
                assertThat(attempted[p]).isEqualTo(EVENTS);
                assertThat(producer.published() + producer.dropped()).as("published + dropped == attempted")
                    .isEqualTo(EVENTS);
                assertThat(checker.collected[p]).as("collected == published for p" + p).isEqualTo(producer.published());
                assertThat(checker.announced[p]).as("every drop of p" + p + " announced").isEqualTo(producer.dropped());
                totalPublished += producer.published();
            }
            final long announcements = bus.stats().dropAnnouncements();
            assertThat(bus.history().head()).as("global sequences gap-free")
                .isEqualTo(totalPublished + announcements);
            assertThat(checker.lastSeq).isEqualTo(totalPublished + announcements);
            assertThat(bus.stats().collected()).isEqualTo(totalPublished);
            assertThat(totalPublished).as("most events are collected").isGreaterThan(PRODUCERS * EVENTS / 2);
            assertThat(bus.stats().dropped()).as("the drop path is exercised too").isPositive();
            // The events' one shape got a writer of its own, which wrote most of them (read after the collector
            // thread ended, so its counts are settled).
            assertThat(shapes.writers()).isEqualTo(1);
            assertThat(shapes.written()).as("written by the shape's writer").isGreaterThan(totalPublished / 2);
        }
    }

    private static final class Checker implements CursorHandler
    {
        final AtomicReference<String> failure = new AtomicReference<>();
        final long[] collected = new long[PRODUCERS];
        final long[] announced = new long[PRODUCERS];
        final long[] lastN = new long[PRODUCERS];
        final HistoryCursor cursor;
        long lastSeq;

        Checker(final HistoryRing history)
        {
            cursor = history.cursorAfter(0, TypeFilter.ALL);
        }

        void drain()
        {
            while (cursor.poll(this, 10_000) > 0)
            {
                Thread.onSpinWait();
            }
        }

        private static final byte[] SOURCE = "\"source\":\"p".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] N = "\"payload\":{\"n\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] COUNT = "\"count\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TOTAL = "\"total\":".getBytes(StandardCharsets.US_ASCII);

        // A full JSON parse of three million events would slow the collector this runs on; these two scans read
        // just the fields checked, and fail loudly when the shape is not the one expected.
        private static int indexAfter(final HistoryRecord record, final byte[] marker)
        {
            final byte[] b = record.buffer();
            outer:
            for (int i = 0; i + marker.length <= record.length(); i++)
            {
                for (int j = 0; j < marker.length; j++)
                {
                    if (b[i + j] != marker[j])
                    {
                        continue outer;
                    }
                }
                return i + marker.length;
            }
            throw new IllegalStateException("no " + new String(marker, StandardCharsets.US_ASCII) + " in " + record.json());
        }

        private static int digitAfter(final HistoryRecord record, final byte[] marker)
        {
            return record.buffer()[indexAfter(record, marker)] - '0';
        }

        private static long numberAfter(final HistoryRecord record, final byte[] marker)
        {
            final byte[] b = record.buffer();
            long value = 0;
            for (int i = indexAfter(record, marker); b[i] >= '0' && b[i] <= '9'; i++)
            {
                value = value * 10 + (b[i] - '0');
            }
            return value;
        }

        @Override
        public void onGap(final long fromSeq, final long toSeq)
        {
            failure.compareAndSet(null, "reader was lapped: " + fromSeq + ".." + toSeq);
        }

        @Override
        public boolean onRecord(final HistoryRecord record)
        {
            if (record.seq() != lastSeq + 1)
            {
                failure.compareAndSet(null, "seq " + record.seq() + " after " + lastSeq);
            }
            lastSeq = record.seq();
            final int p = digitAfter(record, SOURCE);
            if (record.typeId() == EventType.DROPPED.id())
            {
                announced[p] += numberAfter(record, COUNT);
                if (numberAfter(record, TOTAL) != announced[p])
                {
                    failure.compareAndSet(null, "p" + p + " announced total " + numberAfter(record, TOTAL) +
                        " after counts summing to " + announced[p]);
                }
                return true;
            }
            final long n = numberAfter(record, N);
            if (n <= lastN[p])
            {
                failure.compareAndSet(null, "p" + p + " event " + n + " after " + lastN[p]);
            }
            lastN[p] = n;
            collected[p]++;
            return true;
        }
    }
}
