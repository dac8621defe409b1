package io.tickertape.bus;

import java.util.Objects;

/**
 * The collector's event sequence as decimal text, kept from one event to the next. Each event's sequence is nearly
 * always the last one's plus one, so its text is the last text with its last digit counted up, where every digit was
 * worked out again by division; any other sequence, and one whose last digit is a 9 (one in ten, a carry), is
 * written in full. The digits are kept as three words, first digit lowest, and counted up and copied out as words:
 * kept as bytes, the count's byte store followed at once by the copy's word loads over it stalled each event (a store
 * the processor cannot forward to a wider load waits to reach the cache). Not thread-safe: it belongs to the
 * collector's encoder.
 */
final class SequenceText
{
    /** Bytes {@link #write} stores from where it writes: the digits (at most 19), then bytes its caller overwrites. */
    static final int ROOM = 24;

    /** The digits from the first, little-endian, in three words; the bytes past the last digit are any. */
    private final long[] words = new long[ROOM / Long.BYTES];
    private final byte[] scratch = new byte[ROOM];
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
     * @throws IndexOutOfBoundsException if {@code b} has not the room; nothing is changed.
     * @throws IllegalArgumentException  if {@code seq} is negative; nothing is changed.
     */
    int write(final long seq, final byte[] b, final int at)
    {
        Objects.checkFromIndexSize(at, ROOM, b.length);
        final long[] words = this.words;
        if (seq != last)
        {
            // The last digit: its word, and its place in the word in bits.
            final int lastWord = (length - 1) >>> 3;
            final int lastShift = ((length - 1) & (Long.BYTES - 1)) * Byte.SIZE;
            final long word = words[lastWord];
            if (seq == last + 1 && (word >>> lastShift & 0xFF) != '9')
            {
                words[lastWord] = word + (1L << lastShift);
            }
            else
            {
                render(seq);
            }
            last = seq;
        }
        PayloadCodec.putLongInCheckedRange(b, at, words[0]);
        PayloadCodec.putLongInCheckedRange(b, at + Long.BYTES, words[1]);
        PayloadCodec.putLongInCheckedRange(b, at + 2 * Long.BYTES, words[2]);
        return at + length;
    }

    private void render(final long seq)
    {
        if (seq < 0)
        {
            throw new IllegalArgumentException("sequence must not be negative: " + seq);
        }
        final byte[] scratch = this.scratch;
        final int length = Digits.positive(seq, scratch, 0);
        for (int i = 0; i < words.length; i++)
        {
            words[i] = PayloadCodec.getLong(scratch, i * Long.BYTES);
        }
        this.length = length;
    }
}
