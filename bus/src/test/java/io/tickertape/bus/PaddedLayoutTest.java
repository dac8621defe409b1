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
        assertBetweenPaddings(ProducerEntryLhsPadding.class, ProducerEntryFields.class, ProducerEntry.class);
    }

    @Test
    void shouldKeepTheCollectorsFieldsBetweenTwoPaddings()
    {
        assertBetweenPaddings(CollectorLhsPadding.class, CollectorFields.class, CollectorRhsPadding.class);
        assertThat(offsets(Collector.class)).as("fields of the Collector class itself, after the padding").isEmpty();
    }

    private static void assertBetweenPaddings(final Class<?> lhs, final Class<?> fieldsClass, final Class<?> rhs)
    {
        final List<Long> fields = offsets(fieldsClass);
        final List<Long> before = offsets(lhs);
        final List<Long> after = offsets(rhs);
        assertThat(fields).hasSizeGreaterThan(10);
        assertThat(before).isNotEmpty();
        assertThat(after).isNotEmpty();

        final long first = fields.stream().mapToLong(Long::longValue).min().orElseThrow();
        final long last = fields.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(before).allSatisfy(offset -> assertThat(offset).isLessThan(first));
        assertThat(after).allSatisfy(offset -> assertThat(offset).isGreaterThan(last));
        // Bytes of padding below the first field and above the last (the object header is below the padding; the
        // last padding field is at least a byte).
        assertThat(first - before.stream().mapToLong(Long::longValue).min().orElseThrow()).isGreaterThanOrEqualTo(PADDING);
        assertThat(after.stream().mapToLong(Long::longValue).max().orElseThrow() + 1 - last).isGreaterThan(PADDING);
    }

    private static List<Long> offsets(final Class<?> type)
    {
        final List<Long> offsets = new ArrayList<>();
        for (final Field field : type.getDeclaredFields())
        {
            if (!Modifier.isStatic(field.getModifiers()))
            {
                offsets.add(UnsafeApi.objectFieldOffset(field));
            }
        }
        return offsets;
    }
}
