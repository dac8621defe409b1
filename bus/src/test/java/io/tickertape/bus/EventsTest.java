package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static io.tickertape.bus.Buses.newest;
import static io.tickertape.bus.Buses.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each typed helper writes its type's named members under the names and nesting of the replaced layer's helpers,
 * in their order, with the caller's extra members after them.
 */
class EventsTest
{
    private final TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(100));
    private final Producer producer = bus.producer("p", 64);

    @AfterEach
    void close()
    {
        bus.close();
    }

    private Map<String, Object> only()
    {
        awaitCollected(bus, 1);
        return newest(bus, TypeFilter.ALL, 1).get(0);
    }

    @Test
    void shouldWriteASignalWithStrategyName()
    {
        assertThat(Events.signal(producer, "NIFTY", "test_strategy", "BUY")).isTrue();
        final Map<String, Object> event = only();
        assertThat(event).containsEntry("type", "signal_event");
        assertThat(payload(event)).containsExactly(entry("symbol", "NIFTY"), entry("strategy_name", "test_strategy"), entry("signal", "BUY"));
    }

    @Test
    void shouldAddExtraMembersToASignalAfterTheNamedOnes()
    {
        try (EventWriter e = Events.beginSignal(producer, "NIFTY", "test_strategy", "BUY"))
        {
            e.put("confidence", 0.85).put("reason", "RSI oversold").put("timeframe", "5m");
        }
        assertThat(payload(only())).containsExactly(entry("symbol", "NIFTY"), entry("strategy_name", "test_strategy"),
            entry("signal", "BUY"), entry("confidence", 0.85), entry("reason", "RSI oversold"), entry("timeframe", "5m"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldNestADecisionTracesDataUnderTraceData()
    {
        try (EventWriter e = Events.beginDecisionTrace(producer, "momentum", "SBIN", "SELL"))
        {
            e.put("rsi", 72).put("trend", "down");
        }
        final Map<String, Object> p = payload(only());
        assertThat(p.keySet()).containsExactly("strategy_name", "symbol", "decision", "trace_data");
        assertThat(p).containsEntry("strategy_name", "momentum").containsEntry("symbol", "SBIN").containsEntry("decision", "SELL");
        assertThat((Map<String, Object>)p.get("trace_data")).containsExactly(entry("rsi", 72L), entry("trend", "down"));
    }

    @Test
    void shouldWriteAPositionWithPositionSize()
    {
        Events.position(producer, "NIFTY", -75, 19755.0, 120.5, -30.25);
        assertThat(payload(only())).containsExactly(entry("symbol", "NIFTY"), entry("position_size", -75L),
            entry("entry_price", 19755.0), entry("realized_pnl", 120.5), entry("unrealized_pnl", -30.25));
    }

    @Test
    void shouldWriteAPositionWithExtraMembers()
    {
        try (EventWriter e = Events.beginPosition(producer, "NIFTY", 50))
        {
            e.put("entry_price", 19750.0).put("strategy", "momentum");
        }
        assertThat(payload(only())).containsExactly(entry("symbol", "NIFTY"), entry("position_size", 50L),
            entry("entry_price", 19750.0), entry("strategy", "momentum"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldNestPerformanceFiguresUnderMetrics()
    {
        Events.performanceUpdate(producer, 1520.75, 0.6, 1.25);
        final Map<String, Object> p = payload(only());
        assertThat(p.keySet()).containsExactly("metrics");
        assertThat((Map<String, Object>)p.get("metrics")).containsExactly(
            entry("total_pnl", 1520.75), entry("win_rate", 0.6), entry("sharpe_ratio", 1.25));
    }

    @Test
    void shouldWriteAnOrderWithItsNamedMembersFirst()
    {
        try (EventWriter e = Events.beginOrder(producer, "TEST-002", "BANKNIFTY", "SELL", "rejected"))
        {
            e.put("reason", "Insufficient margin").put("strategy", "mean_reversion");
        }
        assertThat(payload(only())).containsExactly(entry("order_id", "TEST-002"), entry("symbol", "BANKNIFTY"),
            entry("side", "SELL"), entry("status", "rejected"), entry("reason", "Insufficient margin"),
            entry("strategy", "mean_reversion"));
    }

    @Test
    void shouldWrapALoneValueAsData()
    {
        final EventType custom = EventType.of("custom_value");
        Events.data(producer, custom, "text");
        Events.data(producer, custom, 42);
        Events.data(producer, custom, 2.5);
        Events.data(producer, custom, true);
        Events.data(producer, custom, Double.NaN);
        awaitCollected(bus, 5);
        assertThat(newest(bus, TypeFilter.ALL, 5)).extracting(e -> e.get("type")).containsOnly("custom_value");
        assertThat(newest(bus, TypeFilter.ALL, 5)).extracting(Buses::payload).containsExactly(
            Map.of("data", "text"), Map.of("data", 42L), Map.of("data", 2.5), Map.of("data", true), singletonNull());
    }

    private static Map<String, Object> singletonNull()
    {
        final Map<String, Object> map = new HashMap<>();
        map.put("data", null);
        return map;
    }
}
