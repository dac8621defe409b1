package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

class AggregatesTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_796_000_000L * SECOND; // a whole second

    private static Map<String, Long> counts(final Aggregates.Snapshot snapshot)
    {
        return snapshot.rows().stream().collect(Collectors.toMap(Aggregates.Row::key, Aggregates.Row::count));
    }

    private static long orders(final Aggregates.Snapshot snapshot, final String key, final String status)
    {
        return snapshot.rows().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow()
            .orders()[Aggregates.ORDER_STATUSES.indexOf(status)];
    }

    private static void awaitCounted(final TelemetryBus bus)
    {
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.aggregates().progress() >= bus.history().head());
    }

    @Test
    void shouldCountByEachGroupingAndOrderStatusOverWindows()
    {
        final AtomicLong now = new AtomicLong(T0 + SECOND / 2);
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().aggregateKeys(16).clock(now::get)))
        {
            final Producer execution = bus.producer("execution", 1024);
            final Producer strategy = bus.producer("strategy", 1024);
            // Second T0: 3 NIFTY orders (new, filled, rejected), 1 BANKNIFTY order (filled), 2 momentum signals.
            Events.order(execution, "O1", "NIFTY", "BUY", "new", 1, 1.0);
            Events.order(execution, "O2", "NIFTY", "BUY", "filled", 1, 1.0);
            Events.order(execution, "O3", "NIFTY", "SELL", "rejected", 1, 1.0);
            Events.order(execution, "O4", "BANKNIFTY", "SELL", "filled", 1, 1.0);
            Events.signal(strategy, "NIFTY", "momentum", "BUY");
            Events.signal(strategy, "TCS", "momentum", "SELL");
            // Second T0 + 5: one more order, with a strategy and a status of no known kind.
            now.set(T0 + 5 * SECOND + 1);
            try (EventWriter e = Events.beginOrder(execution, "O5", "TCS", "BUY", "expired", 1, 1.0))
            {
                e.put("strategy", "momentum");
            }
            awaitCollected(bus, 7);
            awaitCounted(bus);

            now.set(T0 + 6 * SECOND); // the current second is T0 + 6
            final Aggregates aggregates = bus.aggregates();
            assertThat(counts(aggregates.snapshot(Aggregates.By.TYPE, 1))).isEqualTo(Map.of("order_event", 1L));
            assertThat(counts(aggregates.snapshot(Aggregates.By.TYPE, 10))).isEqualTo(Map.of("order_event", 5L, "signal_event", 2L));
            assertThat(counts(aggregates.snapshot(Aggregates.By.SYMBOL, 60))).isEqualTo(Map.of("NIFTY", 4L, "BANKNIFTY", 1L, "TCS", 2L));
            assertThat(counts(aggregates.snapshot(Aggregates.By.STRATEGY, 60))).isEqualTo(Map.of("momentum", 3L));
            assertThat(counts(aggregates.snapshot(Aggregates.By.SOURCE, 300))).isEqualTo(Map.of("execution", 5L, "strategy", 2L));

            final Aggregates.Snapshot bySymbol = aggregates.snapshot(Aggregates.By.SYMBOL, 60);
            assertThat(bySymbol.rows().get(0).key()).as("most events first").isEqualTo("NIFTY");
            assertThat(orders(bySymbol, "NIFTY", "new")).isEqualTo(1);
            assertThat(orders(bySymbol, "NIFTY", "filled")).isEqualTo(1);
            assertThat(orders(bySymbol, "NIFTY", "rejected")).isEqualTo(1);
            assertThat(orders(bySymbol, "TCS", "other")).isEqualTo(1);
            assertThat(bySymbol.rows().get(0).rate(60)).isEqualTo(4 / 60.0);
            assertThat(orders(aggregates.snapshot(Aggregates.By.STRATEGY, 60), "momentum", "other")).isEqualTo(1);
            assertThat(bySymbol.other().count()).isZero();

            // Five minutes on, everything has left every window.
            now.set(T0 + 400 * SECOND);
            assertThat(aggregates.snapshot(Aggregates.By.TYPE, 300).rows()).isEmpty();
            assertThatThrownBy(() -> aggregates.snapshot(Aggregates.By.TYPE, 301)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldKeepMemoryFlatUnderAFloodOfNewSymbols()
    {
        final AtomicLong now = new AtomicLong(T0);
        final int maxKeys = 8;
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().aggregateKeys(maxKeys).historyCapacity(1 << 16).clock(now::get)))
        {
            final Producer producer = bus.producer("flood", 1 << 14);
            final long[] published = {0};
            final Runnable flood = () ->
            {
                for (int i = 0; i < 20_000; i++)
                {
                    while (!Events.order(producer, "O", "SYM" + published[0], "BUY", "new", 1, 1.0))
                    {
                        Thread.onSpinWait(); // ring full: wait for the collector
                    }
                    published[0]++;
                }
                awaitCollected(bus, published[0]);
                awaitCounted(bus);
            };
            flood.run(); // warm-up: the rows are given out, the code compiled
            final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("tickertape-aggregates")).findFirst().orElseThrow().getId();
            final long before = threads.getThreadAllocatedBytes(thread);
            flood.run();
            flood.run();
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertThat(allocated).as("bytes the aggregating thread allocated over 40,000 events of new symbols").isLessThan(16 * 1024);

            now.set(T0 + SECOND);
            final Aggregates.Snapshot snapshot = bus.aggregates().snapshot(Aggregates.By.SYMBOL, 1);
            assertThat(snapshot.rows()).hasSize(maxKeys).allMatch(r -> r.count() == 1);
            assertThat(snapshot.other().count()).isEqualTo(published[0] - maxKeys);
            assertThat(snapshot.other().orders()[0]).as("all new").isEqualTo(published[0] - maxKeys);
            assertThat(bus.aggregates().missed()).isZero();
        }
    }

    @Test
    void shouldCountEventsOlderThanTheLongestWindowAsLate()
    {
        final AtomicLong now = new AtomicLong(T0 + 1_000 * SECOND);
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().aggregateKeys(4).clock(now::get)))
        {
            final Producer producer = bus.producer("p", 64);
            Events.data(producer, EventType.of("tick"), 1);
            now.set(T0); // the clock steps back more than five minutes
            Events.data(producer, EventType.of("tick"), 2);
            awaitCollected(bus, 2);
            awaitCounted(bus);
            assertThat(bus.aggregates().late()).isEqualTo(1);
            now.set(T0 + 1_001 * SECOND);
            assertThat(counts(bus.aggregates().snapshot(Aggregates.By.TYPE, 1))).isEqualTo(Map.of("tick", 1L));
        }
    }

    @Test
    void shouldRefuseAggregateKeysOutOfRange()
    {
        assertThatThrownBy(() -> new BusContext().aggregateKeys(BusContext.AGGREGATE_KEYS_MAX + 1).conclude())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aggregateKeys must be 0 (none) to 4096");
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext()))
        {
            assertThat(bus.aggregates()).as("off by default").isNull();
        }
        assertThat(List.of(Aggregates.By.values())).extracting(Aggregates.By::label).containsExactly("type", "symbol", "strategy", "source");
    }

    @Test
    void shouldCodeEachListedStatusAndAnyOtherAsOther()
    {
        final int other = Aggregates.ORDER_STATUSES.size();
        for (int s = 0; s < other - 1; s++)
        {
            assertThat(statusCode("xx" + Aggregates.ORDER_STATUSES.get(s) + "yy", 2, Aggregates.ORDER_STATUSES.get(s).length()))
                .as(Aggregates.ORDER_STATUSES.get(s)).isEqualTo(s + 1);
        }
        for (final String status : new String[] {"", "ne", "nex", "filles", "filled_", "Filled", "partially_filleD", "partially_filled_",
            "cancelleD", "rejecte", "other", "a_status_far_longer_than_any_listed"})
        {
            assertThat(statusCode(status, 0, status.length())).as(status).isEqualTo(other);
        }
    }

    private static int statusCode(final String text, final int offset, final int length)
    {
        return Aggregates.statusCode(text.getBytes(StandardCharsets.US_ASCII), offset, length);
    }
}
