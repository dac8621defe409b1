package io.tickertape.bus;

import java.util.Arrays;

/**
 * The collector's event sequence as decimal text, kept from one event to the next. Each event's sequence is nearly
 * always the last one's plus one, so its text is the last text with its last digit counted up (a carry into the digit
 * before it one time in ten, a new digit only at a power of ten) instead of every digit worked out again by
 * division; any other sequence is written in full. The digits are kept right-aligned in a small buffer and copied out
 * as three words. Not thread-safe: it belongs to the collector's encoder.
 */
final class SequenceText
{
    /** Bytes {@link #write} stores from where it writes: the digits (at most 19), then bytes its caller overwrites. */
    static final int ROOM = 24;
    /** Where the digits end in {@link #digits}; the bytes before them are zero. */
    private static final int END = 24;

    private final byte[] digits = new byte[END + ROOM];
    private long last;
    private int length;

    SequenceText()
    {
        render(0);
    }

    /**
     * Write a sequence's decimal digits into {@code b} at {@code at}, with {@link #ROOM} bytes stored from there.
     *
     * @param seq a sequence, 0 or more.
     * @param b   where to write; it holds {@link #ROOM} bytes from {@code at}.
     * @param at  where the digits start.
     * @return where the digits end in {@code b}.
     */
    int write(final long seq, final byte[] b, final int at)
    {
        if (seq != last)
        {
            if (seq == last + 1)
            {
                countUp();
            }
            else
            {
                render(seq);
            }
            last = seq;
        }
        final byte[] digits = this.digits;
        final int from = END - length;
        PayloadCodec.putLong(b, at, PayloadCodec.getLong(digits, from));
        PayloadCodec.putLong(b, at + 8, PayloadCodec.getLong(digits, from + 8));
        PayloadCodec.putLong(b, at + 16, PayloadCodec.getLong(digits, from + 16));
        return at + length;
    }

    /** The last sequence plus one: nines become zeros from the end, and the digit before them goes up by one. */
    private void countUp()
    {
        final byte[] digits = this.digits;
        int i = END - 1;
        while (digits[i] == '9')
        {
            digits[i--] = '0';
        }
        if (i < END - length)
        {
            digits[i] = '1'; // all nines: one digit more, where a zero byte was
            length++;
        }
        else
        {
            digits[i]++;
        }
    }

    private void render(final long seq)
    {
        if (seq < 0)
        {
            throw new IllegalArgumentException("sequence must not be negative: " + seq);
        }
        final byte[] digits = this.digits;
        Arrays.fill(digits, (byte)0);
        // Written past the end first (where bytes are only ever copied out as padding), then moved to end there.
        length = Digits.positive(seq, digits, END) - END;
        System.arraycopy(digits, END, digits, END - length, length);
    }
}
