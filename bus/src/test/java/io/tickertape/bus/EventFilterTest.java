package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.tickertape.testkit.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EventFilterTest
{
    private static final TypeFilter ANY = TypeFilter.ALL;

    /** Publishes a known mix and returns the bus with everything collected. */
    private static TelemetryBus mixedBus(final boolean filterKeys)
    {
        final TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1024).filterKeys(filterKeys));
        final Producer execution = bus.producer("execution", 256);
        final Producer strategy = bus.producer("strategy", 256);
        // One at a time, so that sequences are known: 1..9.
        Events.order(execution, "O1", "NIFTY", "BUY", "new", 50, 19755.0);
        awaitCollected(bus, 1);
        Events.order(execution, "O2", "BANKNIFTY", "SELL", "filled", 15, 44000.5);
        awaitCollected(bus, 2);
        try (EventWriter e = Events.beginOrder(execution, "O3", "NIFTY", "BUY", "rejected", 1, 1.0))
        {
            e.put("strategy", "momentum");
        }
        awaitCollected(bus, 3);
        Events.signal(strategy, "NIFTY", "momentum", "BUY");
        awaitCollected(bus, 4);
        Events.signal(strategy, "RELIANCE", "mean_reversion", "SELL");
        awaitCollected(bus, 5);
        Events.signal(strategy, "BANKNIFTY", "momentum", "EXIT");
        awaitCollected(bus, 6);
        // Nested or inside a string: not the event's symbol.
        try (EventWriter e = strategy.claim(EventType.of("nested_symbol")))
        {
            e.beginObject("leg").put("symbol", "NIFTY").end().put("note", "\"symbol\":\"NIFTY\"");
        }
        awaitCollected(bus, 7);
        // Escapes and non-ASCII in a symbol.
        Events.order(execution, "O4", "quote\"back\\slash\u00e9\n", "BUY", "new", 1, 2.0);
        awaitCollected(bus, 8);
        // A number where a string is expected: no symbol.
        try (EventWriter e = execution.claim(EventType.ORDER))
        {
            e.put("symbol", 42).put("strategy_name", "momentum");
        }
        awaitCollected(bus, 9);
        return bus;
    }

    private static List<String> ids(final TelemetryBus bus, final EventFilter filter)
    {
        final List<String> ids = new ArrayList<>();
        bus.history().newest(filter, 100, new HistoryRecord(bus.history()), (r) ->
        {
            final Map<String, Object> event = Json.object(r.json());
            final Object payload = event.get("payload");
            final Object id = payload instanceof Map<?, ?> m ? m.get("order_id") : null;
            ids.add(null != id ? (String)id : event.get("type") + "@" + event.get("seq"));
            return true;
        });
        return ids;
    }

    private static EventFilter filter(final TelemetryBus bus, final String types, final String symbols, final String strategies, final String sources)
    {
        return bus.history().filter(TypeFilter.parse(types), list(symbols), list(strategies), list(sources));
    }

    private static List<String> list(final String csv)
    {
        return null == csv ? null : List.of(csv.split(","));
    }

    @ParameterizedTest(name = "filter keys kept: {0}")
    @ValueSource(booleans = {true, false})
    void shouldMatchSymbolStrategyAndSourceAloneAndTogether(final boolean filterKeys)
    {
        try (TelemetryBus bus = mixedBus(filterKeys))
        {
            assertThat(ids(bus, filter(bus, null, "NIFTY", null, null))).containsExactly("O1", "O3", "signal_event@4");
            assertThat(ids(bus, filter(bus, null, "NIFTY,BANKNIFTY", null, null)))
                .containsExactly("O1", "O2", "O3", "signal_event@4", "signal_event@6");
            // strategy reads `strategy`, else `strategy_name`
            assertThat(ids(bus, filter(bus, null, null, "momentum", null)))
                .containsExactly("O3", "signal_event@4", "signal_event@6", "order_event@9");
            assertThat(ids(bus, filter(bus, null, null, null, "strategy")))
                .containsExactly("signal_event@4", "signal_event@5", "signal_event@6", "nested_symbol@7");
            // AND across keys and types
            assertThat(ids(bus, filter(bus, "order_event", "NIFTY", "momentum", "execution"))).containsExactly("O3");
            assertThat(ids(bus, filter(bus, "signal_event", "NIFTY", null, "execution"))).isEmpty();
            assertThat(ids(bus, filter(bus, "order_event,signal_event", "BANKNIFTY", "momentum", null)))
                .containsExactly("signal_event@6");
            // escapes and non-ASCII compare by value
            assertThat(ids(bus, filter(bus, null, "quote\"back\\slash\u00e9\n", null, null))).containsExactly("O4");
            // a value never seen: empty, not an error
            assertThat(ids(bus, filter(bus, null, "TCS", null, null))).isEmpty();
            assertThat(ids(bus, filter(bus, null, null, null, "nobody"))).isEmpty();
        }
    }

    @ParameterizedTest(name = "filter keys kept: {0}")
    @ValueSource(booleans = {true, false})
    void shouldDeliverOnlyMatchesToACursorAndPassTheRest(final boolean filterKeys)
    {
        try (TelemetryBus bus = mixedBus(filterKeys))
        {
            final HistoryCursor cursor = bus.history().cursorAfter(0, filter(bus, null, "NIFTY", null, null));
            final List<Long> seqs = new ArrayList<>();
            cursor.poll(new CursorHandler()
            {
                @Override
                public boolean onRecord(final HistoryRecord record)
                {
                    seqs.add(record.seq());
                    return true;
                }

                @Override
                public void onGap(final long fromSeq, final long toSeq)
                {
                    throw new AssertionError("no gap expected");
                }
            }, 100);
            assertThat(seqs).containsExactly(1L, 3L, 4L);
            assertThat(cursor.passedSeq()).isEqualTo(9);
        }
    }

    @Test
    void shouldMatchJournalBytesAsTheIndexDoes()
    {
        try (TelemetryBus bus = mixedBus(true))
        {
            final EventFilter filter = filter(bus, null, "NIFTY,RELIANCE", "momentum,mean_reversion", null);
            final HistoryRecord record = new HistoryRecord(bus.history());
            for (long seq = 1; seq <= bus.history().head(); seq++)
            {
                assertThat(bus.history().read(seq, record)).isEqualTo(ReadResult.OK);
                final byte[] json = record.json().getBytes(StandardCharsets.UTF_8);
                final byte[] padded = new byte[json.length + 10];
                System.arraycopy(json, 0, padded, 5, json.length);
                assertThat(filter.matches(record.typeId(), padded, 5, json.length)).as(record.json()).isEqualTo(filter.matches(record));
            }
        }
    }

    @Test
    void shouldRefuseEmptyValuesAndTooManyValuesSayingWhich()
    {
        final HistoryRing ring = new HistoryRing(16, 4096);
        assertThatThrownBy(() -> ring.filter(ANY, List.of("A", ""), null, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbol has an empty value");
        final List<String> many = IntStream.range(0, EventFilter.MAX_VALUES + 1).mapToObj((i) -> "S" + i).toList();
        assertThatThrownBy(() -> ring.filter(ANY, null, many, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strategy lists 65 values, more than 64");
        assertThat(ring.filter(ANY, many.subList(0, 64), null, null).symbols()).hasSize(64);
        assertThat(ring.filter(ANY, Collections.emptyList(), null, null)).isSameAs(EventFilter.ALL);
    }

    @Test
    void shouldGiveEachValueOneIdAndOverflowWhenFull()
    {
        final KeyDictionary dictionary = new KeyDictionary(4);
        final byte[] text = "xxAAyyBBzzCCww".getBytes(StandardCharsets.US_ASCII);
        final int a = dictionary.intern(text, 2, 2);
        assertThat(a).isEqualTo(1);
        assertThat(dictionary.intern("AA".getBytes(StandardCharsets.US_ASCII), 0, 2)).isEqualTo(a);
        assertThat(dictionary.intern(text, 6, 2)).isEqualTo(2);
        assertThat(dictionary.intern(text, 10, 2)).isEqualTo(3);
        assertThat(dictionary.intern(text, 0, 2)).as("full").isEqualTo(dictionary.overflowId());
        assertThat(dictionary.intern(text, 6, 2)).isEqualTo(2);
        assertThat(new String(dictionary.value(3), StandardCharsets.US_ASCII)).isEqualTo("CC");
        assertThat(dictionary.value(KeyDictionary.NONE)).isNull();
        assertThat(dictionary.value(dictionary.overflowId())).isNull();
    }

    @Test
    void shouldMatchSymbolsBeyondTheDictionaryByTheirBytes()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1 << 17)))
        {
            final Producer producer = bus.producer("flood", 1 << 14);
            final int symbols = HistoryRing.SYMBOLS_MAX + 100;
            long published = 0;
            for (int s = 0; s < symbols; s++)
            {
                while (!Events.order(producer, "O" + s, "SYM" + s, "BUY", "new", 1, 1.0))
                {
                    Thread.onSpinWait(); // ring full: wait for the collector
                }
                published++;
            }
            awaitCollected(bus, published);
            assertThat(ids(bus, filter(bus, null, "SYM7", null, null))).containsExactly("O7");
            final String late = "SYM" + (symbols - 1);
            assertThat(ids(bus, filter(bus, null, late + ",SYM" + (symbols - 2), null, null)))
                .containsExactly("O" + (symbols - 2), "O" + (symbols - 1));
        }
    }
}
