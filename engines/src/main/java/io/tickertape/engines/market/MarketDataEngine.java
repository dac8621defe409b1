package io.tickertape.engines.market;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.engines.Handoff;
import io.tickertape.engines.MarketData;
import io.tickertape.engines.PriceBoard;
import io.tickertape.engines.TradingOptions;
import io.tickertape.engines.universe.Instrument;
import io.tickertape.engines.universe.Universe;
import org.agrona.concurrent.Agent;

/**
 * Runs the {@link SimulatedMarket}, hands completed candles to subscribers, answers price lookups, and publishes
 * the market data engine's telemetry.
 * <p>
 * First the market's history (the warm-up candles before the session) is replayed as fast as subscribers take it,
 * marked as backfill so strategies only warm their indicators on it. Then rounds are paced by a {@link Pacer} to
 * the target event rate. Candles go to subscribers through {@link Handoff}s; a round runs only when every
 * subscriber has room for a candle per instrument, so a slow subscriber slows the market down instead of losing
 * candles.
 * <p>
 * Publishes {@code engine_health} (at start, then every health interval), {@code mde_lookup_failure} (once per
 * symbol whose lookup failed, from any thread) and {@code mde_stale_symbols} (when the replay ends, then with each
 * health event while an instrument's last candle is older than the stale threshold).
 */
public final class MarketDataEngine implements Agent, MarketData
{
    /** A symbol lookup failed; reported once per symbol. */
    static final EventType LOOKUP_FAILURE = EventType.of("mde_lookup_failure");
    /** Symbols whose last candle is too old. */
    static final EventType STALE_SYMBOLS = EventType.of("mde_stale_symbols");
    /** The name of the engine, in its health events. */
    static final String ENGINE_NAME = "market_data";
    /** Reason of a failed lookup of a symbol the universe does not hold. */
    static final String NOT_IN_UNIVERSE = "symbol not in universe";
    /** Reason of a failed lookup of an instrument that is not ticked (options). */
    static final String NO_MARKET_DATA = "no market data for instrument";

    /** Events a candle causes downstream, to start with: an indicator event, three decision traces, some orders. */
    private static final double EVENTS_PER_CANDLE_GUESS = 4.5;
    private static final int MAX_STALE_LISTED = 10;
    /** Staleness is judged on one-minute candles. */
    private static final String STALE_TIMEFRAME = Timeframe.M1.label();
    private static final int MAX_LIVE_ROUNDS_PER_CYCLE = 16;
    private static final int MAX_BACKFILL_ROUNDS_PER_CYCLE = 64;

    private final Producer producer;
    private final Universe universe;
    private final TradingOptions options;
    private final LongSupplier nanoClock;
    private final LongSupplier emitted;
    private final LongSupplier errorCount;
    private final SimulatedMarket market;
    private final int instruments;
    private final String[] symbols;
    private final List<List<Handoff<Candle>>> feeds = new ArrayList<>();
    private final CandleSink deliver = this::deliver;
    private final LookupFailures lookupFailures = new LookupFailures();
    private final String[] staleListed = new String[MAX_STALE_LISTED];
    private final long[] staleAges = new long[MAX_STALE_LISTED];
    private final long staleAfterMillis;

    private Handoff<Candle>[][] feedsByTimeframe;
    private Pacer pacer;
    private long ticksAtLastHealth;
    private long lastHealthNanos;
    private long nextHealthNanos;
    private long errorsAtLastHealth;
    private int staleCount;
    private long oldestStaleAgeMillis;

    /**
     * The engine, not yet started; subscribe to its candles before it starts.
     *
     * @param producer   this engine's producer; used only on the engine's thread.
     * @param universe   the instruments to tick (its tradable ones).
     * @param options    the market's options, the stale threshold, the health interval and the target rate.
     * @param nanoClock  monotonic time for pacing and health.
     * @param emitted    events published so far by the whole system, for pacing; read on this thread.
     * @param errorCount this engine's errors so far, reported in health; read on this thread.
     */
    public MarketDataEngine(
        final Producer producer, final Universe universe, final TradingOptions options, final LongSupplier nanoClock,
        final LongSupplier emitted, final LongSupplier errorCount)
    {
        this.producer = producer;
        this.universe = universe;
        this.options = options;
        this.nanoClock = nanoClock;
        this.emitted = emitted;
        this.errorCount = errorCount;
        this.market = new SimulatedMarket(universe, options);
        this.instruments = market.instruments();
        this.symbols = new String[instruments];
        for (int i = 0; i < instruments; i++)
        {
            symbols[i] = universe.tradable().get(i).symbol();
        }
        for (int t = 0; t < Timeframe.values().length; t++)
        {
            feeds.add(new ArrayList<>());
        }
        staleAfterMillis = options.staleAfter().toMillis();
    }

