package io.tickertape.bus;

import java.util.Collection;
import java.util.Set;

/**
 * Which events a query or subscriber wants: by type ({@link TypeFilter}), and by the values of three keys, each a
 * list of which any may match, the keys combined with AND:
 * <ul>
 *   <li>{@code symbol}: the payload's top-level {@code symbol} string;</li>
 *   <li>{@code strategy}: the payload's top-level {@code strategy} string, or {@code strategy_name} when there is
 *       no {@code strategy} string (the {@link Events} helpers write one or the other);</li>
 *   <li>{@code source}: the producer's name, the envelope's {@code source};</li>
 *   <li>{@code host}: a relayed event's origin host ({@link Origin}), at a hub; an event that was not relayed has
 *       none.</li>
 * </ul>
 * An event without the member does not pass a filter on that key. A value no event has had yet is not an error:
 * it matches nothing until such events appear.
 * <p>
 * Matching a history record costs a few array reads and no parsing: the collector keeps each record's values as
 * dictionary ids beside it in the index ({@link HistoryRing#filter}), and each key's matcher caches its decision
 * per id; the host is matched on the record's bytes, where it follows the source. Records read from elsewhere (the journal) are matched on their JSON bytes ({@link #matches(int, byte[],
 * int, int)}). A filter may be shared between threads.
 */
public final class EventFilter
{
    /** The filter that passes every event. */
    public static final EventFilter ALL = new EventFilter(TypeFilter.ALL, null, null, null, null);
    /** Most values one key may list. */
    public static final int MAX_VALUES = 64;

    private final TypeFilter types;
    private final KeyMatcher symbols;
    private final KeyMatcher strategies;
    private final KeyMatcher sources;
    private final KeyMatcher hosts;

    private EventFilter(
        final TypeFilter types, final KeyMatcher symbols, final KeyMatcher strategies, final KeyMatcher sources, final KeyMatcher hosts)
    {
        this.types = types;
        this.symbols = symbols;
        this.strategies = strategies;
        this.sources = sources;
        this.hosts = hosts;
    }

    /**
     * A filter by type only, usable with any history.
     *
     * @param types the types.
     * @return the filter.
     */
    public static EventFilter of(final TypeFilter types)
    {
        return types.isAll() ? ALL : new EventFilter(types, null, null, null, null);
    }

    /** Built by {@link HistoryRing#filter}: the key matchers read that ring's dictionaries. */
    static EventFilter of(
        final TypeFilter types,
        final Collection<String> symbols,
        final Collection<String> strategies,
        final Collection<String> sources,
        final Collection<String> hosts,
        final KeyDictionary symbolIds,
        final KeyDictionary strategyIds,
        final KeyDictionary sourceIds)
    {
        final KeyMatcher symbol = KeyMatcher.of("symbol", symbols, symbolIds);
        final KeyMatcher strategy = KeyMatcher.of("strategy", strategies, strategyIds);
        final KeyMatcher source = KeyMatcher.of("source", sources, sourceIds);
        final KeyMatcher host = KeyMatcher.of("host", hosts, null);
        if (null == symbol && null == strategy && null == source && null == host)
        {
            return of(types);
        }
        return new EventFilter(types, symbol, strategy, source, host);
    }

    /**
     * Whether this filter passes every event.
     *
     * @return true for a filter with no types and no key values.
     */
    public boolean isAll()
    {
        return types.isAll() && !hasKeys();
    }

    /**
     * Whether this filter looks at keys (symbol, strategy, source or host), not only at types.
     *
     * @return true if it does.
     */
    public boolean hasKeys()
    {
        return null != symbols || null != strategies || null != sources || null != hosts;
    }

    /**
     * The type part.
     *
     * @return the types passed.
     */
    public TypeFilter types()
    {
        return types;
    }

    /**
     * The symbols passed.
     *
     * @return the values; empty when any symbol (or none) passes.
     */
    public Set<String> symbols()
    {
        return null == symbols ? Set.of() : symbols.values();
    }

