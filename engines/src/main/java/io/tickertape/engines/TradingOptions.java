package io.tickertape.engines;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The options of a {@link TradingSystem}. Start from {@link #defaults()} and change what you need:
 * <pre>{@code
 * TradingOptions options = TradingOptions.defaults().withSeed(7).withEventsPerSecond(200_000);
 * }</pre>
 *
 * @param seed                     fixes the universe, the market's random walk, the halted symbols and the
 *                                 broker's fills: the same seed gives the same candles, signals and orders.
 * @param eventsPerSecond          the total event rate the engines aim at; the market data engine paces its
 *                                 ticks to reach it (roughly: bursts happen when candles close).
 * @param equities                 NSE equities in the universe: well-known names first, then {@code EQ0050}...
 * @param derivatives              about how many NFO futures and options (four indexes, three monthly expiries).
 * @param haltedSymbols            equities halted before the session, which stop ticking and become stale
 *                                 (at most all the equities).
 * @param startupLookups           symbols looked up at start; those without market data are reported as
 *                                 {@code mde_lookup_failure} (the defaults are not in the universe).
 * @param universeRefresh          how often the universe is rescanned.
 * @param marketDataHealthInterval how often the market data engine publishes {@code engine_health}.
 * @param strategyHealthInterval   how often the strategy engine publishes {@code engine_health}.
 * @param performanceInterval      how often the execution engine publishes {@code performance_update}.
 * @param simStep                  simulated time per round of ticks (every instrument ticks once a round).
 * @param staleAfter               simulated age of a symbol's last candle past which it is stale.
 * @param warmupCandles            five-minute candles of history replayed before trading, to warm indicators.
 * @param sessionStart             simulated time trading starts at (history is replayed up to it).
 * @param capital                  the paper account's starting capital, in rupees.
 */
public record TradingOptions(
    long seed,
    int eventsPerSecond,
    int equities,
    int derivatives,
    int haltedSymbols,
    List<String> startupLookups,
    Duration universeRefresh,
    Duration marketDataHealthInterval,
    Duration strategyHealthInterval,
    Duration performanceInterval,
    Duration simStep,
    Duration staleAfter,
    int warmupCandles,
    Instant sessionStart,
    double capital)
{
    /** Default {@link #seed()}. */
    public static final long SEED_DEFAULT = 42;
    /** Default {@link #eventsPerSecond()}. */
    public static final int EVENTS_PER_SECOND_DEFAULT = 2_000;
    /** Default {@link #equities()}. */
    public static final int EQUITIES_DEFAULT = 250;
    /** Default {@link #derivatives()}. */
    public static final int DERIVATIVES_DEFAULT = 1_500;
    /** Default {@link #haltedSymbols()}. */
    public static final int HALTED_SYMBOLS_DEFAULT = 3;
    /** Default {@link #startupLookups()}: a delisted equity and a BSE index, neither in an NSE/NFO universe. */
    public static final List<String> STARTUP_LOOKUPS_DEFAULT = List.of("HDFC", "SENSEX");
    /** Default {@link #universeRefresh()}. */
    public static final Duration UNIVERSE_REFRESH_DEFAULT = Duration.ofSeconds(60);
    /** Default {@link #marketDataHealthInterval()}. */
    public static final Duration MARKET_DATA_HEALTH_DEFAULT = Duration.ofSeconds(3);
    /** Default {@link #strategyHealthInterval()}. */
    public static final Duration STRATEGY_HEALTH_DEFAULT = Duration.ofSeconds(5);
    /** Default {@link #performanceInterval()}. */
    public static final Duration PERFORMANCE_DEFAULT = Duration.ofSeconds(2);
    /** Default {@link #simStep()}: a five-minute candle is twenty ticks. */
    public static final Duration SIM_STEP_DEFAULT = Duration.ofSeconds(15);
    /** Default {@link #staleAfter()}. */
    public static final Duration STALE_AFTER_DEFAULT = Duration.ofMinutes(60);
    /** Default {@link #warmupCandles()}: enough for EMA 50. */
    public static final int WARMUP_CANDLES_DEFAULT = 60;
    /** Default {@link #sessionStart()}: 09:15 IST on Monday 6 January 2025. */
    public static final Instant SESSION_START_DEFAULT = Instant.parse("2025-01-06T03:45:00Z");
    /** Default {@link #capital()}: one crore rupees. */
    public static final double CAPITAL_DEFAULT = 10_000_000;

    /**
     * Checks every option.
     *
     * @throws IllegalArgumentException naming the first option out of range.
     */
    public TradingOptions
    {
        require(eventsPerSecond >= 1, "eventsPerSecond must be >= 1: " + eventsPerSecond);
        require(equities >= 1, "equities must be >= 1: " + equities);
        require(derivatives >= 0, "derivatives must be >= 0: " + derivatives);
        require(haltedSymbols >= 0, "haltedSymbols must be >= 0: " + haltedSymbols);
        startupLookups = List.copyOf(Objects.requireNonNull(startupLookups, "startupLookups"));
        positive(universeRefresh, "universeRefresh");
        positive(marketDataHealthInterval, "marketDataHealthInterval");
        positive(strategyHealthInterval, "strategyHealthInterval");
        positive(performanceInterval, "performanceInterval");
        positive(simStep, "simStep");
        require(simStep.toMillis() >= 1 && simStep.compareTo(Duration.ofMinutes(1)) <= 0, "simStep must be 1 ms..1 min: " + simStep);
        positive(staleAfter, "staleAfter");
        require(warmupCandles >= 0, "warmupCandles must be >= 0: " + warmupCandles);
        Objects.requireNonNull(sessionStart, "sessionStart");
        require(capital > 0 && Double.isFinite(capital), "capital must be positive: " + capital);
    }

    /**
     * Every option at its default.
     *
     * @return the defaults.
     */
    public static TradingOptions defaults()
    {
        return new TradingOptions(
            SEED_DEFAULT, EVENTS_PER_SECOND_DEFAULT, EQUITIES_DEFAULT, DERIVATIVES_DEFAULT, HALTED_SYMBOLS_DEFAULT,
            STARTUP_LOOKUPS_DEFAULT, UNIVERSE_REFRESH_DEFAULT, MARKET_DATA_HEALTH_DEFAULT, STRATEGY_HEALTH_DEFAULT,
            PERFORMANCE_DEFAULT, SIM_STEP_DEFAULT, STALE_AFTER_DEFAULT, WARMUP_CANDLES_DEFAULT, SESSION_START_DEFAULT,
            CAPITAL_DEFAULT);
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    private static void positive(final Duration duration, final String name)
    {
        Objects.requireNonNull(duration, name);
        require(!duration.isNegative() && !duration.isZero(), name + " must be positive: " + duration);
    }

    /**
     * @param seed the new {@link #seed()}.
     * @return a copy with it.
     */
    public TradingOptions withSeed(final long seed)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param eventsPerSecond the new {@link #eventsPerSecond()}.
     * @return a copy with it.
     */
    public TradingOptions withEventsPerSecond(final int eventsPerSecond)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param equities the new {@link #equities()}.
     * @return a copy with it.
     */
    public TradingOptions withEquities(final int equities)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param derivatives the new {@link #derivatives()}.
     * @return a copy with it.
     */
    public TradingOptions withDerivatives(final int derivatives)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param haltedSymbols the new {@link #haltedSymbols()}.
     * @return a copy with it.
     */
    public TradingOptions withHaltedSymbols(final int haltedSymbols)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param startupLookups the new {@link #startupLookups()}.
     * @return a copy with them.
     */
    public TradingOptions withStartupLookups(final List<String> startupLookups)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param universeRefresh the new {@link #universeRefresh()}.
     * @return a copy with it.
     */
    public TradingOptions withUniverseRefresh(final Duration universeRefresh)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param marketDataHealthInterval the new {@link #marketDataHealthInterval()}.
     * @return a copy with it.
     */
    public TradingOptions withMarketDataHealthInterval(final Duration marketDataHealthInterval)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param strategyHealthInterval the new {@link #strategyHealthInterval()}.
     * @return a copy with it.
     */
    public TradingOptions withStrategyHealthInterval(final Duration strategyHealthInterval)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param performanceInterval the new {@link #performanceInterval()}.
     * @return a copy with it.
     */
    public TradingOptions withPerformanceInterval(final Duration performanceInterval)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param simStep the new {@link #simStep()}.
     * @return a copy with it.
     */
    public TradingOptions withSimStep(final Duration simStep)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param staleAfter the new {@link #staleAfter()}.
     * @return a copy with it.
     */
    public TradingOptions withStaleAfter(final Duration staleAfter)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param warmupCandles the new {@link #warmupCandles()}.
     * @return a copy with it.
     */
    public TradingOptions withWarmupCandles(final int warmupCandles)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param sessionStart the new {@link #sessionStart()}.
     * @return a copy with it.
     */
    public TradingOptions withSessionStart(final Instant sessionStart)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }

    /**
     * @param capital the new {@link #capital()}.
     * @return a copy with it.
     */
    public TradingOptions withCapital(final double capital)
    {
        return new TradingOptions(seed, eventsPerSecond, equities, derivatives, haltedSymbols, startupLookups,
            universeRefresh, marketDataHealthInterval, strategyHealthInterval, performanceInterval, simStep, staleAfter,
            warmupCandles, sessionStart, capital);
    }
}
