package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

/**
 * The JVM lays the collector's padded objects out as their padding means: every field the collector uses has at least
 * 128 bytes of padding before it and after it within the object, so no other object can share its cache lines.
 */
class PaddedLayoutTest
{
    private static final int PADDING = 128;

    @Test
    void shouldKeepAProducerEntrysFieldsBetweenTwoPaddings()
    {
        assertBetweenPaddings(LinePairPadding.class, ProducerEntryFields.class, ProducerEntry.class);
    }

    @Test
    void shouldKeepTheCollectorsFieldsBetweenTwoPaddings()
    {
        assertBetweenPaddings(LinePairPadding.class, CollectorFields.class, CollectorRhsPadding.class);
        assertThat(spans(Collector.class)).as("fields of the Collector class itself, after the padding").isEmpty();
    }

    private static void assertBetweenPaddings(final Class<?> lhs, final Class<?> fieldsClass, final Class<?> rhs)
    {
        final List<long[]> fields = spans(fieldsClass);
        final List<long[]> before = spans(lhs);
        final List<long[]> after = spans(rhs);
        assertThat(fields).hasSizeGreaterThan(10);
        assertThat(before).isNotEmpty();
        assertThat(after).isNotEmpty();

        final long first = fields.stream().mapToLong(span -> span[0]).min().orElseThrow();
        final long end = fields.stream().mapToLong(span -> span[1]).max().orElseThrow();
        assertThat(before).allSatisfy(span -> assertThat(span[1]).isLessThanOrEqualTo(first));
        assertThat(after).allSatisfy(span -> assertThat(span[0]).isGreaterThanOrEqualTo(end));
        // Bytes of padding below the first field and above the last one's end (the object header is below the padding).
        assertThat(first - before.stream().mapToLong(span -> span[0]).min().orElseThrow()).isGreaterThanOrEqualTo(PADDING);
        assertThat(after.stream().mapToLong(span -> span[1]).max().orElseThrow() - end).isGreaterThanOrEqualTo(PADDING);
    }

    /** Each instance field's first byte and the byte after its last. */
    private static List<long[]> spans(final Class<?> type)
    {
        final List<long[]> spans = new ArrayList<>();
        for (final Field field : type.getDeclaredFields())
        {
            if (!Modifier.isStatic(field.getModifiers()))
            {
                final long offset = UnsafeApi.objectFieldOffset(field);
                spans.add(new long[] {offset, offset + size(field.getType())});
            }
        }
        return spans;
    }

    private static int size(final Class<?> type)
    {
        if (type == long.class || type == double.class)
        {
            return 8;
        }
        if (type == int.class || type == float.class)
        {
            return 4;
        }
        if (type == short.class || type == char.class)
        {
            return 2;
        }
        if (type == byte.class || type == boolean.class)
        {
            return 1;
        }
        return UnsafeApi.arrayIndexScale(Object[].class); // a reference: 4 bytes with compressed references, else 8
    }
}
