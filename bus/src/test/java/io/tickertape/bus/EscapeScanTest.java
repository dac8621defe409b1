package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

/** The eight-bytes-at-a-time escape scan agrees with a byte-by-byte check for every byte at every position. */
class EscapeScanTest
{
    @Test
    void shouldFindEveryByteThatNeedsEscapingAtAnyPosition()
    {
        // Room after the string: short (the scan goes a byte at a time) and long (it reads whole words past the
        // end); what lies past the end, even a quote or a control byte, must not count.
        for (final int after : new int[] {2, 16})
        {
            for (final byte past : new byte[] {'a', '"', 0, '\\'})
            {
                for (int length = 0; length <= 20; length++)
                {
                    for (int at = 0; at < length; at++)
                    {
                        for (int b = 0; b < 256; b++)
                        {
                            final byte[] bytes = new byte[1 + length + after];
                            Arrays.fill(bytes, past);
                            Arrays.fill(bytes, 1, 1 + length, (byte)'a');
                            bytes[1 + at] = (byte)b;
                            final boolean expected = b < 0x20 || b == '"' || b == '\\';
                            assertThat(PayloadJson.needsEscaping(bytes, 1, length, bytes.length))
                                .as("byte %d at %d of %d, then %d bytes of %d", b, at, length, after, past).isEqualTo(expected);
                            assertThat(PayloadJson.needsEscaping(bytes, 1, length, 1 + length))
                                .as("nothing readable past the string").isEqualTo(expected);
                        }
                    }
                    final byte[] plain = new byte[1 + length + after];
                    Arrays.fill(plain, past);
                    Arrays.fill(plain, 1, 1 + length, (byte)'a');
                    assertThat(PayloadJson.needsEscaping(plain, 1, length, plain.length)).as("plain %d, then %d", length, past).isFalse();
                }
            }
        }
        for (int length = 0; length <= 20; length++)
        {
            final byte[] clean = new byte[length];
            Arrays.fill(clean, (byte)0xE2);
            assertThat(PayloadJson.needsEscaping(clean, 0, length, clean.length)).isFalse();
        }
    }

    @Test
    void shouldAgreeWithAByteByByteCheckOnWordsOfMixedBytes()
    {
        // Bytes at the edges of each test (a borrow out of one byte must neither hide a hit nor make one): controls,
        // the space, quote and backslash and their neighbours, DEL, and bytes with the high bit set (UTF-8).
        final int[] edges = {0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x61, 0x7F, 0x80, 0x9F, 0xA0,
            0xA2, 0xDC, 0xE2, 0xFF};
        final Random random = new Random(20261207);
        for (int n = 0; n < 2_000_000; n++)
        {
            long word = 0;
            boolean expected = false;
            for (int b = 0; b < Long.BYTES; b++)
            {
                final int c = random.nextInt(4) == 0 ? random.nextInt(256) : edges[random.nextInt(edges.length)];
                expected |= c < 0x20 || c == '"' || c == '\\';
                word |= (long)c << (8 * b);
            }
            if (expected != PayloadJson.hasEscapable(word))
            {
                assertThat(PayloadJson.hasEscapable(word)).as("word %016x", word).isEqualTo(expected);
            }
            // A string's last one to seven bytes, the rest of the word past it: only the string's bytes count.
            final int first = 1 + random.nextInt(Long.BYTES - 1);
            boolean expectedInFirst = false;
            for (int b = 0; b < first; b++)
            {
                final int c = (int)(word >>> (8 * b)) & 0xFF;
                expectedInFirst |= c < 0x20 || c == '"' || c == '\\';
            }
            if (expectedInFirst != PayloadJson.hasEscapableInFirst(word, first))
            {
                assertThat(PayloadJson.hasEscapableInFirst(word, first)).as("word %016x, first %d", word, first)
                    .isEqualTo(expectedInFirst);
            }
        }
    }
}
