package io.tickertape.bus;

/**
 * Fixed-width decimal digits for the collector's timestamps and decimals, three at a time from a table: a digit at a
 * time costs a division each, and these run several times per event. (jackson-core's {@code NumberOutput} writes
 * whole numbers this way but has no fixed-width, zero-padded form.)
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

    private Digits()
    {
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
