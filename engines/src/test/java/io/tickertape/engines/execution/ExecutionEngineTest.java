package io.tickertape.engines.execution;

import static io.tickertape.engines.BusEvents.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.tickertape.bus.TelemetryBus;
import io.tickertape.engines.Action;
import io.tickertape.engines.BusEvents;
import io.tickertape.engines.ClosedTrade;
import io.tickertape.engines.Handoff;
import io.tickertape.engines.PriceBoard;
import io.tickertape.engines.Signal;
import io.tickertape.engines.TradingOptions;
import io.tickertape.engines.strategy.StrategyEngine;
import io.tickertape.engines.universe.Instrument;
import io.tickertape.engines.universe.Universe;
import io.tickertape.engines.universe.UniverseBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutionEngineTest
{
    private static final int MOMENTUM = 0;
    private static final int MEAN_REVERSION = 1;

    private final TelemetryBus bus = BusEvents.bus();
    private final BusEvents.ManualClock clock = new BusEvents.ManualClock();
    private final Universe universe = new UniverseBuilder(250, 1500, LocalDate.of(2025, 1, 6), 42).build();
    private final Handoff<Signal> signals = new Handoff<>(4096, Signal::new);
    private final Handoff<ClosedTrade> closedTrades = new Handoff<>(4096, ClosedTrade::new);
    private final PriceBoard marks = new PriceBoard(universe.tradable().size());
    private ExecutionEngine engine;

    @AfterEach
    void close()
    {
        bus.close();
    }

    private ExecutionEngine start(final TradingOptions options)
    {
        engine = new ExecutionEngine(bus.producer("execution", 1 << 15), universe, options, clock, signals, closedTrades, marks,
            StrategyEngine.strategyNames());
        engine.onStart();
        return engine;
    }

    private void signal(final int strategy, final String symbol, final Action action, final double price)
    {
        signals.claim().set(strategy, universe.tradableIndex(symbol), action, price, 0.7);
        signals.publish();
    }

    /** Run until every signal is handled and no partial fill is left. */
    private void drain()
    {
        for (int i = 0; i < 100 && (signals.size() > 0 || i < 2); i++)
        {
            engine.doWork();
        }
        engine.doWork();
    }

    /** The oldest closed trade handed back (taking it), or null when there is none. */
    private ClosedTrade takeClosedTrade()
    {
        final ClosedTrade[] taken = new ClosedTrade[1];
        closedTrades.poll((trade, sequence, endOfBatch) ->
        {
            taken[0] = trade;
            return false;
        });
        return taken[0];
    }

    /** Each order's events in order, by order id. */
    private Map<String, List<Map<String, Object>>> ordersById()
    {
        final Map<String, List<Map<String, Object>>> byId = new LinkedHashMap<>();
        for (final Map<String, Object> order : BusEvents.payloads(bus, "order_event"))
        {
            byId.computeIfAbsent((String)order.get("order_id"), (k) -> new ArrayList<>()).add(order);
        }
        return byId;
    }

    @Test
    void shouldPublishNewThenFilledForAnEntry()
    {
        start(TradingOptions.defaults());
        signal(MOMENTUM, "RELIANCE", Action.BUY, 1250.0);
        drain();

        final List<Map<String, Object>> events = ordersById().get("PAPER-000001");
        assertThat(events.get(0)).containsEntry("status", "new").containsEntry("symbol", "RELIANCE")
            .containsEntry("side", "BUY").containsEntry("qty", 160L).containsEntry("strategy", "momentum")
            .containsEntry("order_type", "LIMIT").containsEntry("price", FillModel.limit(true, 1250.0))
            .containsEntry("filled_qty", 0L).containsEntry("remaining_qty", 160L);
        final Map<String, Object> last = events.get(events.size() - 1);
        assertThat(last).containsEntry("status", "filled").containsEntry("filled_qty", 160L).containsEntry("remaining_qty", 0L);
        assertThat((Double)last.get("avg_fill_price")).isCloseTo(1250.0, within(5.0));

        final List<Map<String, Object>> positions = BusEvents.payloads(bus, "position_event");
        assertThat(positions.get(positions.size() - 1)).containsEntry("symbol", "RELIANCE").containsEntry("position_size", 160L);
    }

    @Test
    void shouldRejectAnEntryWithoutEnoughMarginAfterPublishingItAsNew()
    {
        start(TradingOptions.defaults().withCapital(100_000));
        signal(MOMENTUM, "NIFTY25JANFUT", Action.BUY, 23_600.0); // one lot: 75 x 23,600 x 12% = 212,400 of margin
        drain();

        final List<Map<String, Object>> events = ordersById().get("PAPER-000001");
        assertThat(events).extracting((e) -> e.get("status")).containsExactly("new", "rejected");
        assertThat(events.get(1)).containsEntry("reason", "Insufficient margin").containsEntry("qty", 75L)
            .containsEntry("margin_available", 100_000.0);
        assertThat((Double)events.get(1).get("margin_required")).isGreaterThan(200_000.0);
        assertThat(BusEvents.payloads(bus, "position_event")).isEmpty();
        assertThat(engine.rejections()).isEqualTo(1);
    }

    @Test
    void shouldRejectEntriesTheMarketHasMovedAwayFrom()
    {
        start(TradingOptions.defaults());
        for (int i = 0; i < 300; i++)
        {
            signal(i % 3, universe.tradable().get(i % 50).symbol(), i % 2 == 0 ? Action.BUY : Action.SELL, 1000.0);
            engine.doWork();
        }
        drain();

        final List<Map<String, Object>> notMarketable = BusEvents.payloads(bus, "order_event").stream()
            .filter((o) -> "Not marketable".equals(o.get("reason"))).toList();
        assertThat(notMarketable).isNotEmpty();
        for (final Map<String, Object> order : notMarketable)
        {
            final double limit = (Double)order.get("price");
            final double market = (Double)order.get("market_price");
            assertThat("BUY".equals(order.get("side")) ? market > limit : market < limit).as("market beyond limit: " + order).isTrue();
        }
    }

    @Test
    void shouldGiveEveryOrderOneLifecycleStartingWithNew()
    {
        start(TradingOptions.defaults());
        final SplittableRandom random = new SplittableRandom(1);
        final Action[] actions = {Action.BUY, Action.SELL, Action.EXIT};
        for (int i = 0; i < 2_000; i++)
        {
            signal(random.nextInt(3), universe.tradable().get(random.nextInt(20)).symbol(), actions[random.nextInt(3)],
                500 + random.nextInt(500));
            if (random.nextInt(4) == 0)
            {
                engine.doWork();
            }
        }
        drain();

        final Map<String, List<Map<String, Object>>> orders = ordersById();
        assertThat(orders).hasSize((int)engine.orders());
        int partials = 0;
        for (final Map.Entry<String, List<Map<String, Object>>> order : orders.entrySet())
        {
            final List<String> statuses = order.getValue().stream().map((e) -> (String)e.get("status")).toList();
            assertThat(statuses).as(order.getKey()).isIn(
                List.of("new", "filled"), List.of("new", "partially_filled", "filled"), List.of("new", "rejected"));
            if (statuses.contains("rejected"))
            {
                assertThat(order.getValue().get(1).get("reason")).isIn("Insufficient margin", "Not marketable");
            }
            if (statuses.contains("partially_filled"))
            {
                partials++;
                final Map<String, Object> partial = order.getValue().get(1);
                assertThat((Long)partial.get("filled_qty") + (Long)partial.get("remaining_qty")).isEqualTo(partial.get("qty"));
                assertThat((Long)partial.get("remaining_qty")).isPositive();
            }
        }
        assertThat(partials).isPositive();
        assertThat(engine.exitsWithoutPosition()).as("exits of strategies with nothing open make no order").isPositive();
    }

    @Test
    void shouldRoundEveryAmountOfMoneyToThePaisa()
    {
        start(TradingOptions.defaults());
        final SplittableRandom random = new SplittableRandom(3);
        final Action[] actions = {Action.BUY, Action.SELL, Action.EXIT};
        for (int i = 0; i < 2_000; i++)
        {
            final Instrument instrument = universe.tradable().get(random.nextInt(8));
            // Signals come at candle closes, which move in ticks of 0.05.
            final double close = Math.rint(instrument.basePrice() * (0.9 + random.nextDouble() / 5) * 20) / 20;
            signal(random.nextInt(3), instrument.symbol(), actions[random.nextInt(3)], close);
            if (random.nextInt(8) == 0)
            {
                engine.doWork();
            }
            marks.set(universe.tradableIndex(instrument.symbol()), close); // open positions are valued at the last close
            if (i % 10 == 0)
            {
                clock.advance(Duration.ofSeconds(2));
                engine.doWork();
            }
        }
        drain();

        final List<Map<String, Object>> performance = BusEvents.payloads(bus, "performance_update").stream()
            .map((p) -> object(p, "metrics")).toList();
        assertThat(performance).hasSizeGreaterThan(10);
        assertThat(performance.stream().filter((m) -> (Double)m.get("unrealized_pnl") != 0.0 && (Double)m.get("realized_pnl") != 0.0))
            .hasSizeGreaterThan(10);
        for (final Map<String, Object> metrics : performance)
        {
            assertPaisa(metrics, "total_pnl", "realized_pnl", "unrealized_pnl", "equity");
            assertThat((Double)metrics.get("total_pnl"))
                .isCloseTo((Double)metrics.get("realized_pnl") + (Double)metrics.get("unrealized_pnl"), within(0.0100001));
        }
        final List<Map<String, Object>> positions = BusEvents.payloads(bus, "position_event");
        assertThat(positions).as("positions").anySatisfy((p) -> assertThat(p.get("entry_price")).isInstanceOf(Double.class));
        for (final Map<String, Object> position : positions)
        {
            assertPaisa(position, "entry_price", "realized_pnl", "unrealized_pnl");
        }
        final List<Map<String, Object>> orders = BusEvents.payloads(bus, "order_event");
        assertThat(orders).as("orders").anySatisfy((o) -> assertThat(o.get("fill_price")).isInstanceOf(Double.class));
        for (final Map<String, Object> order : orders)
        {
            assertPaisa(order, "price", "fill_price", "avg_fill_price", "margin_required", "margin_available", "market_price");
        }
    }

    /** Each named member, where present, is written with at most two decimals (its shortest text, as served). */
    private static void assertPaisa(final Map<String, Object> payload, final String... names)
    {
        for (final String name : names)
        {
            final Object value = payload.get(name);
            if (value instanceof Double)
            {
                assertThat(BigDecimal.valueOf((Double)value).scale()).as("%s = %s in %s", name, value, payload).isLessThanOrEqualTo(2);
            }
        }
    }

    @Test
    void shouldKeepPositionsEqualToTheFills()
    {
        start(TradingOptions.defaults());
        final SplittableRandom random = new SplittableRandom(2);
        final Action[] actions = {Action.BUY, Action.SELL, Action.EXIT};
        for (int i = 0; i < 3_000; i++)
        {
            final Instrument instrument = universe.tradable().get(random.nextInt(8));
            signal(random.nextInt(3), instrument.symbol(), actions[random.nextInt(3)], instrument.basePrice() * (0.9 + random.nextDouble() / 5));
            if (random.nextInt(8) == 0)
            {
                engine.doWork();
            }
        }
        drain();

        // Replay every fill of the order events through a separate average-cost book, written here from scratch.
        final Map<String, long[]> quantity = new HashMap<>();
        final Map<String, double[]> cost = new HashMap<>(); // {average price, realised pnl}
        int fills = 0;
        for (final Map<String, Object> order : BusEvents.payloads(bus, "order_event"))
        {
            final String status = (String)order.get("status");
            if (!"filled".equals(status) && !"partially_filled".equals(status))
            {
                continue;
            }
            fills++;
            final String symbol = (String)order.get("symbol");
            final long fill = ("BUY".equals(order.get("side")) ? 1 : -1) * (Long)order.get("fill_qty");
            final double price = (Double)order.get("fill_price");
            final long[] q = quantity.computeIfAbsent(symbol, (k) -> new long[1]);
            final double[] c = cost.computeIfAbsent(symbol, (k) -> new double[2]);
            final long held = q[0];
            final long after = held + fill;
            if (held == 0 || (held > 0) == (fill > 0))
            {
                c[0] = (c[0] * Math.abs(held) + price * Math.abs(fill)) / Math.abs(after);
            }
            else
            {
                final long closed = Math.min(Math.abs(held), Math.abs(fill));
                c[1] += (held > 0 ? 1 : -1) * closed * (price - c[0]);
                c[0] = after == 0 ? 0 : (after > 0) == (held > 0) ? c[0] : price;
            }
            q[0] = after;
        }

        final List<Map<String, Object>> positions = BusEvents.payloads(bus, "position_event");
        assertThat(positions).as("one position event per fill").hasSize(fills);
        assertThat(fills).isEqualTo((int)engine.fills()).isGreaterThan(500);
        final Map<String, Map<String, Object>> lastPosition = new HashMap<>();
        positions.forEach((p) -> lastPosition.put((String)p.get("symbol"), p));
        assertThat(lastPosition.keySet()).isEqualTo(quantity.keySet());
        for (final Map.Entry<String, long[]> entry : quantity.entrySet())
        {
            final String symbol = entry.getKey();
            final Map<String, Object> position = lastPosition.get(symbol);
            final int index = universe.tradableIndex(symbol);
            assertThat(position.get("position_size")).as(symbol).isEqualTo(entry.getValue()[0]).isEqualTo(engine.book().netQuantity(index));
            assertThat((Double)position.get("entry_price")).as(symbol).isCloseTo(cost.get(symbol)[0], within(0.01));
            assertThat((Double)position.get("realized_pnl")).as(symbol).isCloseTo(cost.get(symbol)[1], within(0.01));
        }
    }

    @Test
    void shouldHandBackAClosedTradeWithItsPnl()
    {
        start(TradingOptions.defaults());
        signal(MEAN_REVERSION, "INFY", Action.BUY, 1900.0);
        signal(MEAN_REVERSION, "INFY", Action.EXIT, 1950.0);
        signal(MOMENTUM, "INFY", Action.EXIT, 1950.0); // momentum holds nothing: no order
        drain();

        final List<Map<String, Object>> orders = BusEvents.payloads(bus, "order_event");
        final Map<String, Object> entry = orders.stream().filter((o) -> "PAPER-000001".equals(o.get("order_id")) && "filled".equals(o.get("status"))).findFirst().orElseThrow();
        final Map<String, Object> exit = orders.stream().filter((o) -> "PAPER-000002".equals(o.get("order_id")) && "filled".equals(o.get("status"))).findFirst().orElseThrow();
        assertThat(exit).containsEntry("side", "SELL").containsEntry("order_type", "MARKET").containsEntry("qty", entry.get("qty"));
        assertThat(orders).extracting((o) -> o.get("order_id")).doesNotContain("PAPER-000003");
        assertThat(engine.exitsWithoutPosition()).isEqualTo(1);

        final ClosedTrade trade = takeClosedTrade();
        assertThat(trade).isNotNull();
        assertThat(trade.strategy()).isEqualTo(MEAN_REVERSION);
        assertThat(trade.instrument()).isEqualTo(universe.tradableIndex("INFY"));
        final double expected = (Long)entry.get("qty") * ((Double)exit.get("avg_fill_price") - (Double)entry.get("avg_fill_price"));
        assertThat(trade.pnl()).isCloseTo(expected, within(0.5));
        assertThat(takeClosedTrade()).isNull();

        clock.advance(Duration.ofSeconds(2));
        engine.doWork();
        final List<Map<String, Object>> performance = BusEvents.payloads(bus, "performance_update").stream()
            .map((p) -> object(p, "metrics")).toList();
        assertThat(performance).hasSize(2);
        assertThat(performance.get(0)).containsEntry("trades", 0L).containsEntry("equity", 10_000_000.0).containsEntry("win_rate", 0.0);
        final Map<String, Object> last = performance.get(1);
        assertThat(last).containsEntry("trades", 1L).containsEntry("win_rate", trade.pnl() > 0 ? 1.0 : 0.0)
            .containsEntry("unrealized_pnl", 0.0);
        assertThat((Double)last.get("realized_pnl")).isCloseTo(trade.pnl(), within(0.01));
        assertThat((Double)last.get("equity")).isCloseTo(10_000_000 + trade.pnl(), within(0.01));
        assertThat(last.get("total_pnl")).isEqualTo(last.get("realized_pnl"));
        assertThat(last).containsEntry("sharpe_ratio", 0.0); // one trade: no deviation yet
    }

    @Test
    void shouldMakeTheSameOrdersFromTheSameSignals()
    {
        final List<List<Map<String, Object>>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++)
        {
            try (TelemetryBus own = BusEvents.bus())
            {
                final Handoff<Signal> in = new Handoff<>(4096, Signal::new);
                final ExecutionEngine e = new ExecutionEngine(own.producer("execution", 1 << 15), universe, TradingOptions.defaults(),
                    clock, in, new Handoff<>(4096, ClosedTrade::new), marks, StrategyEngine.strategyNames());
                final SplittableRandom random = new SplittableRandom(3);
                for (int i = 0; i < 1_000; i++)
                {
                    // Arguments are evaluated left to right: strategy, instrument, action, price.
                    in.claim().set(random.nextInt(3), random.nextInt(10), Action.values()[random.nextInt(3)],
                        1000 + random.nextInt(100), 0);
                    in.publish();
                    if (random.nextInt(1 + run * 10) == 0) // different batching: fills must not depend on it
                    {
                        e.doWork();
                    }
                }
                while (in.size() > 0)
                {
                    e.doWork();
                }
                e.doWork();
                runs.add(BusEvents.payloads(own, "order_event"));
            }
        }
        assertThat(runs.get(0)).isNotEmpty().isEqualTo(runs.get(1));
    }
}
