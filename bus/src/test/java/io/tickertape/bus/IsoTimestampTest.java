package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The reused timestamp formatter agrees with java.time for times in order, within a second, and out of order. */
class IsoTimestampTest
{
    private static final DateTimeFormatter ISO_MICROS =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void shouldFormatLikeJavaTimeWhetherTheSecondChangesOrNot()
    {
        final IsoTimestamp timestamp = new IsoTimestamp();
        final SplittableRandom random = new SplittableRandom(42);
        long nanos = 1_795_000_000_123_456_789L; // 2026-11-18
        for (int i = 0; i < 100_000; i++)
        {
            switch (random.nextInt(5))
            {
                case 0 -> nanos += random.nextLong(1_000); // same microsecond or the next few
                case 1 -> nanos += random.nextLong(2_000_000_000L); // often a new second
                case 2 -> nanos -= random.nextLong(5_000_000_000L); // back in time
                case 3 -> nanos = random.nextLong(-2_208_988_800_000_000_000L, 0); // 1900 to 1970
                default -> nanos = random.nextLong(0, 4_102_444_800_000_000_000L); // anywhere up to 2100
            }
            final String expected = ISO_MICROS.format(Instant.ofEpochSecond(0, nanos));
            assertThat(new String(timestamp.formatAscii(nanos), 0, IsoTimestamp.LENGTH, StandardCharsets.US_ASCII))
                .as("ascii %d", nanos).isEqualTo(expected);
            assertThat(new String(timestamp.format(nanos), 0, IsoTimestamp.LENGTH)).as("chars %d", nanos).isEqualTo(expected);
            // Into an array, at an offset, with bytes before it that must stay; the two calls share the cached date.
            final byte[] b = new byte[3 + IsoTimestamp.PADDED_LENGTH];
            b[2] = '#';
            final boolean writeFirst = random.nextBoolean();
            final IsoTimestamp writer = writeFirst ? new IsoTimestamp() : timestamp;
            assertThat(writer.writeAscii(nanos, b, 3)).isEqualTo(3 + IsoTimestamp.LENGTH);
            assertThat(new String(b, 2, 1 + IsoTimestamp.LENGTH, StandardCharsets.US_ASCII)).as("written %d", nanos)
                .isEqualTo("#" + expected);
        }
    }

    @Test
    void shouldWriteIntoAnArrayOnlyWithRoomForItsWords()
    {
        final IsoTimestamp timestamp = new IsoTimestamp();
        final byte[] b = new byte[IsoTimestamp.PADDED_LENGTH + 4];
        assertThatThrownBy(() -> timestamp.writeAscii(0, b, 5))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(timestamp.writeAscii(0, b, 4)).isEqualTo(4 + IsoTimestamp.LENGTH);
        assertThat(new String(b, 4, IsoTimestamp.LENGTH, StandardCharsets.US_ASCII)).isEqualTo("1970-01-01T00:00:00.000000Z");
    }

    @Test
    void shouldFormatTheExtremesWithoutFailing()
    {
        final IsoTimestamp timestamp = new IsoTimestamp();
        for (final long nanos : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, -1, 0, Long.MAX_VALUE})
        {
            final String formatted = new String(timestamp.formatAscii(nanos), 0, IsoTimestamp.LENGTH, StandardCharsets.US_ASCII);
            assertThat(formatted).as("%d", nanos).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
        }
        assertThat(new String(timestamp.formatAscii(-1), 0, IsoTimestamp.LENGTH, StandardCharsets.US_ASCII))
            .isEqualTo("1969-12-31T23:59:59.999999Z");
    }
}
