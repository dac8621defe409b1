package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The producer's UTF-8 writer for a {@code String} (ASCII first, a character at a time, then the general path from
 * the first character that is not ASCII) against the JDK's encoder: every short length, a character outside ASCII
 * at every position, random text, and text without room.
 */
class Utf8WriteTest
{
    private static final String[] NOT_ASCII = {"\u00e9", "\u00ff", "\u0080", "\u20b9", "\u4e2d", "\ud83d\ude00", "\u0141"};

    @Test
    void shouldWriteWhatTheJdkWritesForAsciiOfEveryLength()
    {
        final StringBuilder text = new StringBuilder();
        for (int length = 0; length <= 40; length++)
        {
            assertWritten(text.toString());
            text.append((char)(0x20 + (length * 7) % 0x5f));
        }
    }

    @Test
    void shouldWriteWhatTheJdkWritesWithACharacterOutsideAsciiAtEveryPosition()
    {
        for (int length = 1; length <= 26; length++)
        {
            for (int at = 0; at < length; at++)
            {
                for (final String other : NOT_ASCII)
                {
                    final StringBuilder text = new StringBuilder();
                    for (int i = 0; i < length; i++)
                    {
                        text.append(i == at ? other : String.valueOf((char)('a' + i % 26)));
                    }
                    assertWritten(text.toString());
                }
            }
        }
    }

    @Test
    void shouldWriteWhatTheJdkWritesForRandomText()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 20_000; n++)
        {
            final char[] chars = new char[random.nextInt(48)];
            for (int i = 0; i < chars.length; i++)
            {
                chars[i] = random.nextInt(8) == 0 ? (char)random.nextInt(0x80, 0xD7FF) : (char)random.nextInt(0x80);
            }
            assertWritten(new String(chars));
        }
    }

    @Test
    void shouldRefuseTextWithoutRoomAndStoreNothingPastTheRoom()
    {
        final String text = "PAPER-000123-LONGER-THAN-A-WORD";
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int room = 0; room < bytes.length; room++)
        {
            final byte[] buffer = new byte[64];
            Arrays.fill(buffer, (byte)'#');
            assertThat(PayloadCodec.putUtf8(buffer, 5, 5 + room, text)).as("room %d", room).isEqualTo(-1);
            for (int i = 5 + room; i < buffer.length; i++)
            {
                assertThat(buffer[i]).as("byte %d with room %d", i, room).isEqualTo((byte)'#');
            }
        }
        final byte[] buffer = new byte[64];
        assertThat(PayloadCodec.putUtf8(buffer, 5, 5 + bytes.length, text)).isEqualTo(bytes.length);
        assertThat(Arrays.copyOfRange(buffer, 5, 5 + bytes.length)).isEqualTo(bytes);
    }

    private static void assertWritten(final String text)
    {
        final byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        final byte[] buffer = new byte[expected.length + 16];
        Arrays.fill(buffer, (byte)'#');
        final int written = PayloadCodec.putUtf8(buffer, 3, buffer.length, text);
        assertThat(written).as("length of %s", text).isEqualTo(expected.length);
        assertThat(Arrays.copyOfRange(buffer, 3, 3 + written)).as("bytes of %s", text).isEqualTo(expected);
        assertThat(buffer[0]).isEqualTo((byte)'#');
        assertThat(buffer[3 + written]).isEqualTo((byte)'#');
    }
}
