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
    /** "000" to "999", three ASCII digits in the low three bytes of a little-endian int, the first digit lowest. */
    private static final int[] TRIPLET_WORDS = new int[1000];

    static
    {
        for (int i = 0; i < 1000; i++)
        {
            TRIPLET_WORDS[i] = ('0' + i / 100) | ('0' + (i / 10) % 10) << 8 | ('0' + i % 10) << 16;
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
     * Write a number that is not negative, in as many digits as it needs. Only the digits' bytes are written: a
     * number of more than three digits has one to three before its last whole triplet, so each triplet's word stays
     * inside them.
     *
     * @param value 0 or more.
     * @param b     where to write: room for 19 digits from {@code at}.
     * @param at    the first digit's index.
     * @return the index after the last digit.
     */
    static int positive(final long value, final byte[] b, final int at)
    {
        // Digits from the bit length (log10 2 is about 1233 / 4096), corrected by one comparison made as arithmetic.
        final long w = value | 1; // 0 has one digit, as 1 has; no power of ten is odd, so the comparison holds
        final int guess = (64 - Long.numberOfLeadingZeros(w)) * 1233 >>> 12;
        final int digits = guess + 1 - (int)((w - POWERS_OF_TEN[guess]) >>> 63);
        final int end = at + digits;
        int pos = end;
        long rest = value;
        while (rest >= 1000)
        {
            // A triplet as one int store that ends at pos; its first byte, before the triplet, is written next.
            final long high = rest / 1000;
            PayloadCodec.putInt(b, pos - 4, TRIPLET_WORDS[(int)(rest - high * 1000)] << 8);
            pos -= 3;
            rest = high;
        }
        // 1 to 3 digits left: the last ones of their triplet, from the byte where they begin in its word.
        int word = TRIPLET_WORDS[(int)rest] >>> 8 * (3 - (pos - at));
        for (int i = at; i < pos; i++)
        {
            b[i] = (byte)word;
            word >>>= 8;
        }
        return end;
    }

    /**
     * {@code value} as exactly six ASCII digits, zero-padded, in the low six bytes of a little-endian word (the first
     * digit lowest), the top two bytes 0: for a caller to store whole, with what follows the digits in the top bytes.
     * Two loads from a table of triplets as words, where six byte loads and six bounds-checked byte stores were the
     * collector's largest single cost after its copies (a timestamp's and a decimal's fraction each take one).
     *
     * @param value 0 to 999,999.
     * @return the digits' word.
     */
    static long sixWord(final int value)
    {
        final int high = value / 1000;
        return TRIPLET_WORDS[high] | (long)TRIPLET_WORDS[value - high * 1000] << 24;
    }

    /**
     * Write {@code value} as exactly six digits, zero-padded, as one word: the two bytes after the digits are
     * overwritten too (with zeros), so the caller needs room for eight and writes what follows after.
     *
     * @param value 0 to 999,999.
     * @param b     where to write: room for eight bytes from {@code at}.
     * @param at    the first digit's index.
     */
    static void six(final int value, final byte[] b, final int at)
    {
        PayloadCodec.putLong(b, at, sixWord(value));
    }
}
