package io.tickertape.engines.universe;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of the instruments: safe to share between threads once built.
 * <p>
 * The tradable instruments (equities and futures) are numbered {@code 0..tradable().size()-1}; the engines pass
 * those indexes between them instead of symbols.
 */
public final class Universe
{
    private final List<Instrument> instruments;
    private final List<Instrument> tradable;
    private final Map<String, Instrument> bySymbol;
    private final Map<String, Integer> tradableIndex;
    private final EnumMap<InstrumentType, Integer> counts = new EnumMap<>(InstrumentType.class);
    private final List<String> underlyings;
    private final List<LocalDate> expiries;

    Universe(final List<Instrument> instruments, final List<String> underlyings, final List<LocalDate> expiries)
    {
        this.instruments = List.copyOf(instruments);
        this.underlyings = List.copyOf(underlyings);
        this.expiries = List.copyOf(expiries);
        final Map<String, Instrument> bySymbol = new HashMap<>();
        final Map<String, Integer> tradableIndex = new HashMap<>();
        final ArrayList<Instrument> tradable = new ArrayList<>();
        for (final InstrumentType type : InstrumentType.values())
        {
            counts.put(type, 0);
        }
        for (final Instrument instrument : instruments)
        {
            if (null != bySymbol.put(instrument.symbol(), instrument))
            {
                throw new IllegalArgumentException("duplicate symbol " + instrument.symbol());
            }
            counts.merge(instrument.type(), 1, Integer::sum);
            if (instrument.isTradable())
            {
                tradableIndex.put(instrument.symbol(), tradable.size());
                tradable.add(instrument);
            }
        }
        this.bySymbol = Collections.unmodifiableMap(bySymbol);
        this.tradableIndex = Collections.unmodifiableMap(tradableIndex);
        this.tradable = List.copyOf(tradable);
    }

    /** @return every instrument, equities first. */
    List<Instrument> instruments()
    {
        return instruments;
    }

    /** @return the equities and futures, in index order. */
    public List<Instrument> tradable()
    {
        return tradable;
    }

    /**
     * The instrument of a symbol.
     *
     * @param symbol a trading symbol.
     * @return the instrument, or null when the universe has no such symbol.
     */
    public Instrument find(final String symbol)
    {
        return null == symbol ? null : bySymbol.get(symbol);
    }

    /**
     * The index of a tradable symbol.
     *
     * @param symbol a trading symbol.
     * @return its index in {@link #tradable()}, or -1 when it is not tradable or not in the universe.
     */
    public int tradableIndex(final String symbol)
    {
        final Integer index = null == symbol ? null : tradableIndex.get(symbol);
        return null == index ? -1 : index;
    }

    /**
     * How many instruments of a type the universe holds.
     *
     * @param type the type.
     * @return the count.
     */
    public int count(final InstrumentType type)
    {
        return counts.get(type);
    }

    /**
     * How many instruments trade on an exchange segment.
     *
     * @param exchange {@code NSE} or {@code NFO}.
     * @return the count.
     */
    int count(final String exchange)
    {
        int n = 0;
        for (final InstrumentType type : InstrumentType.values())
        {
            if (type.exchange().equals(exchange))
            {
                n += counts.get(type);
            }
        }
        return n;
    }

    /** @return the indexes the derivatives are written on. */
    List<String> underlyings()
    {
        return underlyings;
    }

    /** @return the derivatives' expiry dates, nearest first. */
    List<LocalDate> expiries()
    {
        return expiries;
    }
}
