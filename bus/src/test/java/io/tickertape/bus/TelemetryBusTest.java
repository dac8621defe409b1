package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static io.tickertape.bus.Buses.newest;
import static io.tickertape.bus.Buses.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.tickertape.testkit.Json;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelemetryBusTest
{
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1000).errorHandler(errors::add));

    @AfterEach
    void close()
    {
        bus.close();
    }

    @Test
    void shouldRoundTripAnOrderEventAsJson()
    {
        final Producer producer = bus.producer("execution", 1024);
        try (EventWriter e = producer.claim(EventType.ORDER))
        {
            e.put("order_id", "PAPER-0001").put("symbol", "NIFTY").put("side", "BUY").put("status", "filled")
                .put("qty", 50).put("price", 19755.0);
        }
        awaitCollected(bus, 1);

        final Map<String, Object> event = newest(bus, TypeFilter.ALL, 10).get(0);
        assertThat(event).containsEntry("seq", 1L).containsEntry("type", "order_event").containsEntry("source", "execution");
        assertThat(event.keySet()).containsExactly("seq", "type", "timestamp", "source", "payload");
        assertThat(payload(event)).containsExactly(
            entry("order_id", "PAPER-0001"), entry("symbol", "NIFTY"), entry("side", "BUY"), entry("status", "filled"),
            entry("qty", 50L), entry("price", 19755.0));
        assertThat((String)event.get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    }

    @Test
    void shouldStampTheTimeOfPublishToTheMicrosecond()
    {
        final Producer producer = bus.producer("clock", 16);
        final Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Events.order(producer, "O-1", "NIFTY", "BUY", "new", 1, 1.0);
        final Instant after = Instant.now();
        awaitCollected(bus, 1);

        final Instant stamped = Instant.parse((String)newest(bus, TypeFilter.ALL, 1).get(0).get("timestamp"));
        assertThat(stamped).isBetween(before, after);
    }

    @Test
    void shouldFilterByTypeAndCountPerType()
    {
        // The seed's unit test: four events, two of them signals; stats count 2 and 1 of three held.
        final Producer producer = bus.producer("strategy", 64);
        Events.signal(producer, "NIFTY", "momentum", "BUY");
        try (EventWriter e = Events.beginIndicator(producer, "NIFTY", "5m"))
        {
            e.put("rsi", 55.0);
        }
        Events.signal(producer, "BANKNIFTY", "momentum", "SELL");
        try (EventWriter e = Events.beginEngineHealth(producer, "strategy_engine", "active"))
        {
            e.put("total_strategies", 3);
        }
        awaitCollected(bus, 4);

        final List<Map<String, Object>> signals = newest(bus, TypeFilter.parse("signal_event"), 100);
        assertThat(signals).hasSize(2).extracting(e -> payload(e).get("symbol")).containsExactly("NIFTY", "BANKNIFTY");

        final BusStats stats = bus.stats();
        assertThat(stats.eventCounts()).containsEntry("signal_event", 2L).containsEntry("indicator_event", 1L);
        assertThat(stats.historySize()).isEqualTo(4);
        assertThat(stats.headSeq()).isEqualTo(4);
        assertThat(stats.published()).isEqualTo(4);
        assertThat(stats.eventTypes()).contains("signal_event", "indicator_event", "engine_health");
    }

    @Test
    void shouldCountThreeEventsOfTwoTypes()
    {
        final Producer producer = bus.producer("execution", 64);
        Events.order(producer, "O-1", "NIFTY", "BUY", "new", 50, 10.0);
        Events.order(producer, "O-1", "NIFTY", "BUY", "filled", 50, 10.0);
        Events.position(producer, "NIFTY", 50, 10.0, 0.0, 0.0);
        awaitCollected(bus, 3);

        final BusStats stats = bus.stats();
        assertThat(stats.eventCounts()).containsOnly(entry("order_event", 2L), entry("position_event", 1L));
        assertThat(stats.historySize()).isEqualTo(3);
        assertThat(stats.producers()).containsExactly(new ProducerStats("execution", 64, 0, 3, 0, 0));
    }

    @Test
    void shouldWriteNestedObjectsAndArrays()
    {
        final Producer producer = bus.producer("strategy", 64);
        try (EventWriter e = producer.claim(EventType.ENGINE_HEALTH))
        {
            e.put("engine_name", "strategy_engine")
                .beginObject("strategies")
                    .beginObject("momentum").put("wins", 3).put("win_rate", 0.75).end()
                    .beginObject("mean_reversion").put("wins", 0).put("active", false).end()
                .end()
                .beginArray("symbols").add("NIFTY").add(42).add(1.5).add(true).add((CharSequence)null)
                    .addObject().put("nested", "yes").end()
                    .addArray().add(1).add(2).end()
                .end()
                .putNull("nothing");
        }
        awaitCollected(bus, 1);

        final Map<String, Object> p = payload(newest(bus, TypeFilter.ALL, 1).get(0));
        assertThat(p.get("strategies")).isEqualTo(Map.of(
            "momentum", Map.of("wins", 3L, "win_rate", 0.75),
            "mean_reversion", Map.of("wins", 0L, "active", false)));
        final List<Object> symbols = new ArrayList<>();
        symbols.add("NIFTY");
        symbols.add(42L);
        symbols.add(1.5);
        symbols.add(true);
        symbols.add(null);
        symbols.add(Map.of("nested", "yes"));
        symbols.add(List.of(1L, 2L));
        assertThat(p.get("symbols")).isEqualTo(symbols);
        assertThat(p).containsEntry("nothing", null);
    }

    @Test
    void shouldCloseContainersLeftOpenAndIgnoreMisuse()
    {
        final Producer producer = bus.producer("p", 64);
        try (EventWriter e = producer.claim(EventType.of("custom_event")))
        {
            e.add(1) // add() outside an array is ignored
                .end() // nothing open: ignored
                .put(null, 5L) // a member needs a name: ignored
                .beginObject("a").beginArray("b").add(1); // left open
        }
        awaitCollected(bus, 1);

        final Map<String, Object> event = newest(bus, TypeFilter.ALL, 1).get(0);
        assertThat(event).containsEntry("type", "custom_event");
        assertThat(payload(event)).isEqualTo(Map.of("a", Map.of("b", List.of(1L))));
    }

    @Test
    void shouldEscapeStringsAndWriteUtf8()
    {
        final Producer producer = bus.producer("p", 64);
        final String nasty = "quote\" backslash\\ newline\n tab\t nul\u0000 bell\u0007 rupee\u20B9 emoji\uD83D\uDE80 "
            + "lone\uD800surrogate </script>";
        try (EventWriter e = producer.claim(EventType.SIGNAL))
        {
            e.put("reason", nasty).put("k\"ey", "v");
        }
        awaitCollected(bus, 1);

        final HistoryRecord record = new HistoryRecord(bus.history());
        assertThat(bus.history().read(1, record)).isEqualTo(ReadResult.OK);
        final String json = record.json();
        assertThat(json).contains("\\u0000").contains("\\u0007").contains("\\n").contains("\\\"");
        final Map<String, Object> p = payload(Json.object(json));
        assertThat(p.get("reason")).isEqualTo(nasty.replace('\uD800', '\uFFFD'));
        assertThat(p).containsEntry("k\"ey", "v");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteNonFiniteDoublesAsNull()
    {
        final Producer producer = bus.producer("p", 64);
        try (EventWriter e = producer.claim(EventType.INDICATOR))
        {
            e.put("nan", Double.NaN).put("inf", Double.POSITIVE_INFINITY).put("ninf", Double.NEGATIVE_INFINITY)
                .put("ok", -0.5).beginArray("xs").add(Double.NaN).add(2.0).end();
        }
        awaitCollected(bus, 1);

        final Map<String, Object> p = payload(newest(bus, TypeFilter.ALL, 1).get(0));
        assertThat(p).containsEntry("nan", null).containsEntry("inf", null).containsEntry("ninf", null)
            .containsEntry("ok", -0.5);
        assertThat((List<Object>)p.get("xs")).containsExactly(null, 2.0);
    }

    @Test
    void shouldTruncateAPayloadTooLargeForTheSlotAtAValueBoundary()
    {
        try (TelemetryBus small = TelemetryBus.launch(new BusContext().slotCapacity(64).historyCapacity(16)))
        {
            final Producer producer = small.producer("p", 16);
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                e.put("a", 1).put("b", "0123456789").beginObject("c").put("d", 2)
                    .put("long", "x".repeat(100)) // does not fit: cut here
                    .put("e", 3) // would fit, but the payload was already cut
                    .end();
            }
            awaitCollected(small, 1);

            final Map<String, Object> event = newest(small, TypeFilter.ALL, 1).get(0);
            assertThat(event).containsEntry("truncated", true);
            assertThat(payload(event)).isEqualTo(Map.of("a", 1L, "b", "0123456789", "c", Map.of("d", 2L)));
            assertThat(small.stats().truncated()).isEqualTo(1);
            assertThat(small.stats().producers().get(0).truncated()).isEqualTo(1);
        }
    }

    @Test
    void shouldCarryMemberNamesBeyondTheTableInsideThePayload()
    {
        try (TelemetryBus big = TelemetryBus.launch(new BusContext().slotCapacity(4096).historyCapacity(16)))
        {
            final Producer producer = big.producer("names", 64);
            // Fill the bus's table of names: 1,000 new names per event, four bytes each (tag, id, a boolean).
            for (int first = 0; first < MemberNames.MAX_NAMES; first += 1000)
            {
                await().atMost(Duration.ofSeconds(10)).until(() -> producer.depth() < producer.ringSize()); // never dropped
                try (EventWriter e = producer.claim(EventType.of("many_names")))
                {
                    for (int n = first; n < Math.min(first + 1000, MemberNames.MAX_NAMES); n++)
                    {
                        e.put("n" + n, true);
                    }
                }
            }
            final long filled = big.stats().published();
            awaitCollected(big, filled);
            assertThat(big.memberNames().size()).isEqualTo(MemberNames.MAX_NAMES);
            assertThat(big.stats().truncated()).isZero();

            // A name the full table has never seen travels inline; a known one still by id; both read back.
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                e.put("n7", 7).put("brand_new \"quoted\"", "x").beginObject("n8").put("late_\u00e9", 1.5).end();
            }
            awaitCollected(big, filled + 1);
            final Map<String, Object> event = newest(big, TypeFilter.of(List.of("order_event")), 1).get(0);
            assertThat(payload(event)).containsExactly(
                entry("n7", 7L), entry("brand_new \"quoted\"", "x"), entry("n8", Map.of("late_\u00e9", 1.5)));
            assertThat(event).doesNotContainKey("truncated");
            assertThat(big.memberNames().size()).isEqualTo(MemberNames.MAX_NAMES);
        }
    }

    @Test
    void shouldGiveEqualNamesOneIdWhateverTheInstance()
    {
        final MemberNames names = new MemberNames();
        final String built = new StringBuilder("or").append("der_id").toString();
        assertThat(names.idOf("order_id")).isEqualTo(0);
        assertThat(names.idOf(built)).isEqualTo(0);
        assertThat(names.idOf("qty")).isEqualTo(1);
        assertThat(names.name(0)).isEqualTo("order_id");
        assertThat(names.name(1)).isEqualTo("qty");
        assertThat(names.name(2)).isNull();
        assertThat(names.name(-1)).isNull();
    }

    @Test
    void shouldClaimNothingWhenTheClaimItselfFails()
    {
        final Producer producer = bus.producer("p", 16);
        assertThatThrownBy(() -> producer.claim((EventType)null)).isInstanceOf(NullPointerException.class);
        Events.order(producer, "Y", "S", "BUY", "new", 1, 1.0);
        awaitCollected(bus, 1);
        bus.close(); // drains everything committed
        // A slot taken by the failed claim would have gone out with the next commit, as a second event.
        assertThat(bus.history().head()).isEqualTo(1);
        assertThat(producer.published()).isEqualTo(1);
        assertThat(payload(newest(bus, TypeFilter.ALL, 1).get(0))).containsEntry("order_id", "Y");
    }

    @Test
    void shouldPublishTheSlotWhenTheWritingBlockThrows()
    {
        final Producer producer = bus.producer("p", 16);
        assertThatThrownBy(() ->
        {
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                e.put("order_id", "X").beginObject("detail").put("step", 1);
                throw new IllegalStateException("engine bug");
            }
        }).hasMessage("engine bug");
        Events.order(producer, "Y", "S", "BUY", "new", 1, 1.0);
        awaitCollected(bus, 2);

        final List<Map<String, Object>> events = newest(bus, TypeFilter.ALL, 10);
        assertThat(payload(events.get(0))).isEqualTo(Map.of("order_id", "X", "detail", Map.of("step", 1L)));
        assertThat(payload(events.get(1))).containsEntry("order_id", "Y");
    }

    @Test
    void shouldRejectBadProducerArguments()
    {
        bus.producer("one", 8);
        assertThatThrownBy(() -> bus.producer("one", 8)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists");
        assertThatThrownBy(() -> bus.producer("two", 6)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
        // 2^22 slots of 576 bytes would not fit in one array: refused up front, with the limit named.
        assertThatThrownBy(() -> bus.producer("huge", 1 << 22)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("2097152");
        assertThatThrownBy(() -> bus.producer("bad name", 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bus.producer("", 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventType.of("has space")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BusContext().historyCapacity(0).conclude()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BusContext().slotCapacity(1).conclude()).isInstanceOf(IllegalArgumentException.class);
        assertThat(bus.stats().producers()).extracting(ProducerStats::name).containsExactly("one");
    }

    @Test
    void shouldDetectAProducerUsedFromTwoThreads() throws Exception
    {
        final Producer producer = bus.producer("owned", 16);
        Events.order(producer, "A", "S", "BUY", "new", 1, 1.0);
        final AtomicLong failures = new AtomicLong();
        final Thread other = new Thread(() ->
        {
            try
            {
                producer.claim(EventType.ORDER).close();
            }
            catch (final IllegalStateException ex)
            {
                failures.incrementAndGet();
            }
        });
        other.start();
        other.join();
        assertThat(failures.get()).as("claim from a second thread fails under -ea").isEqualTo(1);

        final EventWriter open = producer.claim(EventType.ORDER);
        assertThatThrownBy(() -> producer.claim(EventType.ORDER)).hasMessageContaining("still open");
        open.close();
    }

    @Test
    void shouldKeepCollectingWhenAListenerThrows()
    {
        final AtomicLong calls = new AtomicLong();
        bus.addListener(head ->
        {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });
        final Producer producer = bus.producer("p", 16);
        Events.order(producer, "A", "S", "BUY", "new", 1, 1.0);
        awaitCollected(bus, 1);
        Awaitility.await().until(() -> calls.get() >= 1);
        Events.order(producer, "B", "S", "BUY", "new", 1, 1.0);
        awaitCollected(bus, 2);
        Awaitility.await().until(() -> calls.get() >= 2);

        assertThat(bus.isRunning()).isTrue();
        assertThat(bus.stats().collectorErrors()).isGreaterThanOrEqualTo(2);
        assertThat(errors).as("a repeated error is logged once").hasSize(1);
    }

    @Test
    void shouldRefuseCloseFromTheCollectorThreadAndKeepRunning()
    {
        final AtomicLong calls = new AtomicLong();
        bus.addListener(head ->
        {
            calls.incrementAndGet();
            bus.close();
        });
        Events.order(bus.producer("p", 16), "A", "S", "BUY", "new", 1, 1.0);
        Awaitility.await().until(() -> calls.get() >= 1 && bus.stats().collectorErrors() >= 1);
        assertThat(bus.isRunning()).isTrue();
        assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("collector thread"));
    }

    @Test
    void shouldKeepAnEventTooLongForTheHistoryWithoutItsPayload()
    {
        try (TelemetryBus small = TelemetryBus.launch(new BusContext().slotCapacity(256).historyArenaBytes(4096)))
        {
            final Producer producer = small.producer("p", 16);
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                e.put("controls", "\u0001".repeat(240)); // 240 bytes in the slot, 1440 once escaped
            }
            Events.order(producer, "next", "S", "BUY", "new", 1, 1.0);
            awaitCollected(small, 2);

            final List<Map<String, Object>> events = newest(small, TypeFilter.ALL, 2);
            assertThat(events.get(0)).containsEntry("seq", 1L).containsEntry("truncated", true);
            assertThat(payload(events.get(0))).isEmpty();
            assertThat(payload(events.get(1))).containsEntry("order_id", "next");
            assertThat(small.stats().oversized()).isEqualTo(1);
            assertThat(small.stats().collected()).isEqualTo(2);
        }
    }

    @Test
    void shouldKeepAnEventLongerThanTheRoomReservedForItWhole()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().slotCapacity(1024)))
        {
            final Producer producer = bus.producer("p", 16);
            final String controls = "\u0001".repeat(1000); // 6,000 bytes once escaped: past the room of 2,048 or two slots
            assertThat(6000).isGreaterThan(ProducerEntry.historyRoom(producer.stride(), bus.history().maxRecordLength()));
            Events.order(producer, "before", "S", "BUY", "new", 1, 1.0);
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                e.put("controls", controls).put("symbol", "LONG");
            }
            Events.order(producer, "after", "S", "BUY", "new", 1, 1.0);
            awaitCollected(bus, 3);

            final List<Map<String, Object>> events = newest(bus, TypeFilter.ALL, 3);
            assertThat(payload(events.get(0))).containsEntry("order_id", "before");
            assertThat(events.get(1)).containsEntry("seq", 2L).doesNotContainKey("truncated");
            assertThat(payload(events.get(1))).containsEntry("controls", controls).containsEntry("symbol", "LONG");
            assertThat(payload(events.get(2))).containsEntry("order_id", "after");
            assertThat(bus.stats().oversized()).isZero();
            assertThat(bus.history().read(2, new HistoryRecord(bus.history()))).isEqualTo(ReadResult.OK);
            final EventFilter longOnes = bus.history().filter(TypeFilter.ALL, List.of("LONG"), null, null);
            final List<Long> matched = new ArrayList<>();
            bus.history().newest(longOnes, 10, new HistoryRecord(bus.history()), r -> matched.add(r.seq()));
            assertThat(matched).as("its symbol is a filter key").containsExactly(2L);
        }
    }

    @Test
    void shouldEncodeAMemberNameWithALoneSurrogate()
    {
        final Producer producer = bus.producer("p", 16);
        try (EventWriter e = producer.claim(EventType.SIGNAL))
        {
            e.put("bad\uD800name", 1).put("ok", 2);
        }
        awaitCollected(bus, 1);
        assertThat(payload(newest(bus, TypeFilter.ALL, 1).get(0))).containsEntry("bad\uFFFDname", 1L).containsEntry("ok", 2L);
        assertThat(bus.stats().collectorErrors()).isZero();
    }

    @Test
    void shouldSignalListenersWithTheHead()
    {
        final AtomicLong seen = new AtomicLong();
        bus.addListener(seen::set);
        final Producer producer = bus.producer("p", 16);
        for (int i = 0; i < 5; i++)
        {
            Events.order(producer, "A", "S", "BUY", "new", i, 1.0);
        }
        Awaitility.await().until(() -> seen.get() == 5);
    }

    @Test
    void shouldDrainCommittedEventsOnCloseAndThenRefuseClaims()
    {
        final TelemetryBus closing = TelemetryBus.launch(new BusContext().historyCapacity(10_000));
        final Producer producer = closing.producer("p", 8192);
        for (int i = 0; i < 5000; i++)
        {
            Events.order(producer, "A", "S", "BUY", "new", i, 1.0);
        }
        closing.close();
        closing.close();

        assertThat(closing.isRunning()).isFalse();
        assertThat(closing.history().head()).isEqualTo(5000);
        assertThat(producer.claim(EventType.ORDER).isAccepted()).isFalse();
        assertThat(producer.dropped()).isEqualTo(1);
        assertThatThrownBy(() -> closing.producer("q", 8)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldDoNothingWhenDisabled()
    {
        try (TelemetryBus off = TelemetryBus.launch(new BusContext().enabled(false)))
        {
            final Producer producer = off.producer("p", 1024);
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                assertThat(e.isAccepted()).isFalse();
                e.put("a", 1).beginObject("b").end();
            }
            assertThat(Events.order(producer, "A", "S", "BUY", "new", 1, 1.0)).isFalse();
            assertThat(off.isEnabled()).isFalse();
            assertThat(off.isRunning()).isFalse();
            assertThat(off.history().head()).isZero();
            assertThat(off.stats().producers().get(0).dropped()).isZero();
        }
        assertThat(TelemetryBus.noOp().isEnabled()).isFalse();
    }

    @Test
    void shouldAllowSeveralBusesInOneJvm()
    {
        try (TelemetryBus other = TelemetryBus.launch(new BusContext().historyCapacity(10)))
        {
            Events.order(bus.producer("same-name", 8), "A", "S", "BUY", "new", 1, 1.0);
            Events.order(other.producer("same-name", 8), "B", "S", "BUY", "new", 1, 1.0);
            awaitCollected(bus, 1);
            awaitCollected(other, 1);
            assertThat(payload(newest(bus, TypeFilter.ALL, 5).get(0))).containsEntry("order_id", "A");
            assertThat(payload(newest(other, TypeFilter.ALL, 5).get(0))).containsEntry("order_id", "B");
        }
    }
}
