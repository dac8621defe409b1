package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Only {@link TelemetryBus#close()} stops collection: an interrupt of the collector's thread, by a listener or by
 * the thread factory's thread, is cleared, counted, and collection goes on.
 */
class CollectorInterruptTest
{
    @Test
    void shouldKeepCollectingWhenAListenerInterruptsTheCollectorThread()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext()))
        {
            bus.addListener(head -> Thread.currentThread().interrupt());
            final Producer producer = bus.producer("p", 1_024);
            for (int round = 1; round <= 20; round++)
            {
                assertThat(Events.order(producer, "O-" + round, "NIFTY", "BUY", "new", 1, 1.0)).isTrue();
                // The collector idles between rounds: an interrupted idle would end its loop.
                Buses.awaitCollected(bus, round);
            }
            assertThat(bus.isRunning()).isTrue();
            assertThat(bus.stats().collectorInterrupts()).isGreaterThanOrEqualTo(20);
        }
    }

    @Test
    void shouldKeepCollectingWhenTheThreadFactorysThreadStartsInterrupted()
    {
        final BusContext context = new BusContext().threadFactory(r -> new Thread(() ->
        {
            Thread.currentThread().interrupt();
            r.run();
        }, "interrupted-collector"));
        try (TelemetryBus bus = TelemetryBus.launch(context))
        {
            final Producer producer = bus.producer("p", 1_024);
            for (int round = 1; round <= 5; round++)
            {
                assertThat(Events.order(producer, "O-" + round, "NIFTY", "BUY", "new", 1, 1.0)).isTrue();
                Buses.awaitCollected(bus, round);
            }
            assertThat(bus.isRunning()).isTrue();
            assertThat(bus.stats().collectorInterrupts()).isGreaterThanOrEqualTo(1);
        }
    }
}
