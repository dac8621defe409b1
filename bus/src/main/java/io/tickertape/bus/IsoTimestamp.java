package io.tickertape.bus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Formats epoch nanoseconds as ISO-8601 UTC with exactly six fraction digits, e.g.
 * {@code 2026-11-29T16:20:01.123456Z}, into a reused array (ASCII bytes, or characters).
 * <p>
 * Written by hand because java.time allocates an Instant and a String per call, and this runs once per event on
 * the collector. The date is recomputed only when the second changes. Not thread-safe: one per thread.
 */
public final class IsoTimestamp
{
    /** Characters in a formatted timestamp. */
    public static final int LENGTH = 27;
    /** The length of the array {@link #formatAscii(long)} returns: {@link #LENGTH} padded to whole eight-byte words. */
    public static final int PADDED_LENGTH = 32;
    /** The Z after the six fraction digits, in the word that holds them (byte 6; byte 7 is padding). */
    private static final long Z_AFTER_SIX = (long)'Z' << 48;

    /** A formatter with its own buffer. */
    public IsoTimestamp()
    {
    }

    private final byte[] ascii = Arrays.copyOf("0000-00-00T00:00:00.000000Z".getBytes(StandardCharsets.US_ASCII), PADDED_LENGTH);
    private final char[] chars = new char[LENGTH];
    /** The first nanosecond of the second the date and time of day in {@link #ascii} are for. */
    private long cachedSecondNanos;
    private boolean formatted;

    /**
     * Format and return the reused buffer as characters (a copy of {@link #formatAscii(long)}'s bytes).
     *
     * @param epochNanos nanoseconds since 1970-01-01T00:00:00Z.
     * @return the buffer holding {@link #LENGTH} characters.
     */
    public char[] format(final long epochNanos)
    {
        final byte[] formatted = formatAscii(epochNanos);
        for (int i = 0; i < LENGTH; i++)
        {
            chars[i] = (char)formatted[i];
        }
        return chars;
    }

    /**
     * Format and return the reused buffer as ASCII bytes.
     *
     * @param epochNanos nanoseconds since 1970-01-01T00:00:00Z.
     * @return the buffer ({@link #PADDED_LENGTH} long) holding the {@link #LENGTH} bytes, then zeros.
     */
    public byte[] formatAscii(final long epochNanos)
    {
        // The six digits, then the Z and the padding's first zero, as one word.
        PayloadCodec.putLong(ascii, 20, Digits.sixWord((int)(intoSecond(epochNanos) / 1_000)) | Z_AFTER_SIX);
        return ascii;
    }

    /**
     * Format into {@code b} at {@code at}: the {@link #LENGTH} bytes, and a byte more that the caller's next write
     * covers. For the collector, which writes every event's timestamp: copying the date from the reused buffer a word
     * at a time, then storing the digits' word, costs less than {@link #formatAscii(long)} and a copy, whose word loads
     * would read across the digits' store just made to the buffer (a store the processor cannot forward to a load that
     * spans it, so the load waits for it to reach the cache).
     *
     * @param epochNanos nanoseconds since 1970-01-01T00:00:00Z.
     * @param b          where to write.
     * @param at         where the timestamp starts; {@code b} holds {@link #PADDED_LENGTH} bytes from there.
     * @return where the timestamp ends in {@code b}.
     */
    int writeAscii(final long epochNanos, final byte[] b, final int at)
    {
        final long intoSecond = intoSecond(epochNanos);
        Objects.checkFromIndexSize(at, PADDED_LENGTH, b.length);
        // Three words by hand, not PayloadCodec.copyWords over the whole buffer: that copies a fourth word the
        // digits' word overwrites, and measured about 2% slower on the pipeline in alternated rounds.
        final byte[] ascii = this.ascii;
        PayloadCodec.putLongInCheckedRange(b, at, PayloadCodec.getLongInCheckedRange(ascii, 0));
        PayloadCodec.putLongInCheckedRange(b, at + 8, PayloadCodec.getLongInCheckedRange(ascii, 8));
        PayloadCodec.putLongInCheckedRange(b, at + 16, PayloadCodec.getLongInCheckedRange(ascii, 16));
        PayloadCodec.putLongInCheckedRange(b, at + 20, Digits.sixWord((int)(intoSecond / 1_000)) | Z_AFTER_SIX);
        return at + LENGTH;
    }

    /** Nanoseconds into the second, with the date and time of day in {@link #ascii} (its first 20 bytes) for it. */
    private long intoSecond(final long epochNanos)
    {
        // Wrapping arithmetic: the difference is exact whenever both instants are in the same second.
        long intoSecond = epochNanos - cachedSecondNanos;
        if (intoSecond < 0 || intoSecond >= 1_000_000_000L || !formatted)
        {
            // A new second: the date and time of day, once; within the second only the six digits change.
            intoSecond = Math.floorMod(epochNanos, 1_000_000_000L);
            cachedSecondNanos = epochNanos - intoSecond;
            formatted = true;
            formatSecond(Math.floorDiv(epochNanos, 1_000_000_000L));
        }
        return intoSecond;
    }

    private void formatSecond(final long epochSecond)
    {
        final long days = Math.floorDiv(epochSecond, 86_400L);
        final int secondOfDay = (int)Math.floorMod(epochSecond, 86_400L);
        // Civil date from days since the epoch (H. Hinnant's days_from_civil inverse).
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final int day = (int)(doy - (153 * mp + 2) / 5 + 1);
        final int month = (int)(mp < 10 ? mp + 3 : mp - 9);
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);

        put4(0, (int)Math.max(0, Math.min(9999, year)));
        put2(5, month);
        put2(8, day);
        put2(11, secondOfDay / 3600);
        put2(14, (secondOfDay / 60) % 60);
        put2(17, secondOfDay % 60);
    }

    private void put4(final int at, final int value)
    {
        ascii[at] = (byte)('0' + value / 1000);
        ascii[at + 1] = (byte)('0' + (value / 100) % 10);
        ascii[at + 2] = (byte)('0' + (value / 10) % 10);
        ascii[at + 3] = (byte)('0' + value % 10);
    }

    private void put2(final int at, final int value)
    {
        ascii[at] = (byte)('0' + value / 10);
        ascii[at + 1] = (byte)('0' + value % 10);
    }
}
