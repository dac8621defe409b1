package io.tickertape.engines.market;

import static io.tickertape.engines.BusEvents.object;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.engines.BusEvents;
import io.tickertape.engines.Handoff;
import io.tickertape.engines.TradingOptions;
import io.tickertape.engines.universe.Universe;
import io.tickertape.engines.universe.UniverseBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MarketDataEngineTest
{
    private final TelemetryBus bus = BusEvents.bus();
    private final BusEvents.ManualClock clock = new BusEvents.ManualClock();

    @AfterEach
    void close()
    {
        bus.close();
    }

    private record Bar(int instrument, long start, double open, double high, double low, double close, long volume, boolean backfill)
    {
    }

    private static final class Harness
    {
        final MarketDataEngine engine;
        final Handoff<Candle> feed;
        final Universe universe;
        final List<Bar> bars = new ArrayList<>();

        Harness(final Producer producer, final TradingOptions options, final BusEvents.ManualClock clock)
        {
            universe = new UniverseBuilder(options.equities(), options.derivatives(), LocalDate.of(2025, 1, 6), options.seed()).build();
            engine = new MarketDataEngine(producer, universe, options, clock, producer::published, () -> 0);
            feed = engine.subscribe(Timeframe.M5, 4096);
            engine.onStart();
        }

        /** Run duty cycles (draining the feed) until backfill is over. */
        void runUntilLive()
        {
            for (int i = 0; i < 10_000 && !engine.isLive(); i++)
            {
                engine.doWork();
                drain();
            }
            assertThat(engine.isLive()).isTrue();
        }

        void drain()
        {
            feed.poll((c, sequence, endOfBatch) ->
            {
                bars.add(new Bar(c.instrument, c.startMillis, c.open, c.high, c.low, c.close, c.volume, c.backfill));
                return true;
            });
        }
    }

    @Test
    void shouldReportEachUnknownSymbolOnceAndCountEveryFailure()
    {
        final Harness h = new Harness(bus.producer("market_data", 1024), TradingOptions.defaults(), clock);

        assertThat(h.engine.lastPrice("RELIANCE")).isEqualTo(1250.0);
        assertThat(h.engine.lastPrice("HDFC")).isNaN();
        assertThat(h.engine.lastPrice("HDFC")).isNaN();
        assertThat(h.engine.lastPrice("SENSEX")).isNaN();
        assertThat(h.engine.lastPrice("NIFTY25JAN23500CE")).as("an option is in the universe but not ticked").isNaN();
        h.engine.doWork();
        assertThat(h.engine.lastPrice("HDFC")).isNaN();
        h.engine.doWork();
        clock.advance(Duration.ofSeconds(3));
        h.engine.doWork();

        final List<Map<String, Object>> failures = BusEvents.payloads(bus, "mde_lookup_failure");
        assertThat(failures).containsExactly(
            Map.of("symbol", "HDFC", "exchange_tried", "NSE", "reason", MarketDataEngine.NOT_IN_UNIVERSE),
            Map.of("symbol", "SENSEX", "exchange_tried", "NSE", "reason", MarketDataEngine.NOT_IN_UNIVERSE),
            Map.of("symbol", "NIFTY25JAN23500CE", "exchange_tried", "NFO", "reason", MarketDataEngine.NO_MARKET_DATA));
        final List<Map<String, Object>> health = BusEvents.payloads(bus, "engine_health");
        assertThat(object(health.get(health.size() - 1), "metrics")).containsEntry("lookup_failures", 5L);
    }

    @Test
    void shouldReportUnknownSymbolsOnceWhenLookedUpFromManyThreads() throws Exception
    {
        final Harness h = new Harness(bus.producer("market_data", 1024), TradingOptions.defaults(), clock);
        final int threads = 4;
        final CountDownLatch go = new CountDownLatch(1);
        final List<Thread> lookers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final Thread thread = new Thread(() ->
            {
                try
                {
                    go.await();
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                for (int i = 0; i < 1000; i++)
                {
                    h.engine.lastPrice("GONE" + (i % 10));
                }
            });
            thread.start();
            lookers.add(thread);
        }
        go.countDown();
        for (final Thread thread : lookers)
        {
            thread.join();
        }
        h.engine.doWork();

        final List<Map<String, Object>> failures = BusEvents.payloads(bus, "mde_lookup_failure");
        assertThat(failures).extracting((p) -> p.get("symbol"))
            .containsExactlyInAnyOrder("GONE0", "GONE1", "GONE2", "GONE3", "GONE4", "GONE5", "GONE6", "GONE7", "GONE8", "GONE9");
    }

    @Test
    void shouldReportHaltedSymbolsAsStaleOnceTheirLastCandleIsOverAnHourOld()
    {
        final Harness h = new Harness(bus.producer("market_data", 1024), TradingOptions.defaults().withHaltedSymbols(3), clock);
        h.runUntilLive();

        final List<Map<String, Object>> stale = BusEvents.payloads(bus, "mde_stale_symbols");
        assertThat(stale).hasSize(1);
        assertThat(stale.get(0)).containsEntry("count", 3L).containsEntry("threshold_minutes", 60L);
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> listed = (List<Map<String, Object>>)stale.get(0).get("symbols");
        assertThat(listed).hasSize(3).allSatisfy((s) ->
        {
            assertThat(s.keySet()).containsExactly("symbol", "timeframe", "age_minutes");
            assertThat(s).containsEntry("timeframe", "1m");
            assertThat((Long)s.get("age_minutes")).isGreaterThan(60).isLessThanOrEqualTo((Long)stale.get(0).get("oldest_age_minutes"));
        });
        final List<String> symbols = listed.stream().map((s) -> (String)s.get("symbol")).toList();
        assertThat((Long)stale.get(0).get("oldest_age_minutes")).isGreaterThan(60);

        // The stale symbols are the ones that stopped trading: their price no longer moves.
        final double[] before = symbols.stream().mapToDouble(h.engine::lastPrice).toArray();
        final double reliance = h.engine.lastPrice("RELIANCE");
        for (int i = 0; i < 200; i++)
        {
            clock.advance(Duration.ofMillis(100));
            h.engine.doWork();
            h.drain();
        }
        assertThat(symbols.stream().mapToDouble(h.engine::lastPrice).toArray()).isEqualTo(before);
        assertThat(h.engine.lastPrice("RELIANCE")).isNotEqualTo(reliance);

        clock.advance(Duration.ofSeconds(3));
        h.engine.doWork();
        final List<Map<String, Object>> health = BusEvents.payloads(bus, "engine_health");
        final Map<String, Object> metrics = object(health.get(health.size() - 1), "metrics");
        assertThat(metrics).containsEntry("stale_symbols_count", 3L).containsEntry("cached_symbols", 262L);
        assertThat(health.get(health.size() - 1)).containsEntry("engine_name", "market_data").containsEntry("status", "active");
        assertThat(BusEvents.payloads(bus, "mde_stale_symbols")).hasSizeGreaterThan(1);
    }

    @Test
    void shouldReportNothingStaleWhenNothingIsHalted()
    {
        final Harness h = new Harness(bus.producer("market_data", 1024), TradingOptions.defaults().withHaltedSymbols(0), clock);
        h.runUntilLive();
        clock.advance(Duration.ofSeconds(3));
        h.engine.doWork();

        assertThat(h.engine.staleCount()).isZero();
        assertThat(BusEvents.payloads(bus, "mde_stale_symbols")).isEmpty();
    }

    @Test
    void shouldReplayHistoryThenBuildConsistentCandlesDeterministically()
    {
        final TradingOptions options = TradingOptions.defaults().withHaltedSymbols(0).withEquities(20);
        final Harness first = new Harness(bus.producer("md1", 1024), options, clock);
        final Harness second = new Harness(bus.producer("md2", 1024), options, clock);
        first.runUntilLive();
        second.runUntilLive();
        for (int i = 0; i < 100; i++)
        {
            clock.advance(Duration.ofMillis(50));
            first.engine.doWork();
            first.drain();
            second.engine.doWork();
            second.drain();
        }

        final int instruments = first.universe.tradable().size();
        final long backfill = first.bars.stream().filter(Bar::backfill).count();
        assertThat(backfill).as("warm-up candles per instrument").isEqualTo(60L * instruments);
        assertThat(first.bars.size()).as("live candles too").isGreaterThan((int)backfill);
        for (final Bar bar : first.bars)
        {
            assertThat(bar.low()).isLessThanOrEqualTo(Math.min(bar.open(), bar.close()));
            assertThat(bar.high()).isGreaterThanOrEqualTo(Math.max(bar.open(), bar.close()));
            assertThat(bar.volume()).isPositive();
            assertThat(bar.start() % Timeframe.M5.millis()).isZero();
            assertThat(bar.backfill()).isEqualTo(bar.start() + Timeframe.M5.millis() <= options.sessionStart().toEpochMilli());
        }
        final int common = Math.min(first.bars.size(), second.bars.size());
        assertThat(first.bars.subList(0, common)).as("same seed, same market").isEqualTo(second.bars.subList(0, common));
    }
}
