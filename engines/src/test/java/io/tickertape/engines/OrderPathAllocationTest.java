package io.tickertape.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.LocalDate;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.engines.execution.ExecutionEngine;
import io.tickertape.engines.market.Candle;
import io.tickertape.engines.market.MarketDataEngine;
import io.tickertape.engines.market.Timeframe;
import io.tickertape.engines.strategy.StrategyEngine;
import io.tickertape.engines.universe.Universe;
import io.tickertape.engines.universe.UniverseBuilder;
import org.junit.jupiter.api.Test;

import com.sun.management.ThreadMXBean;

/**
 * The per-tick and per-order path allocates nothing: market data rounds, candle handoff, indicator updates,
 * strategy evaluations with their events, signals, orders, fills and positions, measured with the JVM's per-thread
 * allocation counter while all three engines run on the test thread.
 * <p>
 * What is measured is the steady state: the first two phases load and initialise what the path uses, and the test
 * runs phases until one allocates nothing, at most {@value #MAX_PHASES}; code that allocates per event never gets
 * there. The path allocates nothing whichever tier runs it: the build runs this test a second time without C2
 * ({@code -XX:TieredStopAtLevel=1}), where no escape analysis can remove an allocation.
 */
class OrderPathAllocationTest
{
    private static final ThreadMXBean THREADS =
        (ThreadMXBean)ManagementFactory.getThreadMXBean();
    /** Each phase is 5,000 cycles of 1 ms at 20,000 events/s: about 100,000 events, fewer than a ring holds. */
    private static final Duration CYCLE = Duration.ofMillis(1);
    private static final int CYCLES = 5_000;
    private static final int MAX_PHASES = 30;

    @Test
    void shouldTradeWithoutAllocating()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(4_096)))
        {
            final TradingOptions options = TradingOptions.defaults().withEventsPerSecond(20_000)
                .withMarketDataHealthInterval(Duration.ofDays(1)).withStrategyHealthInterval(Duration.ofDays(1))
                .withPerformanceInterval(Duration.ofDays(1));
            final Universe universe = new UniverseBuilder(
                options.equities(), options.derivatives(), LocalDate.of(2025, 1, 6), options.seed()).build();
            final BusEvents.ManualClock clock = new BusEvents.ManualClock();
            final Producer md = bus.producer("market_data", 1 << 10);
            final Producer st = bus.producer("strategy", 1 << 17);
            final Producer ex = bus.producer("execution", 1 << 17);
            final MarketDataEngine marketData = new MarketDataEngine(md, universe, options, clock, () -> st.published() + ex.published(),
                () -> 0);
            final Handoff<Candle> candles = marketData.subscribe(Timeframe.M5, 4096);
            final Handoff<Signal> signals = new Handoff<>(4096, Signal::new);
            final Handoff<ClosedTrade> closedTrades = new Handoff<>(4096, ClosedTrade::new);
            final StrategyEngine strategy = new StrategyEngine(st, universe, options, clock, candles, signals, closedTrades,
                () -> 0);
            final ExecutionEngine execution = new ExecutionEngine(ex, universe, options, clock, signals, closedTrades,
                marketData.prices(), StrategyEngine.strategyNames());
            marketData.onStart();
            strategy.onStart();
            execution.onStart();

            final long threadId = Thread.currentThread().getId();
            THREADS.getThreadAllocatedBytes(threadId); // load the counter's own code before measuring
            long allocated = -1;
            long evaluations = 0;
            long orders = 0;
            for (int phase = 0; phase < MAX_PHASES && allocated != 0; phase++)
            {
                final long published = st.published() + ex.published();
                while (bus.stats().collected() < published)
                {
                    Thread.onSpinWait();
                }
                final long ordersBefore = execution.orders();
                final long evaluationsBefore = strategy.evaluations();
                final long before = THREADS.getThreadAllocatedBytes(threadId);
                cycle(clock, marketData, strategy, execution, CYCLES);
                allocated = phase < 2 ? -1 : THREADS.getThreadAllocatedBytes(threadId) - before;
                System.out.printf("order path allocation: phase %d, %d bytes%n", phase, allocated); // the trend, if it fails
                evaluations = strategy.evaluations() - evaluationsBefore;
                orders = execution.orders() - ordersBefore;
            }

            assertThat(evaluations).as("evaluations measured").isGreaterThan(5_000);
            assertThat(orders).as("orders measured").isGreaterThan(300);
            assertThat(st.dropped() + ex.dropped()).as("rings never full").isZero();
            assertThat(allocated).as("bytes allocated by a phase once compiled").isZero();
        }
    }

    private static void cycle(
        final BusEvents.ManualClock clock, final MarketDataEngine marketData, final StrategyEngine strategy,
        final ExecutionEngine execution, final int cycles)
    {
        for (int i = 0; i < cycles; i++)
        {
            clock.advance(CYCLE);
            marketData.doWork();
            strategy.doWork();
            execution.doWork();
        }
    }
}
