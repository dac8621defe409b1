package io.tickertape.engines.market;

import java.util.List;
import java.util.SplittableRandom;

import io.tickertape.engines.PriceBoard;
import io.tickertape.engines.TradingOptions;
import io.tickertape.engines.universe.Instrument;
import io.tickertape.engines.universe.InstrumentType;
import io.tickertape.engines.universe.Universe;

/**
 * The simulated market of the tradable instruments: a seeded random walk per instrument (log-normal steps with a
 * slight pull back to its starting price), one- and five-minute OHLCV candles, a simulated clock, and a few
 * equities halted before the session. Owned by the market data thread; only the {@link PriceBoard} is shared.
 * <p>
 * Each {@link #round(CandleSink)} moves the clock on by the sim step, closes the candles that ended and ticks every
 * instrument that is not halted, always in the same order, so the same seed always makes the same market. The clock
 * starts {@code warmupCandles} five-minute candles before the session start: candles that end by then are history.
 */
final class SimulatedMarket
{
    private static final double TICK_VOLATILITY = 0.0012;
    private static final double REVERSION = 0.0002;
    private static final long REFERENCE_STEP_MILLIS = 15_000;
    private static final long NOT_HALTED = Long.MAX_VALUE;

    private final int instruments;
    private final double[] basePrice;
    private final double[] price;
    private final int[] lotSize;
    private final long[] haltAtMillis;
    private final PriceBoard prices;
    private final CandleBook[] books;
    private final SplittableRandom random;
    private final Candle scratch = new Candle();
    private final long stepMillis;
    private final long liveStartMillis;
    private final double volatility;
    private final int halted;
    private long simMillis;
    private long ticks;

    /**
     * @param universe the instruments (its tradable ones are simulated).
     * @param options  seed, sim step, warm-up length, session start, halted equities, stale threshold.
     */
    SimulatedMarket(final Universe universe, final TradingOptions options)
    {
        final List<Instrument> tradable = universe.tradable();
        instruments = tradable.size();
        basePrice = new double[instruments];
        price = new double[instruments];
        lotSize = new int[instruments];
        haltAtMillis = new long[instruments];
        prices = new PriceBoard(instruments);
        for (int i = 0; i < instruments; i++)
        {
            final Instrument instrument = tradable.get(i);
            basePrice[i] = instrument.basePrice();
            price[i] = instrument.basePrice();
            lotSize[i] = instrument.lotSize();
            haltAtMillis[i] = NOT_HALTED;
            prices.set(i, tick(instrument.basePrice()));
        }
        books = new CandleBook[Timeframe.values().length];
        for (final Timeframe timeframe : Timeframe.values())
        {
            books[timeframe.ordinal()] = new CandleBook(timeframe, instruments);
        }
        stepMillis = options.simStep().toMillis();
        liveStartMillis = options.sessionStart().toEpochMilli();
        simMillis = liveStartMillis - options.warmupCandles() * Timeframe.M5.millis();
        volatility = TICK_VOLATILITY * Math.sqrt((double)stepMillis / REFERENCE_STEP_MILLIS);
        random = new SplittableRandom(options.seed());
        final long staleAfter = options.staleAfter().toMillis();
        // Halted long enough before the open that they are stale from the first check.
        halted = halt(universe.count(InstrumentType.EQ), options.haltedSymbols(), liveStartMillis - staleAfter - staleAfter / 2,
            new SplittableRandom(options.seed() ^ 0x5DEECE66DL));
    }

    private int halt(final int equities, final int wanted, final long haltAt, final SplittableRandom picker)
    {
        final int count = Math.min(wanted, equities);
        int done = 0;
        while (done < count)
        {
            final int i = picker.nextInt(equities);
            if (haltAtMillis[i] == NOT_HALTED)
            {
                haltAtMillis[i] = haltAt;
                done++;
            }
        }
        return count;
    }

    /**
     * Move the clock on one step, close the candles that ended, tick every instrument that is not halted.
     *
     * @param sink receives each completed candle, its {@code backfill} flag set.
     * @return the sum of what the sink returned: candles handed on.
     */
    int round(final CandleSink sink)
    {
        simMillis += stepMillis;
        final long now = simMillis;
        int handedOn = 0;
        for (int i = 0; i < instruments; i++)
        {
            for (final CandleBook book : books)
            {
                if (book.roll(i, now, scratch))
                {
                    scratch.backfill = scratch.startMillis + scratch.timeframe.millis() <= liveStartMillis;
                    handedOn += sink.onCandle(scratch);
                }
            }
            if (now >= haltAtMillis[i])
            {
                continue;
            }
            final double p = price[i] * Math.exp(volatility * random.nextGaussian() - REVERSION * Math.log(price[i] / basePrice[i]));
            price[i] = p;
            final double traded = tick(p);
            final long quantity = (long)lotSize[i] * (1 + random.nextInt(50));
            for (final CandleBook book : books)
            {
                book.tick(i, now, traded, quantity);
            }
            prices.set(i, traded);
            ticks++;
        }
        return handedOn;
    }

    /** Prices move in steps of five paise. */
    private static double tick(final double price)
    {
        return Math.rint(price * 20) / 20;
    }

    /**
     * Candles of a timeframe closed per round on average, by the instruments that are not halted.
     *
     * @param timeframe the timeframe.
     * @return candles per round.
     */
    double candlesPerRound(final Timeframe timeframe)
    {
        return (instruments - halted) * (double)stepMillis / timeframe.millis();
    }

    /** @return whether the history before the session start has been replayed. */
    boolean isLive()
    {
        return simMillis >= liveStartMillis;
    }

    /** @return simulated epoch milliseconds. */
    long simMillis()
    {
        return simMillis;
    }

    /**
     * How long ago, in simulated time, the instrument's newest one-minute candle ended.
     *
     * @param instrument the tradable index.
     * @return milliseconds, {@link Long#MAX_VALUE} if it never traded.
     */
    long candleAgeMillis(final int instrument)
    {
        final long end = books[Timeframe.M1.ordinal()].lastCandleEnd(instrument);
        return end == Long.MIN_VALUE ? Long.MAX_VALUE : simMillis - end;
    }

    /**
     * Whether the instrument has traded.
     *
     * @param instrument the tradable index.
     * @return true once it has a candle.
     */
    boolean hasCandles(final int instrument)
    {
        return books[Timeframe.M1.ordinal()].hasCandles(instrument);
    }

    /** @return candles completed since the start, all timeframes. */
    long completedCandles()
    {
        long candles = 0;
        for (final CandleBook book : books)
        {
            candles += book.completed();
        }
        return candles;
    }

    /** @return ticks since the start. */
    long ticks()
    {
        return ticks;
    }

    /** @return the number of instruments. */
    int instruments()
    {
        return instruments;
    }

    /** @return the last price of each instrument, readable from any thread. */
    PriceBoard prices()
    {
        return prices;
    }
}
