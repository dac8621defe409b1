package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** A value's id depends on its bytes alone: not on where it lies, nor on the bytes around it. */
class KeyDictionaryTest
{
    @Test
    void shouldGiveAValueOneIdWhateverLiesAroundIt()
    {
        final KeyDictionary dictionary = new KeyDictionary(1 << 12);
        final SplittableRandom random = new SplittableRandom(7);
        final Map<String, Integer> ids = new HashMap<>();
        // A thousand values of 0 to 23 letters, of few letters: values that differ in a byte, or in length alone.
        final String[] values = new String[1_000];
        for (int v = 0; v < values.length; v++)
        {
            final StringBuilder value = new StringBuilder();
            for (int k = random.nextInt(0, 24); k > 0; k--)
            {
                value.append((char)('A' + random.nextInt(3)));
            }
            values[v] = value.toString();
        }
        for (int i = 0; i < 100_000; i++)
        {
            final String value = values[random.nextInt(values.length)];
            final int length = value.length();
            final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            // Before and after it, random bytes: none, fewer than a word, or more (the short value's word read).
            final byte[] src = new byte[random.nextInt(3) + utf8.length + random.nextInt(12)];
            for (int k = 0; k < src.length; k++)
            {
                src[k] = (byte)random.nextInt(256);
            }
            final int offset = random.nextInt(src.length - utf8.length + 1);
            System.arraycopy(utf8, 0, src, offset, utf8.length);
            final int id = dictionary.intern(src, offset, utf8.length);
            final Integer known = ids.putIfAbsent(value, id);
            if (null != known)
            {
                assertThat(id).as("%s at %d of %d", value, offset, src.length).isEqualTo(known);
            }
            if (length > 0)
            {
                assertThat(new String(dictionary.value(id), StandardCharsets.UTF_8)).isEqualTo(value);
            }
        }
        assertThat(ids.values()).doesNotHaveDuplicates().doesNotContain(dictionary.overflowId());
    }
}