    /**
     * Subscribe to completed candles of a timeframe. Call before the engine starts.
     *
     * @param timeframe the candles wanted.
     * @param capacity  the handoff's capacity, a power of two; at least twice the tradable instruments.
     * @return the consumer's end of the handoff.
     */
    public Handoff<Candle> subscribe(final Timeframe timeframe, final int capacity)
    {
        if (capacity < 2 * instruments)
        {
            throw new IllegalArgumentException("candle feed capacity " + capacity + " is below 2 x " + instruments);
        }
        final Handoff<Candle> feed = new Handoff<>(capacity, Candle::new);
        feeds.get(timeframe.ordinal()).add(feed);
        return feed;
    }

    @Override
    public String roleName()
    {
        return producer.name();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void onStart()
    {
        feedsByTimeframe = new Handoff[feeds.size()][];
        for (int t = 0; t < feeds.size(); t++)
        {
            feedsByTimeframe[t] = feeds.get(t).toArray(new Handoff[0]);
        }
        final long now = nanoClock.getAsLong();
        lastHealthNanos = now;
        publishHealth(now);
        nextHealthNanos = now + options.marketDataHealthInterval().toNanos();
    }

    @Override
    public int doWork()
    {
        int work = reportLookupFailures();
        final long now = nanoClock.getAsLong();
        if (null == pacer)
        {
            for (int r = 0; r < MAX_BACKFILL_ROUNDS_PER_CYCLE && !market.isLive() && feedsHaveRoom(); r++)
            {
                market.round(deliver);
                work++;
            }
            if (market.isLive())
            {
                pacer = new Pacer(options.eventsPerSecond(), EVENTS_PER_CANDLE_GUESS, candlesPerRound(), emitted, now);
                findStale();
                publishStale();
                work++;
            }
        }
        else
        {
            final int due = Math.min(MAX_LIVE_ROUNDS_PER_CYCLE, pacer.roundsDue(now));
            for (int r = 0; r < due && feedsHaveRoom(); r++)
            {
                pacer.onRound(market.round(deliver));
                work++;
            }
        }
        if (now - nextHealthNanos >= 0)
        {
            findStale();
            publishHealth(now);
            publishStale();
            nextHealthNanos = now + options.marketDataHealthInterval().toNanos();
            work++;
        }
        return work;
    }

    /** Candles handed to subscribers per round, on average. */
    private double candlesPerRound()
    {
        double candles = 0;
        for (final Timeframe timeframe : Timeframe.values())
        {
            candles += feedsByTimeframe[timeframe.ordinal()].length * market.candlesPerRound(timeframe);
        }
        return candles;
    }

    private boolean feedsHaveRoom()
    {
        for (final Handoff<Candle>[] timeframeFeeds : feedsByTimeframe)
        {
            for (final Handoff<Candle> feed : timeframeFeeds)
            {
                if (feed.freeCapacity() < instruments)
                {
                    return false;
                }
            }
        }
        return true;
    }

    private int deliver(final Candle candle)
    {
        int handedOn = 0;
        for (final Handoff<Candle> feed : feedsByTimeframe[candle.timeframe.ordinal()])
        {
            final Candle entry = feed.claim();
            if (null != entry) // always: a round runs only when every feed has room for it
            {
                entry.copyFrom(candle);
                feed.publish();
                handedOn++;
            }
        }
        return handedOn;
    }

    @Override
    public double lastPrice(final String symbol)
    {
        final int index = universe.tradableIndex(symbol);
        if (index >= 0)
        {
            return market.prices().get(index);
        }
        final Instrument instrument = universe.find(symbol);
        lookupFailures.record(
            null == symbol ? "" : symbol,
            null == instrument ? exchangeByForm(symbol) : instrument.exchange(),
            null == instrument ? NOT_IN_UNIVERSE : NO_MARKET_DATA);
        return Double.NaN;
    }

    /**
     * The segment a symbol outside the universe would be looked for on, by its form: derivatives (names ending in
     * {@code FUT}, {@code CE} or {@code PE}) on NFO, anything else on NSE.
     */
    static String exchangeByForm(final String symbol)
    {
        return null != symbol && (symbol.endsWith("FUT") || symbol.endsWith("CE") || symbol.endsWith("PE")) ? "NFO" : "NSE";
    }

    private int reportLookupFailures()
    {
        int reported = 0;
        LookupFailures.Failure failure;
        while (null != (failure = lookupFailures.poll()))
        {
            try (EventWriter e = producer.claim(LOOKUP_FAILURE))
            {
                e.put("symbol", failure.symbol()).put("exchange_tried", failure.exchange()).put("reason", failure.reason());
            }
            reported++;
        }
        return reported;
    }

    private void findStale()
    {
        int count = 0;
        long oldest = 0;
        for (int i = 0; i < instruments; i++)
        {
            final long age = market.candleAgeMillis(i);
            if (age > staleAfterMillis)
            {
                if (count < MAX_STALE_LISTED)
                {
                    staleListed[count] = symbols[i];
                    staleAges[count] = age;
                }
                count++;
                oldest = Math.max(oldest, age);
            }
        }
        staleCount = count;
        oldestStaleAgeMillis = oldest;
    }

    private void publishStale()
    {
        if (staleCount == 0)
        {
            return;
        }
        try (EventWriter e = producer.claim(STALE_SYMBOLS))
        {
            e.put("count", staleCount).beginArray("symbols");
            for (int i = 0; i < Math.min(staleCount, MAX_STALE_LISTED); i++)
            {
                e.addObject().put("symbol", staleListed[i]).put("timeframe", STALE_TIMEFRAME)
                    .put("age_minutes", staleAges[i] == Long.MAX_VALUE ? -1 : staleAges[i] / 60_000).end();
            }
            e.end()
                .put("threshold_minutes", staleAfterMillis / 60_000)
                .put("oldest_age_minutes", oldestStaleAgeMillis == Long.MAX_VALUE ? -1 : oldestStaleAgeMillis / 60_000);
        }
    }

    private void publishHealth(final long now)
    {
        final long errorCount = this.errorCount.getAsLong();
        final String status = null == pacer ? "starting" : errorCount > errorsAtLastHealth ? "degraded" : "active";
        errorsAtLastHealth = errorCount;
        final long ticks = market.ticks();
        final double seconds = (now - lastHealthNanos) / 1e9;
        final double ticksPerSecond = seconds <= 0 ? 0 : (ticks - ticksAtLastHealth) / seconds;
        ticksAtLastHealth = ticks;
        lastHealthNanos = now;
        int cached = 0;
        for (int i = 0; i < instruments; i++)
        {
            if (market.hasCandles(i))
            {
                cached++;
            }
        }
        try (EventWriter e = Events.beginEngineHealth(producer, ENGINE_NAME, status))
        {
            e.put("cached_symbols", cached)
                .put("total_candles", market.completedCandles())
                .put("lookup_failures", lookupFailures.count())
                .put("stale_symbols_count", staleCount)
                .put("ticks_per_s", Math.rint(ticksPerSecond * 10) / 10)
                .put("ticks", ticks)
                .put("errors", errorCount);
        }
    }

    /** @return the last price of each tradable instrument, readable from any thread. */
    public PriceBoard prices()
    {
        return market.prices();
    }

    /** @return whether the history replay is over and rounds are paced. */
    boolean isLive()
    {
        return null != pacer;
    }

    /** @return stale instruments at the last check. */
    int staleCount()
    {
        return staleCount;
    }

    /** @return ticks so far; read on the engine's thread. */
    public long ticks()
    {
        return market.ticks();
    }
}
