package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A writer laps readers continuously; every record a reader accepts must be exactly the record of its sequence.
 * Each record's bytes are a function of its sequence and of varying length, so a torn or mixed copy shows. The
 * writer either appends copies or, as the collector does, writes each record in place in room reserved for it,
 * scribbling over the whole room first (an encode that ran out of room, or wrote whole words past its end), with
 * rooms of varying size and reservations abandoned.
 */
class LappedReaderStressTest
{
    private static final int TYPE = EventType.of("stress_record").id();
    private static final long RECORDS = 2_000_000;

    static int lengthOf(final long seq)
    {
        return 16 + (int)(seq * 7 % 400);
    }

    static byte byteOf(final long seq, final int i)
    {
        return (byte)('A' + (seq + i) % 26);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldNeverHandAReaderATornRecord(final boolean inPlace) throws Exception
    {
        final HistoryRing ring = new HistoryRing(64, 8192);
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong lapped = new AtomicLong();
        final AtomicLong gaps = new AtomicLong();

        final Thread writer = new Thread(() ->
        {
            final byte[] src = new byte[512];
            for (long seq = 1; seq <= RECORDS; seq++)
            {
                final int length = lengthOf(seq);
                for (int i = 0; i < length; i++)
                {
                    src[i] = byteOf(seq, i);
                }
                if ((inPlace ? writeInPlace(ring, src, length, seq) : ring.append(TYPE, src, 0, length)) != seq)
                {
                    failure.compareAndSet(null, "append returned a wrong sequence at " + seq);
                }
            }
            done.set(true);
        });

        final Runnable randomReader = () ->
        {
            final HistoryRecord record = new HistoryRecord(ring);
            while (!done.get())
            {
                final long head = ring.head();
                for (long seq = Math.max(1, head - 80); seq <= head; seq++)
                {
                    final ReadResult result = ring.read(seq, record);
                    if (result == ReadResult.OK)
                    {
                        check(record, seq, failure);
                        ok.incrementAndGet();
                    }
                    else if (result == ReadResult.LAPPED)
                    {
                        lapped.incrementAndGet();
                    }
                }
            }
        };

        final Runnable cursorReader = () ->
        {
            final HistoryCursor cursor = ring.cursorAfter(0, TypeFilter.ALL);
            final long[] expected = {1};
            final CursorHandler handler = new CursorHandler()
            {
                public void onGap(final long fromSeq, final long toSeq)
                {
                    if (fromSeq != expected[0] || toSeq < fromSeq)
                    {
                        failure.compareAndSet(null, "gap " + fromSeq + ".." + toSeq + " but expected " + expected[0]);
                    }
                    expected[0] = toSeq + 1;
                    gaps.incrementAndGet();
                }

                public boolean onRecord(final HistoryRecord record)
                {
                    if (record.seq() != expected[0])
                    {
                        failure.compareAndSet(null, "cursor got " + record.seq() + " but expected " + expected[0]);
                    }
                    check(record, record.seq(), failure);
                    expected[0] = record.seq() + 1;
                    return true;
                }
            };
            while (!done.get() || cursor.hasMore())
            {
                cursor.poll(handler, 100);
            }
        };

        final Thread r1 = new Thread(randomReader);
        final Thread r2 = new Thread(cursorReader);
        r1.start();
        r2.start();
        writer.start();
        writer.join();
        r1.join();
        r2.join();

        assertThat(failure.get()).isNull();
        assertThat(ok.get()).as("records read whole").isPositive();
        assertThat(lapped.get() + gaps.get()).as("laps detected").isPositive();
    }

    /**
     * Write a record as the collector does: now and then a reservation of the most room filled with bytes no record
     * has and then abandoned (an event that did not fit); then a room of varying size, from the record's length to
     * the most, filled the same way, the record written in it and committed.
     */
    private static long writeInPlace(final HistoryRing ring, final byte[] src, final int length, final long seq)
    {
        final byte[] arena = ring.arena();
        final int most = ring.maxRecordLength();
        if (seq % 7 == 0)
        {
            final int abandoned = ring.reserve(most);
            Arrays.fill(arena, abandoned, abandoned + most, (byte)'#');
        }
        final int room = length + (int)(seq * 13 % (most - length + 1));
        final int at = ring.reserve(room);
        Arrays.fill(arena, at, at + room, (byte)'#');
        System.arraycopy(src, 0, arena, at, length);
        return ring.commit(TYPE, 0, 0, length);
    }

    private static void check(final HistoryRecord record, final long seq, final AtomicReference<String> failure)
    {
        final int length = lengthOf(seq);
        if (record.seq() != seq || record.length() != length || record.typeId() != TYPE)
        {
            failure.compareAndSet(null, "record " + seq + " has seq " + record.seq() + " length " + record.length());
            return;
        }
        final byte[] bytes = record.buffer();
        for (int i = 0; i < length; i++)
        {
            if (bytes[i] != byteOf(seq, i))
            {
                failure.compareAndSet(null, "record " + seq + " is torn at byte " + i);
                return;
            }
        }
    }
}
