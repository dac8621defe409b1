package io.tickertape.bus.journal;

import java.nio.charset.StandardCharsets;

import org.agrona.BitUtil;

/**
 * The journal's file formats, in one place: the metadata file, segment files and their time indexes, and the
 * record frame. All numbers are little-endian. See {@code docs/JOURNAL.md} for the diagrams.
 * <pre>
 * journal.meta (64 bytes)                      NNNNNNNNNNNNNNNNNNNN.log (segmentBytes, zero-filled when made)
 * +------------------+----------+              +------------------------------------------------------+
 * | magic  (8)       | version  |              | segment header (64): magic, version, first seq,      |
 * | epoch (16, ASCII, zero padded)|             |   segment bytes, epoch                               |
 * | created, epoch ms (8)       |              +------------------------------------------------------+
 * | issued mark (8)             |              | record | record | ... | END (-1) or zeros             |
 * +-----------------------------+              |                                                      |
 *                                              +------------------------------------------------------+
 * record, 8-byte aligned                       NNNNNNNNNNNNNNNNNNNN.timeindex (preallocated)
 * +--------+----------+-----+-----------+      +-------------------------------+ one entry per
 * | length | checksum | seq | timestamp |      | max timestamp | seq | position |  indexIntervalBytes
 * +--------+----------+-----+-----------+      +-------------------------------+  of records
 * | type length | type (ASCII) | JSON (UTF-8) | padding |
 * +-------------+--------------+--------------+---------+
 * </pre>
 * A record's {@code length} covers the frame from its first byte to the JSON's last (padding excluded) and is
 * written last, with a store-release, so a reader in another process that sees a length sees the whole record;
 * 0 means nothing written yet, -1 that the segment ends here and the next segment continues. The checksum is
 * CRC32C of the frame from {@code seq} to the end of the JSON.
 */
final class JournalLayout
{
    static final long MAGIC = 0x4C4E524A54544B54L; // "TKTTJRNL", little-endian
    static final int VERSION = 1;

    static final String META_FILE = "journal.meta";
    static final int META_LENGTH = 64;
    static final int META_MAGIC_OFFSET = 0;
    static final int META_VERSION_OFFSET = 8;
    static final int META_EPOCH_OFFSET = 16;
    static final int EPOCH_LENGTH = 16;
    static final int META_CREATED_OFFSET = 32;
    /** The highest sequence a bus may have given out ({@link IssuedMark}); 0 in a journal made before it was kept. */
    static final int META_ISSUED_OFFSET = 40;

    /** Held locked (an OS file lock) by the one process that writes the journal; never deleted. */
    static final String LOCK_FILE = "journal.lock";
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".timeindex";
    static final String PREPARED_PREFIX = "prepared-";
    static final int SEGMENT_NAME_DIGITS = 20;

    static final int SEGMENT_HEADER_LENGTH = 64;
    static final int SEGMENT_MAGIC_OFFSET = 0;
    static final int SEGMENT_VERSION_OFFSET = 8;
    static final int SEGMENT_FIRST_SEQ_OFFSET = 16;
    static final int SEGMENT_BYTES_OFFSET = 24;
    static final int SEGMENT_EPOCH_OFFSET = 32;

    static final int LENGTH_OFFSET = 0;
    static final int CHECKSUM_OFFSET = 4;
    static final int SEQ_OFFSET = 8;
    static final int TIMESTAMP_OFFSET = 16;
    static final int TYPE_LENGTH_OFFSET = 24;
    static final int TYPE_OFFSET = 28;
    static final int RECORD_HEADER_LENGTH = TYPE_OFFSET;
    static final int END_OF_SEGMENT = -1;
    static final int MAX_TYPE_LENGTH = 64;

    static final int INDEX_ENTRY_LENGTH = 24;
    static final int INDEX_TIMESTAMP_OFFSET = 0;
    static final int INDEX_SEQ_OFFSET = 8;
    static final int INDEX_POSITION_OFFSET = 16;

    private JournalLayout()
    {
    }

    static int aligned(final int length)
    {
        return BitUtil.align(length, 8);
    }

    static int indexBytes(final int segmentBytes, final int indexIntervalBytes)
    {
        return BitUtil.align((segmentBytes / indexIntervalBytes + 2) * INDEX_ENTRY_LENGTH, 4096);
    }

    static String segmentName(final long firstSeq, final String suffix)
    {
        final String digits = Long.toString(firstSeq);
        return "0".repeat(SEGMENT_NAME_DIGITS - digits.length()) + digits + suffix;
    }

    /** @return the first seq a segment file's name says, or -1 if it is not a segment's name. */
    static long firstSeqOf(final String fileName)
    {
        if (fileName.length() != SEGMENT_NAME_DIGITS + LOG_SUFFIX.length() || !fileName.endsWith(LOG_SUFFIX))
        {
            return -1;
        }
        long seq = 0;
        for (int i = 0; i < SEGMENT_NAME_DIGITS; i++)
        {
            final char c = fileName.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            seq = seq * 10 + (c - '0');
        }
        return seq;
    }

    static byte[] epochBytes(final String epoch)
    {
        final byte[] bytes = new byte[EPOCH_LENGTH];
        final byte[] ascii = epoch.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, bytes, 0, Math.min(ascii.length, EPOCH_LENGTH));
        return bytes;
    }

    static String epochOf(final byte[] bytes)
    {
        int length = 0;
        while (length < bytes.length && bytes[length] != 0)
        {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }
}
