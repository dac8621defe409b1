package io.tickertape.engines;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.TypeFilter;
import io.tickertape.testkit.Json;

/** Helpers shared by the engine tests: a bus to publish on, and its events read back as JSON. */
public final class BusEvents
{
    private BusEvents()
    {
    }

    public static TelemetryBus bus()
    {
        return TelemetryBus.launch(new BusContext().historyCapacity(100_000));
    }

    /** Every event held by the bus, oldest first, once everything published has been collected. */
    public static List<Map<String, Object>> events(final TelemetryBus bus)
    {
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.stats().collected() >= bus.stats().published());
        final List<Map<String, Object>> events = new ArrayList<>();
        bus.history().after(0, TypeFilter.ALL, Integer.MAX_VALUE, new HistoryRecord(bus.history()),
            (record) -> events.add(Json.object(record.json())));
        return events;
    }

    /** The events of one type, oldest first. */
    public static List<Map<String, Object>> events(final TelemetryBus bus, final String type)
    {
        final List<Map<String, Object>> events = new ArrayList<>();
        for (final Map<String, Object> event : events(bus))
        {
            if (type.equals(event.get("type")))
            {
                events.add(event);
            }
        }
        return events;
    }

    /** The payloads of the events of one type, oldest first. */
    public static List<Map<String, Object>> payloads(final TelemetryBus bus, final String type)
    {
        final List<Map<String, Object>> payloads = new ArrayList<>();
        for (final Map<String, Object> event : events(bus, type))
        {
            payloads.add(payload(event));
        }
        return payloads;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> payload(final Map<String, Object> event)
    {
        return (Map<String, Object>)event.get("payload");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(final Map<String, Object> parent, final String name)
    {
        return (Map<String, Object>)parent.get(name);
    }

    /** A clock the test moves by hand. */
    public static final class ManualClock implements LongSupplier
    {
        private long nanos = 1_000_000_000L;

        @Override
        public long getAsLong()
        {
            return nanos;
        }

        public void advance(final Duration duration)
        {
            nanos += duration.toNanos();
        }
    }
}
