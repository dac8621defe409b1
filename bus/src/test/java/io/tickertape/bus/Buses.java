package io.tickertape.bus;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.tickertape.testkit.Json;

/** Helpers shared by the bus tests. */
final class Buses
{
    private Buses()
    {
    }

    /**
     * Check every record from the first on, on the collector between batches: a cursor read there is never lapped
     * while a batch is smaller than the history.
     *
     * @param bus     the bus.
     * @param problem what is wrong with a record, or null.
     * @return the first problem found, or that the checker was lapped; null while there is none.
     */
    static AtomicReference<String> checkEveryRecord(final TelemetryBus bus, final Function<HistoryRecord, String> problem)
    {
        final AtomicReference<String> failure = new AtomicReference<>();
        final HistoryCursor cursor = bus.history().cursorAfter(0, TypeFilter.ALL);
        final CursorHandler check = new CursorHandler()
        {
            @Override
            public boolean onRecord(final HistoryRecord record)
            {
                final String found = problem.apply(record);
                if (null != found)
                {
                    failure.compareAndSet(null, found);
                }
                return true;
            }

            @Override
            public void onGap(final long fromSeq, final long toSeq)
            {
                failure.compareAndSet(null, "the checker was lapped: " + fromSeq + ".." + toSeq);
            }
        };
        bus.addListener(head ->
        {
            while (cursor.poll(check, 10_000) > 0)
            {
                Thread.onSpinWait();
            }
        });
        return failure;
    }

    /**
     * Hold the collector after its next batch until {@code release} opens (30 s at most): a listener that blocks
     * holds the collector thread, so nothing more is collected while it waits.
     *
     * @param bus     the bus.
     * @param stalled counted down once the collector is held.
     * @param release opened to let it go.
     */
    static void stallCollector(final TelemetryBus bus, final CountDownLatch stalled, final CountDownLatch release)
    {
        bus.addListener(head ->
        {
            stalled.countDown();
            try
            {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
    }

    static void awaitCollected(final TelemetryBus bus, final long headSeq)
    {
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.history().head() >= headSeq);
    }

    static List<Map<String, Object>> newest(final TelemetryBus bus, final TypeFilter filter, final int limit)
    {
        final List<Map<String, Object>> events = new ArrayList<>();
        bus.history().newest(filter, limit, new HistoryRecord(bus.history()), (r) -> events.add(Json.object(r.json())));
        return events;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> payload(final Map<String, Object> event)
    {
        return (Map<String, Object>)event.get("payload");
    }
}
