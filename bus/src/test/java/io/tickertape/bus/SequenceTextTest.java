package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The sequence's text, counted up from the last, is what {@link Long#toString(long)} gives for every sequence. */
class SequenceTextTest
{
    private static String write(final SequenceText text, final long seq)
    {
        final byte[] b = new byte[2 + SequenceText.ROOM];
        Arrays.fill(b, (byte)'#');
        final int end = text.write(seq, b, 2);
        assertThat(new String(b, 0, 2, StandardCharsets.US_ASCII)).as("bytes before %d", seq).isEqualTo("##");
        return new String(b, 2, end - 2, StandardCharsets.US_ASCII);
    }

    @Test
    void shouldCountUpAcrossEveryPowerOfTen()
    {
        long power = 1;
        for (int digits = 1; digits <= 18; digits++)
        {
            final SequenceText text = new SequenceText();
            final long from = Math.max(0, power - 1_003);
            for (long seq = from; seq <= power + 1_003; seq++)
            {
                assertThat(write(text, seq)).isEqualTo(Long.toString(seq));
            }
            power *= 10;
        }
    }

    @Test
    void shouldCountUpFromZeroForAMillionEvents()
    {
        final SequenceText text = new SequenceText();
        final byte[] b = new byte[SequenceText.ROOM];
        for (long seq = 0; seq < 1_000_000; seq++)
        {
            final int end = text.write(seq, b, 0);
            if (!new String(b, 0, end, StandardCharsets.US_ASCII).equals(Long.toString(seq)))
            {
                assertThat(new String(b, 0, end, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(seq));
            }
        }
    }

    @Test
    void shouldWriteAnySequenceAfterAnyOther()
    {
        final SequenceText text = new SequenceText();
        final SplittableRandom random = new SplittableRandom(20261207);
        long seq = 0;
        for (int i = 0; i < 200_000; i++)
        {
            switch (random.nextInt(6))
            {
                case 0 -> seq = random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63); // a jump, up or down
                case 1 -> seq = Math.max(0, seq - 1); // back by one
                case 2 -> { } // the same again (an event encoded twice)
                default -> seq = seq == Long.MAX_VALUE ? 0 : seq + 1;
            }
            assertThat(write(text, seq)).isEqualTo(Long.toString(seq));
        }
        assertThat(write(text, Long.MAX_VALUE)).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(write(text, 0)).isEqualTo("0");
        assertThat(write(text, 1)).isEqualTo("1");
    }

    @Test
    void shouldRefuseANegativeSequenceAndRoomTooShort()
    {
        final SequenceText text = new SequenceText();
        assertThatThrownBy(() -> text.write(-1, new byte[SequenceText.ROOM], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> text.write(7, new byte[SequenceText.ROOM], 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(write(text, 8)).isEqualTo("8");
    }
}
