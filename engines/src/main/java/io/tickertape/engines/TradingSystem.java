package io.tickertape.engines;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

import io.tickertape.bus.Producer;
import io.tickertape.bus.ProducerStats;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.engines.execution.ExecutionEngine;
import io.tickertape.engines.market.Candle;
import io.tickertape.engines.market.MarketDataEngine;
import io.tickertape.engines.market.Timeframe;
import io.tickertape.engines.strategy.StrategyEngine;
import io.tickertape.engines.universe.Universe;
import io.tickertape.engines.universe.UniverseBuilder;
import io.tickertape.engines.universe.UniverseEngine;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A small simulated trading system publishing telemetry: four engines, Agrona {@link Agent}s each run by an
 * {@link org.agrona.concurrent.AgentRunner} on its own thread, with its own producer on the given bus.
 * <pre>
 *   universe     universe_scan                        (start, every universe refresh)
 *   market_data  engine_health, mde_lookup_failure, mde_stale_symbols
 *      | completed 5m candles (Disruptor ring handoff)
 *      v
 *   strategy     indicator_event, decision_trace, signal_event, engine_health
 *      | signals                 ^ closed trades
 *      v                         |
 *   execution    order_event, position_event, performance_update
 * </pre>
 * <pre>{@code
 * try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(100_000));
 *      TradingSystem trading = new TradingSystem(bus, TradingOptions.defaults()).start())
 * {
 *     ...
 * }
 * }</pre>
 * The engines never die of an error: each throwable, an {@link Error} included, is counted ({@link #errorCounts()}),
 * recorded once per distinct cause in one error log, and the engine goes on. An engine whose thread ends on its own
 * shows as died ({@link #anyEngineDied()}).
 * {@link #close()} stops and joins the threads; it is idempotent. Close the trading system before the bus (after
 * the bus is closed the engines keep running but their events are dropped).
 */
public final class TradingSystem implements AutoCloseable
{
    /** The universe builder's producer and thread name. */
    public static final String UNIVERSE = "universe";
    /** The market data engine's producer and thread name. */
    public static final String MARKET_DATA = "market_data";
    /** The strategy engine's producer and thread name. */
    public static final String STRATEGY = "strategy";
    /** The execution engine's producer and thread name. */
    public static final String EXECUTION = "execution";

    private static final int ENGINES = 4;
    private static final long MAX_PARK_NANOS = 1_000_000;
    private static final int JOIN_TIMEOUT_MILLIS = 5_000;
    private static final int HANDOFF_CAPACITY = 4_096;

    private final TradingOptions options;
    private final Producer[] producers;
    private final MarketDataEngine marketData;
    private final StrategyEngine strategy;
    private final ExecutionEngine execution;
    private final UniverseEngine universe;
    private final List<EngineThread> threads = new ArrayList<>();
    private final Object lock = new Object();
    private boolean started;
    private boolean closed;

    /**
     * Build the universe and the engines, and make their producers on the bus. Nothing runs until
     * {@link #start()}.
     *
     * @param bus     the bus to publish on; its producer names {@value #UNIVERSE}, {@value #MARKET_DATA},
     *                {@value #STRATEGY} and {@value #EXECUTION} must be free.
     * @param options the options.
     * @throws IllegalArgumentException if one of the producer names is taken; nothing is made on the bus then.
     */
    public TradingSystem(final TelemetryBus bus, final TradingOptions options)
    {
        Objects.requireNonNull(bus, "bus");
        this.options = Objects.requireNonNull(options, "options");
        final UniverseBuilder builder = new UniverseBuilder(options.equities(), options.derivatives(),
            options.sessionStart().atZone(ZoneId.of("Asia/Kolkata")).toLocalDate(), options.seed());
        final long buildStarted = System.nanoTime();
        final Universe initial = builder.build();
        final long buildMicros = (System.nanoTime() - buildStarted) / 1_000;
        final int tradable = initial.tradable().size();

        final int eventRing = ringSize(options.eventsPerSecond());
        for (final ProducerStats existing : bus.stats().producers())
        {
            if (List.of(UNIVERSE, MARKET_DATA, STRATEGY, EXECUTION).contains(existing.name()))
            {
                throw new IllegalArgumentException("the bus has a producer named '" + existing.name() + "' already");
            }
        }
        final Producer universeProducer = bus.producer(UNIVERSE, 64);
        final Producer marketDataProducer = bus.producer(MARKET_DATA, 1_024);
        final Producer strategyProducer = bus.producer(STRATEGY, eventRing);
        final Producer executionProducer = bus.producer(EXECUTION, eventRing);
        producers = new Producer[] {universeProducer, marketDataProducer, strategyProducer, executionProducer};

        final LongSupplier clock = System::nanoTime;
        final EngineErrorLog errorLog = new EngineErrorLog(ENGINES, EngineErrorLog.CAPACITY_DEFAULT);
        final AtomicCounter universeErrors = errorLog.newCounter(UNIVERSE);
        final AtomicCounter marketDataErrors = errorLog.newCounter(MARKET_DATA);
        final AtomicCounter strategyErrors = errorLog.newCounter(STRATEGY);
        final AtomicCounter executionErrors = errorLog.newCounter(EXECUTION);

        marketData = new MarketDataEngine(marketDataProducer, initial, options, clock, this::emitted, marketDataErrors::get);
        final Handoff<Candle> candles = marketData.subscribe(Timeframe.M5, candleFeedCapacity(tradable));
        final Handoff<Signal> signals = new Handoff<>(HANDOFF_CAPACITY, Signal::new);
        final Handoff<ClosedTrade> closedTrades = new Handoff<>(HANDOFF_CAPACITY, ClosedTrade::new);
        strategy = new StrategyEngine(
            strategyProducer, initial, options, clock, candles, signals, closedTrades, strategyErrors::get);
        execution = new ExecutionEngine(executionProducer, initial, options, clock, signals, closedTrades,
            marketData.prices(), StrategyEngine.strategyNames());
        universe = new UniverseEngine(
            universeProducer, builder, initial, buildMicros, options, clock, marketData.prices(), marketData);

        threads.add(engineThread(universe, universeErrors, errorLog));
        threads.add(engineThread(marketData, marketDataErrors, errorLog));
        threads.add(engineThread(strategy, strategyErrors, errorLog));
        threads.add(engineThread(execution, executionErrors, errorLog));
    }

    private static EngineThread engineThread(final Agent engine, final AtomicCounter errors, final EngineErrorLog errorLog)
    {
        return new EngineThread(engine, errors, errorLog.handler(engine.roleName(), errors), MAX_PARK_NANOS);
    }

    /**
     * The ring of the strategy and execution producers: a tenth of a second of the target rate, so a collector
     * pause that long loses nothing; from 4,096 to 32,768 slots.
     */
    static int ringSize(final int eventsPerSecond)
    {
        // The strategy engine publishes in bursts (every instrument's candle closes at once): the ring holds a
        // burst while the collector, which may be parked for up to 100 us when idle, catches up.
        final int wanted = Math.max(16_384, Math.min(65_536, eventsPerSecond / 4));
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    private static int candleFeedCapacity(final int tradable)
    {
        final int wanted = Math.max(4_096, tradable * 8);
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    /**
     * Start the engine threads, after looking up the options' startup symbols (whose failures the market data
     * engine then reports).
     *
     * @return this.
     * @throws IllegalStateException if already started or closed.
     */
    public TradingSystem start()
    {
        synchronized (lock)
        {
            if (started || closed)
            {
                throw new IllegalStateException(closed ? "trading system is closed" : "trading system already started");
            }
            started = true;
            for (final String symbol : options.startupLookups())
            {
                marketData.lastPrice(symbol);
            }
            for (final EngineThread thread : threads)
            {
                thread.start();
            }
            return this;
        }
    }

    /**
     * Stop every engine and wait for its thread to end. Idempotent; safe before {@link #start()}.
     */
    @Override
    public void close()
    {
        synchronized (lock)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        for (final EngineThread thread : threads)
        {
            thread.close(JOIN_TIMEOUT_MILLIS);
        }
    }

    /**
     * Whether the engines were started and not closed, and none has died.
     *
     * @return true while running normally.
     */
    public boolean isRunning()
    {
        synchronized (lock)
        {
            if (!started || closed)
            {
                return false;
            }
        }
        return !anyEngineDied();
    }

    /**
     * Whether any engine's thread ended while it was meant to run.
     *
     * @return true if one died.
     */
    public boolean anyEngineDied()
    {
        for (final EngineThread thread : threads)
        {
            if (thread.hasDied())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Errors each engine threw and survived, by engine name.
     *
     * @return the counts, in the order the engines start.
     */
    public Map<String, Long> errorCounts()
    {
        final Map<String, Long> counts = new LinkedHashMap<>();
        for (final EngineThread thread : threads)
        {
            counts.put(thread.name(), thread.errorCount());
        }
        return counts;
    }

    /**
     * Each engine's state.
     *
     * @return one status per engine, in the order they start.
     */
    public List<EngineStatus> engines()
    {
        final List<EngineStatus> statuses = new ArrayList<>();
        for (final EngineThread thread : threads)
        {
            statuses.add(new EngineStatus(thread.name(), thread.isAlive(), thread.hasDied(), thread.errorCount()));
        }
        return statuses;
    }

    /**
     * Events the engines have published, or tried to (dropped ones included), so far.
     *
     * @return the count.
     */
    public long emitted()
    {
        long sum = 0;
        for (final Producer producer : producers)
        {
            sum += producer.published() + producer.dropped();
        }
        return sum;
    }

    /**
     * Last prices from the market data engine; any thread.
     *
     * @return the market data.
     */
    public MarketData marketData()
    {
        return marketData;
    }

    /**
     * The options the system runs with.
     *
     * @return the options.
     */
    public TradingOptions options()
    {
        return options;
    }
}
