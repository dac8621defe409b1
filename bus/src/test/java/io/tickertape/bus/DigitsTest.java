package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DigitsTest
{
    private static String positive(final long value)
    {
        final byte[] b = new byte[32];
        b[3] = 'x';
        final int end = Digits.positive(value, b, 2);
        return new String(b, 2, end - 2, StandardCharsets.US_ASCII);
    }

    @Test
    void shouldWriteEveryMagnitudeAndItsNeighbours()
    {
        long power = 1;
        for (int digits = 1; digits <= 19; digits++)
        {
            for (final long v : new long[] {power - 1, power, power + 1, 2 * power - 1, 9 * power + (power - 1)})
            {
                if (v >= 0)
                {
                    assertThat(positive(v)).as("%d", v).isEqualTo(Long.toString(v));
                }
            }
            power = digits < 19 ? power * 10 : power;
        }
        assertThat(positive(0)).isEqualTo("0");
        assertThat(positive(Long.MAX_VALUE)).isEqualTo(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void shouldWriteRandomNumbersAsLongToStringDoes()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++)
        {
            final long v = random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63);
            assertThat(positive(v)).isEqualTo(Long.toString(v));
        }
    }

    @Test
    void shouldWriteNothingBeyondTheLastDigit()
    {
        final byte[] b = new byte[32];
        Arrays.fill(b, (byte)'#');
        final int end = Digits.positive(1_000_000, b, 5);
        assertThat(end).isEqualTo(12);
        assertThat(new String(b, 0, 14, StandardCharsets.US_ASCII)).isEqualTo("#####1000000##");
    }

    @Test
    void shouldWriteNothingOutsideTheDigitsForAnyLength()
    {
        long power = 1;
        for (int digits = 1; digits <= 19; digits++)
        {
            final long v = digits < 19 ? 10 * power - 1 : Long.MAX_VALUE;
            final byte[] b = new byte[32];
            Arrays.fill(b, (byte)'#');
            final int end = Digits.positive(v, b, 5);
            assertThat(new String(b, StandardCharsets.US_ASCII)).as("%d", v)
                .isEqualTo("#####" + v + "#".repeat(32 - 5 - digits));
            assertThat(end).isEqualTo(5 + digits);
            power = digits < 19 ? power * 10 : power;
        }
    }

    @Test
    void shouldWriteEverySixDigitValueZeroPadded()
    {
        final byte[] b = new byte[16];
        for (int v = 0; v < 1_000_000; v++)
        {
            Arrays.fill(b, (byte)'#');
            Digits.six(v, b, 3);
            assertThat(new String(b, 3, 6, StandardCharsets.US_ASCII)).isEqualTo(String.format("%06d", v));
            assertThat(b[2]).isEqualTo((byte)'#');
            assertThat(b[11]).isEqualTo((byte)'#');
        }
    }
}
