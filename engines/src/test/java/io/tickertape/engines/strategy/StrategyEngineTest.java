package io.tickertape.engines.strategy;

import static io.tickertape.engines.BusEvents.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.TelemetryBus;
import io.tickertape.engines.Action;
import io.tickertape.engines.BusEvents;
import io.tickertape.engines.ClosedTrade;
import io.tickertape.engines.Handoff;
import io.tickertape.engines.Signal;
import io.tickertape.engines.TradingOptions;
import io.tickertape.engines.market.Candle;
import io.tickertape.engines.market.MarketDataEngine;
import io.tickertape.engines.market.Timeframe;
import io.tickertape.engines.universe.Universe;
import io.tickertape.engines.universe.UniverseBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StrategyEngineTest
{
    private final TelemetryBus bus = BusEvents.bus();
    private final BusEvents.ManualClock clock = new BusEvents.ManualClock();
    private final TradingOptions options = TradingOptions.defaults().withHaltedSymbols(0);
    private final Universe universe = new UniverseBuilder(
        options.equities(), options.derivatives(), LocalDate.of(2025, 1, 6), options.seed()).build();

    @AfterEach
    void close()
    {
        bus.close();
    }

    private record SignalCopy(int strategy, int instrument, Action action, double price, double confidence)
    {
    }

    /** A market data engine feeding a strategy engine, both driven on the test thread. */
    private final class Pipeline
    {
        final MarketDataEngine marketData;
        final StrategyEngine strategy;
        final Handoff<Signal> signals;
        final Handoff<ClosedTrade> closedTrades = new Handoff<>(64, ClosedTrade::new);
        final List<SignalCopy> handedOn = new ArrayList<>();

        Pipeline(final String name, final int signalCapacity)
        {
            marketData = new MarketDataEngine(bus.producer(name + "-md", 1024), universe, options, clock, () -> 0, () -> 0);
            final Handoff<Candle> candles = marketData.subscribe(Timeframe.M5, 4096);
            signals = new Handoff<>(signalCapacity, Signal::new);
            strategy = new StrategyEngine(bus.producer(name, 1 << 15), universe, options, clock, candles, signals, closedTrades,
                () -> 0);
            marketData.onStart();
            strategy.onStart();
        }

        void cycle(final boolean drainSignals)
        {
            clock.advance(Duration.ofMillis(10));
            marketData.doWork();
            strategy.doWork();
            if (drainSignals)
            {
                signals.poll((s, sequence, endOfBatch) ->
                {
                    handedOn.add(new SignalCopy(s.strategy(), s.instrument(), s.action(), s.price(), s.confidence()));
                    return true;
                });
            }
        }
    }

    @Test
    void shouldPublishHealthWithZerosBeforeAnyTrade()
    {
        final Pipeline p = new Pipeline("strategy", 4096);

        final List<Map<String, Object>> health = BusEvents.payloads(bus, "engine_health");
        final Map<String, Object> strategyHealth = health.stream()
            .filter((h) -> "strategy_engine".equals(h.get("engine_name"))).findFirst().orElseThrow();
        assertThat(strategyHealth).containsEntry("status", "active");
        final Map<String, Object> metrics = object(strategyHealth, "metrics");
        assertThat(metrics).containsEntry("total_strategies", 3L).containsEntry("avg_win_rate", 0.0)
            .containsEntry("max_loss_streak", 0L).containsEntry("avg_confidence", 0.0);
        assertThat(object(metrics, "strategies")).containsOnlyKeys("momentum", "mean_reversion", "breakout");
        assertThat(object(object(metrics, "strategies"), "breakout")).isEqualTo(Map.of(
            "wins", 0L, "losses", 0L, "win_rate", 0.0, "win_streak", 0L, "loss_streak", 0L, "open_positions", 0L));
        assertThat(p.strategy.evaluations()).isZero();
    }

    @Test
    void shouldCountWinsAndLossesFromClosedTradesInItsHealth()
    {
        final Pipeline p = new Pipeline("strategy", 4096);
        closeTrade(p, 0, 100);
        closeTrade(p, 0, -50);
        closeTrade(p, 0, -20);
        closeTrade(p, 1, 10);
        p.strategy.doWork();
        clock.advance(Duration.ofSeconds(5));
        p.strategy.doWork();

        final List<Map<String, Object>> health = BusEvents.payloads(bus, "engine_health");
        final Map<String, Object> metrics = object(health.get(health.size() - 1), "metrics");
        assertThat(metrics).containsEntry("avg_win_rate", 0.6667).containsEntry("max_loss_streak", 2L);
        final Map<String, Object> strategies = object(metrics, "strategies");
        assertThat(object(strategies, "momentum")).containsEntry("wins", 1L).containsEntry("losses", 2L)
            .containsEntry("win_rate", 0.3333).containsEntry("win_streak", 0L).containsEntry("loss_streak", 2L);
        assertThat(object(strategies, "mean_reversion")).containsEntry("wins", 1L).containsEntry("win_streak", 1L)
            .containsEntry("win_rate", 1.0);
        assertThat(object(strategies, "breakout")).containsEntry("wins", 0L).containsEntry("losses", 0L);
    }

    private static void closeTrade(final Pipeline p, final int strategy, final double pnl)
    {
        p.closedTrades.claim().set(strategy, 0, pnl);
        p.closedTrades.publish();
    }

    @Test
    void shouldTraceEveryDecisionAndSignalEveryAction()
    {
        final Pipeline p = new Pipeline("strategy", 4096);
        for (int i = 0; i < 10_000 && p.handedOn.size() < 100; i++)
        {
            p.cycle(true);
        }
        clock.advance(Duration.ofSeconds(5));
        p.cycle(true);

        final long evaluations = p.strategy.evaluations();
        assertThat(evaluations).isPositive();
        final List<Map<String, Object>> indicators = BusEvents.payloads(bus, "indicator_event");
        final List<Map<String, Object>> traces = BusEvents.payloads(bus, "decision_trace");
        final List<Map<String, Object>> signals = BusEvents.payloads(bus, "signal_event");
        assertThat(indicators).hasSize((int)evaluations);
        assertThat(traces).hasSize(3 * (int)evaluations);
        assertThat(indicators.get(0)).containsEntry("timeframe", "5m");
        assertThat(object(indicators.get(0), "indicators")).containsOnlyKeys("rsi", "ema_20", "ema_50", "atr", "close");

        final List<Map<String, Object>> actionable = traces.stream().filter((t) -> !"HOLD".equals(t.get("decision"))).toList();
        assertThat(signals).hasSameSizeAs(actionable).hasSameSizeAs(p.handedOn).hasSizeGreaterThanOrEqualTo(100);
        final String[] names = StrategyEngine.strategyNames();
        final Map<String, Integer> open = new HashMap<>();
        double confidenceSum = 0;
        for (int i = 0; i < signals.size(); i++)
        {
            final Map<String, Object> signal = signals.get(i);
            final Map<String, Object> trace = actionable.get(i);
            final SignalCopy handed = p.handedOn.get(i);
            assertThat(signal.get("signal")).isEqualTo(trace.get("decision")).isEqualTo(handed.action().label());
            assertThat(signal.get("strategy_name")).isEqualTo(trace.get("strategy_name")).isEqualTo(names[handed.strategy()]);
            assertThat(signal.get("symbol")).isEqualTo(trace.get("symbol")).isEqualTo(universe.tradable().get(handed.instrument()).symbol());
            assertThat(signal.get("confidence")).isEqualTo(object(trace, "trace_data").get("confidence")).isEqualTo(handed.confidence());
            assertThat(signal.get("price")).isEqualTo(object(trace, "trace_data").get("close_price"));
            assertThat(signal).containsEntry("timeframe", "5m");
            assertThat((Double)signal.get("confidence")).isBetween(0.5, 1.0);
            confidenceSum += handed.confidence();
            open.merge(names[handed.strategy()], handed.action() == Action.EXIT ? -1 : 1, Integer::sum);
        }

        final List<Map<String, Object>> health = BusEvents.payloads(bus, "engine_health").stream()
            .filter((h) -> "strategy_engine".equals(h.get("engine_name"))).toList();
        final Map<String, Object> metrics = object(health.get(health.size() - 1), "metrics");
        assertThat((Double)metrics.get("avg_confidence")).isCloseTo(confidenceSum / signals.size(), within(0.0001));
        assertThat(metrics).containsEntry("evaluations", evaluations).containsEntry("signals", (long)signals.size());
        for (final String name : names)
        {
            assertThat(object(object(metrics, "strategies"), name).get("open_positions"))
                .isEqualTo((long)open.getOrDefault(name, 0));
        }
    }

    @Test
    void shouldMakeTheSameSignalsFromTheSameSeed()
    {
        final Pipeline first = new Pipeline("first", 4096);
        final Pipeline second = new Pipeline("second", 4096);
        for (int i = 0; i < 300; i++)
        {
            first.cycle(true);
            second.cycle(true);
        }
        assertThat(first.handedOn).hasSizeGreaterThan(100);
        final int common = Math.min(first.handedOn.size(), second.handedOn.size());
        assertThat(common).isPositive();
        assertThat(first.handedOn.subList(0, common)).isEqualTo(second.handedOn.subList(0, common));
    }

    @Test
    void shouldStopTakingCandlesRatherThanLoseSignalsWhenExecutionIsBehind()
    {
        final Pipeline p = new Pipeline("strategy", 8);
        for (int i = 0; i < 3_000; i++)
        {
            p.cycle(false);
        }
        assertThat(p.signals.size()).as("signals wait, none lost").isBetween(6, 8);
        assertThat(BusEvents.payloads(bus, "signal_event")).hasSize(p.signals.size());
        assertThat(p.marketData.ticks()).as("the market waits for the strategy").isLessThan(3_000L * universe.tradable().size());
    }
}
