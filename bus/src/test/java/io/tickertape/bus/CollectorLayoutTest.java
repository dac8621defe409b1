package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

/**
 * The JVM lays a {@link Collector} out as its padding means: every field has 128 bytes of padding before it and after
 * it within the object, so no other object can share its cache lines; and the collector has no fields but those.
 */
class CollectorLayoutTest
{
    private static final int PADDING = 128;

    @Test
    void shouldKeepTheFieldsBetweenTwoPaddings()
    {
        final List<Long> fields = offsets(CollectorFields.class);
        final List<Long> before = offsets(CollectorLhsPadding.class);
        final List<Long> after = offsets(CollectorRhsPadding.class);
        assertThat(offsets(Collector.class)).as("fields of the Collector class itself, after the padding").isEmpty();
        assertThat(fields).hasSizeGreaterThan(10);
        assertThat(before).hasSize(PADDING);
        assertThat(after).hasSize(PADDING / Long.BYTES);

        final long first = fields.stream().mapToLong(Long::longValue).min().orElseThrow();
        final long last = fields.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(before).allSatisfy(offset -> assertThat(offset).isLessThan(first));
        assertThat(after).allSatisfy(offset -> assertThat(offset).isGreaterThan(last));
        assertThat(first - before.stream().mapToLong(Long::longValue).min().orElseThrow()).isGreaterThanOrEqualTo(PADDING);
        assertThat(after.stream().mapToLong(Long::longValue).max().orElseThrow() + Long.BYTES - last).isGreaterThan(PADDING);
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
