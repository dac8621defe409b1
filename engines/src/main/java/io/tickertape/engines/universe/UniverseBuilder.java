package io.tickertape.engines.universe;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Builds the synthetic universe: NSE equities (well-known names first, then {@code EQ0042}-style fillers) and
 * NFO monthly futures and option chains on four indexes, strikes centred on each index's spot.
 * <p>
 * The same seed always gives the same equities and prices; option chains follow the spots passed to
 * {@link #build(ToDoubleFunction)}, so a refresh re-centres them on where the market has moved.
 */
public final class UniverseBuilder
{
    private static final String[] NAMED_EQUITIES = {
        "RELIANCE", "TCS", "HDFCBANK", "INFY", "ICICIBANK", "HINDUNILVR", "ITC", "SBIN", "BHARTIARTL", "KOTAKBANK",
        "LT", "AXISBANK", "ASIANPAINT", "MARUTI", "SUNPHARMA", "TITAN", "BAJFINANCE", "ULTRACEMCO", "NESTLEIND", "WIPRO",
        "HCLTECH", "TECHM", "POWERGRID", "NTPC", "ONGC", "TATAMOTORS", "TATASTEEL", "JSWSTEEL", "ADANIENT", "ADANIPORTS",
        "COALINDIA", "BAJAJFINSV", "GRASIM", "DIVISLAB", "DRREDDY", "CIPLA", "EICHERMOT", "HEROMOTOCO", "BRITANNIA",
        "APOLLOHOSP", "HINDALCO", "INDUSINDBK", "SBILIFE", "HDFCLIFE", "BPCL", "M&M", "TATACONSUM", "SHRIRAMFIN",
        "BAJAJ-AUTO", "LTIM"};
    private static final double[] NAMED_PRICES = {
        1250, 4100, 1700, 1900, 1280, 2350, 470, 800, 1600, 1750,
        3600, 1100, 2300, 11500, 1800, 3300, 6900, 11200, 2200, 300,
        1850, 1650, 320, 360, 260, 780, 140, 950, 2400, 1250,
        390, 1650, 2500, 5800, 1300, 1450, 4800, 4300, 4900,
        6900, 620, 980, 1450, 620, 290, 2900, 960, 580,
        8900, 5900};

    /** Indexes with NFO derivatives. */
    private static final Index[] INDEXES = {
        new Index("NIFTY", 23_500, 50, 75),
        new Index("BANKNIFTY", 50_000, 100, 30),
        new Index("FINNIFTY", 23_000, 50, 65),
        new Index("MIDCPNIFTY", 12_000, 25, 120)};
    private static final int EXPIRIES = 3;

    private final int equities;
    private final int derivatives;
    private final LocalDate sessionDate;
    private final long seed;

    /**
     * A builder for universes of the given size.
     *
     * @param equities    NSE equities, at least 1.
     * @param derivatives about how many NFO instruments: one future per index and expiry, then as many option
     *                    strikes per chain as fit (at least one).
     * @param sessionDate the trading day; expiries are the last Thursdays of it and the next months.
     * @param seed        fixes the filler equities' prices.
     */
    public UniverseBuilder(final int equities, final int derivatives, final LocalDate sessionDate, final long seed)
    {
        this.equities = equities;
        this.derivatives = derivatives;
        this.sessionDate = sessionDate;
        this.seed = seed;
    }

    /**
     * Build the universe with option chains at the index spots' initial levels.
     *
     * @return the universe.
     */
    public Universe build()
    {
        return build((underlying) -> Double.NaN);
    }

    /**
     * Build the universe with option chains centred on the given spots.
     *
     * @param spots the spot of an index by name; NaN (or any non-positive value) for its initial level.
     * @return the universe.
     */
    Universe build(final ToDoubleFunction<String> spots)
    {
        final List<Instrument> instruments = new ArrayList<>(equities + derivatives);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < equities; i++)
        {
            final double fillerPrice = Math.rint(Math.exp(Math.log(50) + random.nextDouble() * Math.log(100)) * 20) / 20;
            if (i < NAMED_EQUITIES.length)
            {
                instruments.add(new Instrument(NAMED_EQUITIES[i], InstrumentType.EQ, NAMED_EQUITIES[i], null, 0, 1, NAMED_PRICES[i]));
            }
            else
            {
                final String symbol = String.format(Locale.ROOT, "EQ%04d", i);
                instruments.add(new Instrument(symbol, InstrumentType.EQ, symbol, null, 0, 1, fillerPrice));
            }
        }

        final List<LocalDate> expiries = expiries();
        final List<String> underlyings = new ArrayList<>();
        final int futures = INDEXES.length * EXPIRIES;
        final int strikes = Math.max(1, (derivatives - futures) / (INDEXES.length * EXPIRIES * 2));
        for (final Index index : INDEXES)
        {
            final String name = index.name();
            final double step = index.strikeStep();
            final int lot = index.lotSize();
            final double given = spots.applyAsDouble(name);
            final double spot = given > 0 ? given : index.spot();
            underlyings.add(name);
            for (int e = 0; e < EXPIRIES; e++)
            {
                final LocalDate expiry = expiries.get(e);
                final String prefix = name + expiryCode(expiry);
                final double futurePrice = Math.rint(spot * (1 + 0.005 * (e + 1)) * 20) / 20;
                instruments.add(new Instrument(prefix + "FUT", InstrumentType.FUT, name, expiry, 0, lot, futurePrice));
                final double atm = Math.rint(spot / step) * step;
                for (int k = 0; k < strikes; k++)
                {
                    final double strike = atm + (k - strikes / 2) * step;
                    final String strikeText = Long.toString((long)strike);
                    final double timeValue = spot * 0.01 * Math.sqrt(e + 1);
                    instruments.add(new Instrument(prefix + strikeText + "CE", InstrumentType.CE, name, expiry, strike, lot,
                        premium(Math.max(0, spot - strike) + timeValue)));
                    instruments.add(new Instrument(prefix + strikeText + "PE", InstrumentType.PE, name, expiry, strike, lot,
                        premium(Math.max(0, strike - spot) + timeValue)));
                }
            }
        }
        return new Universe(instruments, underlyings, expiries);
    }

    private static double premium(final double value)
    {
        return Math.max(0.05, Math.rint(value * 20) / 20);
    }

    /**
     * The monthly expiries: the last Thursday of each of the next {@value #EXPIRIES} months, starting with the
     * session's month unless its expiry has passed.
     */
    private List<LocalDate> expiries()
    {
        final List<LocalDate> expiries = new ArrayList<>(EXPIRIES);
        LocalDate month = sessionDate.withDayOfMonth(1);
        while (expiries.size() < EXPIRIES)
        {
            final LocalDate expiry = month.with(TemporalAdjusters.lastInMonth(DayOfWeek.THURSDAY));
            if (!expiry.isBefore(sessionDate))
            {
                expiries.add(expiry);
            }
            month = month.plusMonths(1);
        }
        return expiries;
    }

    /** NSE's monthly code: two-digit year and month, e.g. {@code 25JAN}. */
    private static String expiryCode(final LocalDate expiry)
    {
        return String.format(Locale.ROOT, "%02d%s", expiry.getYear() % 100,
            expiry.getMonth().name().substring(0, 3));
    }

    private record Index(String name, double spot, double strikeStep, int lotSize)
    {
    }
}
