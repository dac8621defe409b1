package io.tickertape.bus;

/**
 * Decimal digits for the collector's timestamps, decimals and sequences, three at a time from a table: a digit at a
 * time costs a division each, and these run several times per event. jackson-core's {@code NumberOutput} writes
 * whole numbers this way but has no fixed-width, zero-padded form; and its whole-number writer takes a different
 * branch for each range of magnitude (below 1,000, below 1,000,000, ...), so a sequence that first reaches
 * 1,000,000 takes a branch the JIT compiled as never taken: the collector's encoder is thrown away and runs
 * interpreted until it is compiled again, a pause of milliseconds on the event path. {@link #positive} has no
 * branch that a larger number takes for the first time, only loops that run once more.
 */
final class Digits
{
    /** "000" to "999", three ASCII bytes each. */
    private static final byte[] TRIPLETS = new byte[3000];

    static
    {
        for (int i = 0; i < 1000; i++)
        {
            TRIPLETS[3 * i] = (byte)('0' + i / 100);
            TRIPLETS[3 * i + 1] = (byte)('0' + (i / 10) % 10);
            TRIPLETS[3 * i + 2] = (byte)('0' + i % 10);
        }
    }

    /** 10^0 to 10^18. */
    private static final long[] POWERS_OF_TEN = new long[19];

    static
    {
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private Digits()
    {
    }

    /**
     * Write a number that is not negative, in as many digits as it needs.
     *
     * @param value 0 or more.
     * @param b     where to write: room for 19 digits from {@code at}.
     * @param at    the first digit's index.
     * @return the index after the last digit.
     */
    static int positive(final long value, final byte[] b, final int at)
    {
        int digits = 1;
        while (digits < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[digits])
        {
            digits++;
        }
        final int end = at + digits;
        int pos = end;
        long rest = value;
        while (rest >= 1000)
        {
            final long high = rest / 1000;
            final int t = 3 * (int)(rest - high * 1000);
            pos -= 3;
            b[pos] = TRIPLETS[t];
            b[pos + 1] = TRIPLETS[t + 1];
            b[pos + 2] = TRIPLETS[t + 2];
            rest = high;
        }
        // 1 to 3 digits left: the last ones of their triplet.
        final int t = 3 * (int)rest + 3 - (pos - at);
        for (int i = at; i < pos; i++)
        {
            b[i] = TRIPLETS[t + i - at];
        }
        return end;
    }

    /**
     * Write {@code value} as exactly six digits, zero-padded.
     *
     * @param value 0 to 999,999.
     * @param b     where to write.
     * @param at    the first digit's index.
     */
    static void six(final int value, final byte[] b, final int at)
    {
        final int high = value / 1000;
        final int h = 3 * high;
        final int l = 3 * (value - high * 1000);
        b[at] = TRIPLETS[h];
        b[at + 1] = TRIPLETS[h + 1];
        b[at + 2] = TRIPLETS[h + 2];
        b[at + 3] = TRIPLETS[l];
        b[at + 4] = TRIPLETS[l + 1];
        b[at + 5] = TRIPLETS[l + 2];
    }
}
