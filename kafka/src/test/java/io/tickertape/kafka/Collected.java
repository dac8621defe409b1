package io.tickertape.kafka;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.tickertape.bus.TelemetryBus;

/** Waiting for a hub's bus to collect what the hub relayed into it. */
final class Collected
{
    private Collected()
    {
    }

    /**
     * Wait until every event published into the bus is in its history: the hub counts an event relayed when it is in
     * a relay's ring, before the bus's collector has appended it.
     *
     * @param bus a bus nothing drops from.
     */
    static void awaitAll(final TelemetryBus bus)
    {
        await("the hub's bus collects what was relayed").atMost(Duration.ofSeconds(30))
            .until(() -> bus.history().head() == bus.stats().published());
    }
}
