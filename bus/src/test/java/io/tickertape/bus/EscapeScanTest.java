package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time escape scan agrees with a byte-by-byte check for every byte at every position. */
class EscapeScanTest
{
    @Test
    void shouldFindEveryByteThatNeedsEscapingAtAnyPosition()
    {
        for (int length = 0; length <= 20; length++)
        {
            for (int at = 0; at < length; at++)
            {
                for (int b = 0; b < 256; b++)
                {
                    final byte[] bytes = new byte[length + 3];
                    java.util.Arrays.fill(bytes, (byte)'a');
                    bytes[1 + at] = (byte)b;
                    final boolean expected = b < 0x20 || b == '"' || b == '\\';
                    assertThat(JsonEncoder.needsEscaping(bytes, 1, length)).as("byte %d at %d of %d", b, at, length).isEqualTo(expected);
                }
            }
            final byte[] clean = new byte[length];
            java.util.Arrays.fill(clean, (byte)0xE2);
            assertThat(JsonEncoder.needsEscaping(clean, 0, length)).isFalse();
        }
    }
}
