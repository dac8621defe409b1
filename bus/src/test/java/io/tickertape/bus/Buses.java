package io.tickertape.bus;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tickertape.testkit.Json;

/** Helpers shared by the bus tests. */
final class Buses
{
    private Buses()
    {
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
