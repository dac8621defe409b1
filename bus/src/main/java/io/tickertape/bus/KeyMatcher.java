package io.tickertape.bus;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One filter key's wanted values (the symbols a monitor asked for, say), matched against the ids the history keeps
 * beside each record: a table of decisions by id, filled on first sight of each id from the {@link KeyDictionary},
 * so matching costs an array read. A matcher belongs to the {@link EventFilter} that holds it; sharing one between
 * threads is safe, since the table only caches answers that never change (0 means not yet decided).
 */
final class KeyMatcher
{
    static final int NO = 0;
    static final int YES = 1;
    /** The id says nothing (the dictionary was full, or keys are off): the record's bytes decide. */
    static final int BYTES = 2;

    private static final byte UNDECIDED = 0;
    private static final byte MATCH = 1;
    private static final byte NO_MATCH = 2;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Set<String> values;
    private final byte[][] utf8;
    private final byte[][] escaped;
    private final KeyDictionary dictionary;
    private byte[] decisions = new byte[64];

    private KeyMatcher(final Set<String> values, final KeyDictionary dictionary)
    {
        this.values = values;
        this.dictionary = dictionary;
        this.utf8 = new byte[values.size()][];
        this.escaped = new byte[values.size()][];
        int i = 0;
        for (final String value : values)
        {
            final byte[] buffer = new byte[value.length() * 3];
            final int length = PayloadCodec.putUtf8(buffer, 0, buffer.length, value);
            utf8[i] = Arrays.copyOf(buffer, length);
            escaped[i] = escape(utf8[i]);
            i++;
        }
    }

    /**
     * The matcher for a list of values, or null when the list is null or empty (any value passes).
     *
     * @param key        the key's name, for errors.
     * @param values     the wanted values.
     * @param dictionary the dictionary the history's ids for this key come from.
     * @return the matcher, or null.
     * @throws IllegalArgumentException for an empty value or more than {@link EventFilter#MAX_VALUES} values.
     */
    static KeyMatcher of(final String key, final Collection<String> values, final KeyDictionary dictionary)
    {
        if (null == values || values.isEmpty())
        {
            return null;
        }
        final Set<String> distinct = new LinkedHashSet<>();
        for (final String value : values)
        {
            if (null == value || value.isEmpty())
            {
                throw new IllegalArgumentException(key + " has an empty value: give each value between the commas");
            }
            distinct.add(value);
        }
        if (distinct.size() > EventFilter.MAX_VALUES)
        {
            throw new IllegalArgumentException(key + " lists " + distinct.size() + " values, more than " + EventFilter.MAX_VALUES);
        }
        return new KeyMatcher(Collections.unmodifiableSet(distinct), dictionary);
    }

    /** The value's JSON string contents as the collector writes them (jackson-core's escaping, no quotes). */
    private static byte[] escape(final byte[] utf8)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + 8);
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out))
        {
            g.writeUTF8String(utf8, 0, utf8.length);
        }
        final byte[] quoted = out.toByteArray();
        return Arrays.copyOfRange(quoted, 1, quoted.length - 1);
    }

    Set<String> values()
    {
        return values;
    }

    /**
     * Whether a record with this id passes.
     *
     * @param id the id the history keeps for the record.
     * @return {@link #YES}, {@link #NO}, or {@link #BYTES} when the record's bytes must decide.
     */
    int decide(final int id)
    {
        if (KeyDictionary.NONE == id)
        {
            return NO;
        }
        if (id >= dictionary.overflowId() || id < 0)
        {
            return BYTES;
        }
        final byte[] decisions = this.decisions;
        if (id < decisions.length && decisions[id] != UNDECIDED)
        {
            return decisions[id] == MATCH ? YES : NO;
        }
        final byte[] value = dictionary.value(id);
        final boolean match = null != value && anyEquals(utf8, value, 0, value.length);
        if (id >= decisions.length)
        {
            this.decisions = Arrays.copyOf(decisions, Math.min(dictionary.overflowId(), Integer.highestOneBit(id) * 2));
        }
        this.decisions[id] = match ? MATCH : NO_MATCH;
        return match ? YES : NO;
    }

    /**
     * Whether a value as it stands in a record's JSON (between its quotes, escaped) is one of the wanted.
     *
     * @param json   the record's bytes.
     * @param offset where the value starts.
     * @param length its length; negative when the record has no such value.
     * @return true if it is wanted.
     */
    boolean matchesJson(final byte[] json, final int offset, final int length)
    {
        return length >= 0 && anyEquals(escaped, json, offset, length);
    }

    private static boolean anyEquals(final byte[][] wanted, final byte[] bytes, final int offset, final int length)
    {
        for (final byte[] w : wanted)
        {
            if (Arrays.equals(w, 0, w.length, bytes, offset, offset + length))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString()
    {
        return String.join(",", values);
    }
}
