package io.tickertape.bus;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import tools.jackson.core.io.SerializedString;

/**
 * The name of a kind of event, as it appears in the {@code "type"} field of its JSON.
 * <p>
 * The eight types of the reference engines are constants; custom types are made once with {@link #of(String)}
 * and kept, typically in a {@code static final} field. Types form a process-wide vocabulary (like an enum that can
 * grow): the same name always yields the same instance, with a small dense {@link #id()} that buses use to count
 * events per type without hashing. At most {@link #MAX_TYPES} distinct names may exist.
 * <p>
 * A name is 1 to {@link #MAX_NAME_LENGTH} characters from {@code [A-Za-z0-9_.:-]}, so it never needs escaping.
 */
public final class EventType
{
    /** Upper bound on the number of distinct event types in one JVM. */
    public static final int MAX_TYPES = 1024;
    /** Upper bound on the length of a type name. */
    public static final int MAX_NAME_LENGTH = 64;

    private static final ConcurrentHashMap<String, EventType> BY_NAME = new ConcurrentHashMap<>();
    private static final AtomicReferenceArray<EventType> BY_ID = new AtomicReferenceArray<>(MAX_TYPES);
    /** Written under the {@code BY_NAME} lock after the type is in {@code BY_ID}; read without it (readers never lock). */
    private static volatile int nextId = 0;

    /** A strategy's BUY/SELL/EXIT decision: {@code signal_event}. */
    public static final EventType SIGNAL = of("signal_event");
    /** Indicator values computed for one evaluation: {@code indicator_event}. */
    public static final EventType INDICATOR = of("indicator_event");
    /** One transition of an order's lifecycle: {@code order_event}. */
    public static final EventType ORDER = of("order_event");
    /** A change of a position: {@code position_event}. */
    public static final EventType POSITION = of("position_event");
    /** An engine's periodic health and metrics: {@code engine_health}. */
    public static final EventType ENGINE_HEALTH = of("engine_health");
    /** Why a strategy decided what it did: {@code decision_trace}. */
    public static final EventType DECISION_TRACE = of("decision_trace");
    /** The result of a universe refresh for one exchange: {@code universe_scan}. */
    public static final EventType UNIVERSE_SCAN = of("universe_scan");
    /** Periodic pnl, equity, drawdown and win rate: {@code performance_update}. */
    public static final EventType PERFORMANCE_UPDATE = of("performance_update");
    /**
     * Events a producer lost before they were given a sequence (its ring was full), announced by the collector in
     * sequence: {@code dropped}, payload {@code {"source", "count", "total"}}.
     */
    public static final EventType DROPPED = of("dropped");

    private final String name;
    private final int id;
    private final SerializedString jsonName;

    private EventType(final String name, final int id)
    {
        this.name = name;
        this.id = id;
        this.jsonName = new SerializedString(name);
    }

    /**
     * The type of the given name, made on first use.
     *
     * @param name 1 to 64 characters from {@code [A-Za-z0-9_.:-]}.
     * @return the one instance for that name.
     * @throws IllegalArgumentException if the name is not valid.
     * @throws IllegalStateException    if {@link #MAX_TYPES} types exist already.
     */
    public static EventType of(final String name)
    {
        final EventType existing = BY_NAME.get(name);
        if (null != existing)
        {
            return existing;
        }
        validateName(name, "event type");
        synchronized (BY_NAME)
        {
            final EventType again = BY_NAME.get(name);
            if (null != again)
            {
                return again;
            }
            if (nextId >= MAX_TYPES)
            {
                throw new IllegalStateException("too many event types (max " + MAX_TYPES + "): " + name);
            }
            final EventType type = new EventType(name, nextId);
            BY_ID.set(nextId, type);
            nextId++;
            BY_NAME.put(name, type);
            return type;
        }
    }

    /**
     * The type of that name if it exists already, without making it.
     *
     * @param name a type name.
     * @return the type, or {@code null} if no event of that name was ever declared.
     */
    public static EventType find(final String name)
    {
        return null == name ? null : BY_NAME.get(name);
    }

    /**
     * The type with the given id.
     *
     * @param id as returned by {@link #id()}.
     * @return the type, or {@code null} when no type has that id.
     */
    public static EventType byId(final int id)
    {
        return id >= 0 && id < MAX_TYPES ? BY_ID.get(id) : null;
    }

    /**
     * How many types exist now; ids run from 0 to this value minus one.
     *
     * @return the number of types declared in this JVM.
     */
    public static int count()
    {
        return nextId;
    }

    /**
     * Check a name by the rule every event type's (and source's) name follows.
     *
     * @param name the name.
     * @param what what it names, for the message ("event type").
     * @throws IllegalArgumentException saying why, when it is not 1 to {@link #MAX_NAME_LENGTH} characters from
     *                                  {@code [A-Za-z0-9_.:-]}.
     */
    public static void validateName(final String name, final String what)
    {
        if (null == name || name.isEmpty() || name.length() > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException(what + " name must be 1.." + MAX_NAME_LENGTH + " characters: " + name);
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '.' || c == ':' || c == '-';
            if (!ok)
            {
                throw new IllegalArgumentException(what + " name may hold only [A-Za-z0-9_.:-]: " + name);
            }
        }
    }

    /**
     * The name, as written in the JSON {@code "type"} field.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * A dense id in {@code [0, MAX_TYPES)}, stable for the life of the JVM.
     *
     * @return the id.
     */
    public int id()
    {
        return id;
    }

    SerializedString jsonName()
    {
        return jsonName;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
