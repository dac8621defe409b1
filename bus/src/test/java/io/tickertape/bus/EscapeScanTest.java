package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

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
}
