package io.tickertape.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.CursorHandler;
import io.tickertape.bus.EventType;
import io.tickertape.bus.HistoryCursor;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.ProducerStats;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.TypeFilter;
import org.junit.jupiter.api.Test;

class TradingSystemTest
{
    private static final List<String> ALL_TYPES = List.of(
        "signal_event", "indicator_event", "order_event", "position_event", "engine_health", "decision_trace",
        "universe_scan", "performance_update", "mde_lookup_failure", "mde_stale_symbols");

    @Test
    void shouldPublishEveryEventTypeWithinTenSecondsAtTheDefaultRate()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(50_000));
            TradingSystem trading = new TradingSystem(bus, TradingOptions.defaults()))
        {
            final long started = System.nanoTime();
            trading.start();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> bus.stats().eventTypes().containsAll(ALL_TYPES));
            final long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("trading system at the default rate: every event type seen %d ms after start%n", millis);
            assertThat(trading.isRunning()).isTrue();
            assertThat(trading.anyEngineDied()).isFalse();
            assertThat(trading.errorCounts()).containsOnlyKeys("universe", "market_data", "strategy", "execution")
                .allSatisfy((name, errors) -> assertThat(errors).as(name).isZero());
            assertThat(bus.stats().producers()).extracting(ProducerStats::name)
                .containsExactly("universe", "market_data", "strategy", "execution");
        }
    }

    @Test
    void shouldRunNearTheTargetRate()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(20_000));
            TradingSystem trading = new TradingSystem(bus, TradingOptions.defaults().withEventsPerSecond(5_000)).start())
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> trading.emitted() > 2_000);
            final long from = trading.emitted();
            final long start = System.nanoTime();
            await().between(Duration.ofMillis(2_900), Duration.ofSeconds(5)).until(() -> System.nanoTime() - start >= 3_000_000_000L);
            final double rate = (trading.emitted() - from) / ((System.nanoTime() - start) / 1e9);
            assertThat(rate).as("events per second").isBetween(5_000 * 0.6, 5_000 * 1.4);
        }
    }

    @Test
    void shouldKeepEveryOrderLifecycleWholeAtTwoHundredThousandEventsPerSecond()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(65_536)))
        {
            final Checker checker = new Checker(bus);
            bus.addListener((head) -> checker.drain());
            final long emittedInRun;
            final double seconds;
            try (TradingSystem trading = new TradingSystem(bus, TradingOptions.defaults().withEventsPerSecond(200_000)))
            {
                final long start = System.nanoTime();
                trading.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> checker.typesSeen().containsAll(ALL_TYPES)
                    && System.nanoTime() - start > 3_000_000_000L);
                assertThat(trading.anyEngineDied()).isFalse();
                assertThat(trading.errorCounts()).containsOnlyKeys("universe", "market_data", "strategy", "execution")
                    .allSatisfy((name, errors) -> assertThat(errors).as(name).isZero());
                emittedInRun = trading.emitted();
                seconds = (System.nanoTime() - start) / 1e9;
            }
            bus.close();
            checker.drain();

            assertThat(checker.failure.get()).isNull();
            assertThat(checker.filled.get()).as("orders filled").isGreaterThan(1_000);
            assertThat(checker.typesSeen()).containsAll(ALL_TYPES);
            final ProducerStats execution = bus.stats().producers().stream()
                .filter((p) -> "execution".equals(p.name())).findFirst().orElseThrow();
            assertThat(execution.dropped()).as("no order event lost").isZero();
            System.out.printf("trading system at 200,000/s target: %,.0f events/s emitted over %.1f s, %,d orders filled%n",
                emittedInRun / seconds, seconds, checker.filled.get());
        }
    }

    @Test
    void shouldStartOnceAndCloseIdempotently()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1_000)))
        {
            final TradingSystem unstarted = new TradingSystem(bus, TradingOptions.defaults());
            unstarted.close();
            unstarted.close();
            assertThatThrownBy(unstarted::start).isInstanceOf(IllegalStateException.class);

        }
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1_000)))
        {
            final TradingSystem trading = new TradingSystem(bus, TradingOptions.defaults()).start();
            assertThatThrownBy(trading::start).isInstanceOf(IllegalStateException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> trading.engines().stream().allMatch(EngineStatus::alive));
            assertThat(trading.isRunning()).isTrue();
            trading.close();
            trading.close();
            assertThat(trading.engines()).noneMatch(EngineStatus::alive).noneMatch(EngineStatus::died);
            assertThat(trading.isRunning()).isFalse();
            assertThat(trading.anyEngineDied()).isFalse();
        }
    }

    @Test
    void shouldRefuseABusWhoseProducerNamesAreTaken()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1_000)))
        {
            bus.producer(TradingSystem.EXECUTION, 16);
            assertThatThrownBy(() -> new TradingSystem(bus, TradingOptions.defaults())).isInstanceOf(IllegalArgumentException.class);
            assertThat(bus.stats().producers()).extracting(ProducerStats::name).as("nothing left behind")
                .containsExactly(TradingSystem.EXECUTION);
        }
    }

    @Test
    void shouldAnswerPriceLookupsFromAnyThread()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1_000));
            TradingSystem trading = new TradingSystem(bus, TradingOptions.defaults().withStartupLookups(List.of())).start())
        {
            final double first = trading.marketData().lastPrice("NIFTY25JANFUT");
            assertThat(first).isPositive();
            await().atMost(Duration.ofSeconds(10)).until(() -> trading.marketData().lastPrice("NIFTY25JANFUT") != first);
            assertThat(trading.marketData().lastPrice("NOSUCH")).isNaN();
        }
    }

    /**
     * Follows the history on the collector thread, after each batch (so it is never lapped), and checks that every
     * order seen partially filled, filled or rejected was seen new before.
     */
    private static final class Checker implements CursorHandler
    {
        private static final int ORDER = EventType.ORDER.id();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong filled = new AtomicLong();
        final Set<String> created = new HashSet<>();
        final boolean[] seen = new boolean[EventType.MAX_TYPES];
        final HistoryCursor cursor;

        Checker(final TelemetryBus bus)
        {
            cursor = bus.history().cursorAfter(0, TypeFilter.ALL);
        }

        synchronized void drain()
        {
            while (cursor.poll(this, 10_000) > 0)
            {
                Thread.onSpinWait();
            }
        }

        synchronized Set<String> typesSeen()
        {
            final Set<String> types = new HashSet<>();
            for (int id = 0; id < seen.length; id++)
            {
                if (seen[id])
                {
                    types.add(EventType.byId(id).name());
                }
            }
            return types;
        }

        @Override
        public void onGap(final long fromSeq, final long toSeq)
        {
            failure.compareAndSet(null, "checker was lapped: " + fromSeq + ".." + toSeq);
        }

        @Override
        public boolean onRecord(final HistoryRecord record)
        {
            seen[record.typeId()] = true;
            if (record.typeId() == ORDER)
            {
                final String json = record.json();
                final String id = field(json, "\"order_id\":\"");
                final String status = field(json, "\"status\":\"");
                if ("new".equals(status))
                {
                    if (!created.add(id))
                    {
                        failure.compareAndSet(null, "order " + id + " new twice");
                    }
                }
                else if (!created.contains(id))
                {
                    failure.compareAndSet(null, "order " + id + " " + status + " before it was new: " + json);
                }
                else if ("filled".equals(status))
                {
                    filled.incrementAndGet();
                }
            }
            return true;
        }

        private static String field(final String json, final String marker)
        {
            final int from = json.indexOf(marker) + marker.length();
            return json.substring(from, json.indexOf('"', from));
        }
    }
}