    /**
     * The strategies passed.
     *
     * @return the values; empty when any strategy (or none) passes.
     */
    public Set<String> strategies()
    {
        return null == strategies ? Set.of() : strategies.values();
    }

    /**
     * The sources passed.
     *
     * @return the values; empty when any source passes.
     */
    public Set<String> sources()
    {
        return null == sources ? Set.of() : sources.values();
    }

    /**
     * The origin hosts passed.
     *
     * @return the values; empty when any host (or none) passes.
     */
    public Set<String> hosts()
    {
        return null == hosts ? Set.of() : hosts.values();
    }

    /**
     * Whether events of a type can pass (their keys aside).
     *
     * @param typeId the type's id.
     * @return true if the type passes.
     */
    public boolean matchesType(final int typeId)
    {
        return types.matches(typeId);
    }

    /**
     * Whether a record read from the history passes.
     *
     * @param record a record just read.
     * @return true if it passes.
     */
    public boolean matches(final HistoryRecord record)
    {
        final int decision = decide(record.typeId(), record.symbolId(), record.strategyId(), record.sourceId());
        return decision == KeyMatcher.YES ||
            (decision == KeyMatcher.BYTES && matchesKeys(record.buffer(), 0, record.length()));
    }

    /**
     * Whether an event passes, from its type and its JSON as the collector wrote it (a journal's record, say).
     *
     * @param typeId the event's type id.
     * @param json   bytes holding the JSON.
     * @param offset where it starts.
     * @param length its length.
     * @return true if it passes.
     */
    public boolean matches(final int typeId, final byte[] json, final int offset, final int length)
    {
        return types.matches(typeId) && (!hasKeys() || matchesKeys(json, offset, length));
    }

    /**
     * Decide from the ids the history keeps for a record.
     *
     * @return {@link KeyMatcher#YES}, {@link KeyMatcher#NO}, or {@link KeyMatcher#BYTES} if the bytes must decide.
     */
    int decide(final int typeId, final int symbolId, final int strategyId, final int sourceId)
    {
        if (!types.matches(typeId))
        {
            return KeyMatcher.NO;
        }
        int decision = KeyMatcher.YES;
        if (null != symbols && (decision = worst(decision, symbols.decide(symbolId))) == KeyMatcher.NO)
        {
            return KeyMatcher.NO;
        }
        if (null != strategies && (decision = worst(decision, strategies.decide(strategyId))) == KeyMatcher.NO)
        {
            return KeyMatcher.NO;
        }
        if (null != sources && (decision = worst(decision, sources.decide(sourceId))) == KeyMatcher.NO)
        {
            return KeyMatcher.NO;
        }
        return null == hosts ? decision : KeyMatcher.BYTES; // the history keeps no id for the origin's host
    }

    private static int worst(final int decided, final int next)
    {
        return next == KeyMatcher.NO ? KeyMatcher.NO : Math.max(decided, next); // YES < BYTES
    }

    private boolean matchesKeys(final byte[] json, final int offset, final int length)
    {
        return (null == symbols || matches(symbols, json, RecordMembers.symbol(json, offset, length))) &&
            (null == strategies || matches(strategies, json, RecordMembers.strategy(json, offset, length))) &&
            (null == sources || matches(sources, json, RecordMembers.source(json, offset, length))) &&
            (null == hosts || matches(hosts, json, RecordMembers.host(json, offset, length)));
    }

    private static boolean matches(final KeyMatcher matcher, final byte[] json, final long place)
    {
        return matcher.matchesJson(json, RecordMembers.offset(place), RecordMembers.length(place));
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder(types.toString());
        if (null != symbols)
        {
            text.append(" symbol=").append(symbols);
        }
        if (null != strategies)
        {
            text.append(" strategy=").append(strategies);
        }
        if (null != sources)
        {
            text.append(" source=").append(sources);
        }
        if (null != hosts)
        {
            text.append(" host=").append(hosts);
        }
        return text.toString();
    }
}
