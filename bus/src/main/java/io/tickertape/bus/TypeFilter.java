package io.tickertape.bus;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which event types a query or subscriber wants: all of them, or a set of names. A name that no event has used
 * yet is not an error; it matches nothing until events of that type appear.
 * <p>
 * Matching is a lookup in a small per-filter table of decisions by type id, so it costs no hashing on a drain
 * path. A filter may be shared between threads (the table only caches answers that never change).
 */
public final class TypeFilter
{
    /** The filter that passes every type. */
    public static final TypeFilter ALL = new TypeFilter(null);

    private static final byte UNKNOWN = 0;
    private static final byte YES = 1;
    private static final byte NO = 2;

    private final Set<String> names;
    private final byte[] decisions;

    private TypeFilter(final Set<String> names)
    {
        this.names = names;
        this.decisions = null == names ? null : new byte[EventType.MAX_TYPES];
    }

    /**
     * A filter passing the given type names; an empty collection means all types.
     *
     * @param names type names.
     * @return the filter.
     */
    public static TypeFilter of(final Collection<String> names)
    {
        if (null == names || names.isEmpty())
        {
            return ALL;
        }
        return new TypeFilter(Collections.unmodifiableSet(new LinkedHashSet<>(names)));
    }

    /**
     * Parse a comma-separated list of type names (as in {@code ?event_type=A,B}); blank entries are ignored and a
     * blank or null list means all types.
     *
     * @param csv the list.
     * @return the filter.
     */
    public static TypeFilter parse(final String csv)
    {
        if (null == csv || csv.isBlank())
        {
            return ALL;
        }
        final Set<String> names = new LinkedHashSet<>();
        for (final String part : csv.split(","))
        {
            final String name = part.trim();
            if (!name.isEmpty())
            {
                names.add(name);
            }
        }
        return of(names);
    }

    /**
     * Whether events of the type pass.
     *
     * @param typeId the type's id.
     * @return true if they pass.
     */
    public boolean matches(final int typeId)
    {
        if (null == decisions)
        {
            return true;
        }
        if (typeId < 0 || typeId >= decisions.length)
        {
            return false;
        }
        final byte decision = decisions[typeId];
        if (decision != UNKNOWN)
        {
            return decision == YES;
        }
        final EventType type = EventType.byId(typeId);
        final boolean match = null != type && names.contains(type.name());
        decisions[typeId] = match ? YES : NO;
        return match;
    }

    /**
     * Whether this filter passes every type.
     *
     * @return true for {@link #ALL}.
     */
    public boolean isAll()
    {
        return null == names;
    }

    /**
     * The names passed.
     *
     * @return the names, empty for {@link #ALL}.
     */
    public Set<String> names()
    {
        return null == names ? Set.of() : names;
    }

    @Override
    public String toString()
    {
        return null == names ? "*" : String.join(",", names);
    }
}
