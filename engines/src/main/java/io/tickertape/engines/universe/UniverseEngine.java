package io.tickertape.engines.universe;

import java.time.LocalDate;
import java.util.List;
import java.util.function.LongSupplier;

import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.engines.MarketData;
import io.tickertape.engines.PriceBoard;
import io.tickertape.engines.TradingOptions;
import org.agrona.concurrent.Agent;

/**
 * Scans the universe at start and on every refresh, and publishes one {@code universe_scan} per exchange
 * segment: NSE equities ({@code scan_type} {@code equity}) and NFO derivatives ({@code fno}), with the count of
 * each instrument type. A refresh rebuilds the option chains around the indexes' current levels (read from the
 * near-month futures' last prices). After each refresh it asks market data for a quote of one option contract
 * of the new chains, as a desk checking a strike would: options are not ticked, so each such contract is reported
 * (once) as an {@code mde_lookup_failure}.
 */
public final class UniverseEngine implements Agent
{
    /** Futures trade at about half a percent over spot per month to expiry; the near month is priced so. */
    private static final double NEAR_MONTH_CARRY = 1.005;

    private final Producer producer;
    private final UniverseBuilder builder;
    private final TradingOptions options;
    private final LongSupplier nanoClock;
    private final PriceBoard prices;
    private final MarketData quotes;
    private final List<String> underlyings;
    private final int[] nearFutures;
    private volatile Universe current;
    private final long initialBuildMicros;
    private long scans;
    private long nextRefreshNanos;
    private int optionCursor;

    /**
     * The engine, not yet started.
     *
     * @param producer           this engine's producer; used only on the engine's thread.
     * @param builder            builds the universe on refresh.
     * @param initial            the universe the other engines run on.
     * @param initialBuildMicros how long building {@code initial} took, reported in the first scans.
     * @param options            the refresh interval.
     * @param nanoClock          monotonic time for refreshes.
     * @param prices             last prices of the initial universe's tradable instruments.
     * @param quotes             market data, asked for an option quote after each refresh.
     */
    public UniverseEngine(
        final Producer producer, final UniverseBuilder builder, final Universe initial, final long initialBuildMicros,
        final TradingOptions options, final LongSupplier nanoClock, final PriceBoard prices, final MarketData quotes)
    {
        this.quotes = quotes;
        this.initialBuildMicros = initialBuildMicros;
        this.producer = producer;
        this.builder = builder;
        this.current = initial;
        this.options = options;
        this.nanoClock = nanoClock;
        this.prices = prices;
        this.underlyings = initial.underlyings();
        this.nearFutures = new int[underlyings.size()];
        final LocalDate nearExpiry = initial.expiries().get(0);
        for (int u = 0; u < underlyings.size(); u++)
        {
            nearFutures[u] = -1;
            final List<Instrument> tradable = initial.tradable();
            for (int i = 0; i < tradable.size(); i++)
            {
                final Instrument instrument = tradable.get(i);
                if (instrument.type() == InstrumentType.FUT && instrument.underlying().equals(underlyings.get(u)) &&
                    nearExpiry.equals(instrument.expiry()))
                {
                    nearFutures[u] = i;
                }
            }
        }
    }

    @Override
    public String roleName()
    {
        return producer.name();
    }

    @Override
    public void onStart()
    {
        publishScans(current, initialBuildMicros);
        nextRefreshNanos = nanoClock.getAsLong() + options.universeRefresh().toNanos();
    }

    @Override
    public int doWork()
    {
        final long now = nanoClock.getAsLong();
        if (now - nextRefreshNanos < 0)
        {
            return 0;
        }
        nextRefreshNanos = now + options.universeRefresh().toNanos();
        final long started = System.nanoTime();
        final Universe refreshed = builder.build(this::spot);
        current = refreshed;
        publishScans(refreshed, (System.nanoTime() - started) / 1_000);
        quoteNextOption(refreshed);
        return 1;
    }

    private void quoteNextOption(final Universe universe)
    {
        final List<Instrument> instruments = universe.instruments();
        for (int tried = 0; tried < instruments.size(); tried++)
        {
            final Instrument instrument = instruments.get(optionCursor++ % instruments.size());
            if (instrument.type() == InstrumentType.CE || instrument.type() == InstrumentType.PE)
            {
                quotes.lastPrice(instrument.symbol());
                return;
            }
        }
    }

    private double spot(final String underlying)
    {
        final int u = underlyings.indexOf(underlying);
        final int future = u < 0 ? -1 : nearFutures[u];
        return future < 0 ? Double.NaN : prices.get(future) / NEAR_MONTH_CARRY;
    }

    private void publishScans(final Universe universe, final long buildMicros)
    {
        scans++;
        try (EventWriter e = Events.beginUniverseScan(producer, "equity", universe.count("NSE")))
        {
            e.put("exchange", "NSE")
                .beginArray("instrument_types").add("EQ").end()
                .beginObject("instrument_counts").put("EQ", universe.count(InstrumentType.EQ)).end()
                .put("scan_number", scans)
                .put("build_us", buildMicros);
        }
        try (EventWriter e = Events.beginUniverseScan(producer, "fno", universe.count("NFO")))
        {
            e.put("exchange", "NFO")
                .beginArray("instrument_types").add("FUT").add("CE").add("PE").end()
                .beginObject("instrument_counts")
                .put("FUT", universe.count(InstrumentType.FUT))
                .put("CE", universe.count(InstrumentType.CE))
                .put("PE", universe.count(InstrumentType.PE))
                .end()
                .beginArray("underlyings");
            for (final String underlying : universe.underlyings())
            {
                e.add(underlying);
            }
            e.end().beginArray("expiries");
            for (final LocalDate expiry : universe.expiries())
            {
                e.add(expiry.toString());
            }
            e.end()
                .put("scan_number", scans)
                .put("build_us", buildMicros);
        }
    }

    /** @return the universe of the last scan; any thread. */
    Universe current()
    {
        return current;
    }
}
