package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class HistoryRingTest
{
    private static final int A = EventType.of("test_a").id();
    private static final int B = EventType.of("test_b").id();

    private static long append(final HistoryRing ring, final int type, final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return ring.append(type, bytes, 0, bytes.length);
    }

    private static List<String> newest(final HistoryRing ring, final TypeFilter filter, final int limit)
    {
        final List<String> out = new ArrayList<>();
        ring.newest(filter, limit, new HistoryRecord(ring), r -> out.add(r.json()));
        return out;
    }

    private static List<String> after(final HistoryRing ring, final long afterSeq, final TypeFilter filter, final int limit)
    {
        final List<String> out = new ArrayList<>();
        ring.after(afterSeq, filter, limit, new HistoryRecord(ring), r -> out.add(r.json()));
        return out;
    }

    @Test
    void shouldStartEmpty()
    {
        final HistoryRing ring = new HistoryRing(4, 4096);
        assertThat(ring.head()).isZero();
        assertThat(ring.tail()).isEqualTo(1);
        assertThat(ring.size()).isZero();
        assertThat(ring.read(1, new HistoryRecord(ring))).isEqualTo(ReadResult.NOT_AVAILABLE);
        assertThat(newest(ring, TypeFilter.ALL, 10)).isEmpty();
    }

    @Test
    void shouldHaveTheMarkCoverASequenceBeforeAnyReaderCanSeeIt()
    {
        final HistoryRing ring = new HistoryRing(8, 4096);
        ring.startAfter(100, 90);
        final List<String> asked = new ArrayList<>();
        ring.issueMark(seq ->
        {
            asked.add(seq + " asked at head " + ring.head());
            return seq + 2; // covers this sequence and the next two
        });
        for (int i = 0; i < 5; i++)
        {
            append(ring, A, "r" + i);
        }
        // Asked for 101 (covered to 103), then for 104 (covered to 106): each time before the head reached it.
        assertThat(asked).containsExactly("101 asked at head 100", "104 asked at head 103");
        assertThat(ring.head()).isEqualTo(105);
        assertThat(ring.lostAtStart(90)).isFalse();
        assertThat(ring.lostAtStart(91)).isTrue();
        assertThat(ring.lostAtStart(100)).isTrue();
        assertThat(ring.lostAtStart(101)).isFalse();
        assertThat(ring.lostTo()).isEqualTo(100);
    }

    @Test
    void shouldHoldTheNewestCapacityRecordsAndCountTypes()
    {
        final HistoryRing ring = new HistoryRing(3, 4096);
        for (int i = 1; i <= 5; i++)
        {
            assertThat(append(ring, i % 2 == 0 ? B : A, "r" + i)).isEqualTo(i);
        }
        assertThat(ring.size()).isEqualTo(3);
        assertThat(ring.tail()).isEqualTo(3);
        assertThat(newest(ring, TypeFilter.ALL, 10)).containsExactly("r3", "r4", "r5");
        assertThat(ring.heldCount(A)).isEqualTo(2);
        assertThat(ring.heldCount(B)).isEqualTo(1);
        assertThat(ring.appendedCount(A)).isEqualTo(3);
        assertThat(ring.read(2, new HistoryRecord(ring))).isEqualTo(ReadResult.LAPPED);
    }

    @Test
    void shouldReturnTheNewestMatchesOldestFirst()
    {
        final HistoryRing ring = new HistoryRing(100, 4096);
        for (int i = 1; i <= 10; i++)
        {
            append(ring, i <= 3 ? B : A, "r" + i);
        }
        assertThat(newest(ring, TypeFilter.ALL, 3)).containsExactly("r8", "r9", "r10");
        assertThat(newest(ring, TypeFilter.parse("test_b"), 2)).containsExactly("r2", "r3");
        assertThat(newest(ring, TypeFilter.parse("test_b,test_a"), 1)).containsExactly("r10");
        assertThat(newest(ring, TypeFilter.parse("never_seen_type"), 5)).isEmpty();
    }

    @Test
    void shouldPageForwardAfterASequence()
    {
        final HistoryRing ring = new HistoryRing(100, 4096);
        for (int i = 1; i <= 10; i++)
        {
            append(ring, i % 2 == 0 ? B : A, "r" + i);
        }
        assertThat(after(ring, 0, TypeFilter.ALL, 3)).containsExactly("r1", "r2", "r3");
        assertThat(after(ring, 3, TypeFilter.ALL, 3)).containsExactly("r4", "r5", "r6");
        assertThat(after(ring, 3, TypeFilter.parse("test_b"), 2)).containsExactly("r4", "r6");
        assertThat(after(ring, 10, TypeFilter.ALL, 3)).isEmpty();
        assertThat(after(ring, 99, TypeFilter.ALL, 3)).isEmpty();
    }

    @Test
    void shouldEvictByBytesWhenRecordsOutgrowTheArena()
    {
        final HistoryRing ring = new HistoryRing(1000, 4096);
        final String big = "x".repeat(500);
        for (int i = 0; i < 20; i++)
        {
            append(ring, A, big);
        }
        assertThat(ring.size()).isLessThanOrEqualTo(8).isGreaterThanOrEqualTo(7);
        assertThat(ring.heldCount(A)).isEqualTo(ring.size());
        final HistoryRecord record = new HistoryRecord(ring);
        for (long seq = ring.tail(); seq <= ring.head(); seq++)
        {
            assertThat(ring.read(seq, record)).isEqualTo(ReadResult.OK);
            assertThat(record.json()).isEqualTo(big);
        }
        assertThat(ring.read(ring.tail() - 1, record)).isEqualTo(ReadResult.LAPPED);
    }

    @Test
    void shouldLetGoOfWhatAReservedRoomCoversAndStartTheNextRecordWhereTheLastEnded()
    {
        final HistoryRing ring = new HistoryRing(1000, 4096);
        for (int i = 0; i < 16; i++)
        {
            append(ring, A, "r".repeat(256)); // sixteen of 256 bytes fill the arena exactly
        }
        assertThat(ring.tail()).isEqualTo(1);

        final int at = ring.reserve(512); // covers the bytes of the two oldest records
        assertThat(ring.tail()).isEqualTo(3);
        final byte[] x = "x".repeat(10).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(x, 0, ring.arena(), at, x.length);
        assertThat(ring.commit(B, 7, 0, x.length)).isEqualTo(17);
        assertThat(append(ring, A, "y".repeat(100))).isEqualTo(18);
        assertThat(ring.tail()).as("the room already let go of what the next record takes").isEqualTo(3);

        final HistoryRecord record = new HistoryRecord(ring);
        assertThat(ring.read(2, record)).isEqualTo(ReadResult.LAPPED);
        assertThat(ring.read(3, record)).isEqualTo(ReadResult.OK);
        assertThat(record.json()).isEqualTo("r".repeat(256));
        assertThat(ring.read(17, record)).isEqualTo(ReadResult.OK);
        assertThat(record.json()).isEqualTo("x".repeat(10));
        assertThat(record.typeId()).isEqualTo(B);
        assertThat(ring.read(18, record)).isEqualTo(ReadResult.OK);
        assertThat(record.json()).isEqualTo("y".repeat(100));
        assertThat(ring.heldCount(A) + ring.heldCount(B)).isEqualTo(ring.size()).isEqualTo(16);
    }

    @Test
    void shouldNeverMoveTheReservedPositionBackAfterAnAbandonedReservation()
    {
        final HistoryRing ring = new HistoryRing(1000, 4096);
        for (int i = 0; i < 16; i++)
        {
            append(ring, A, "r".repeat(256));
        }
        ring.reserve(512); // abandoned: the event did not fit, its bytes may lie anywhere in the room
        final long reserved = ring.reserved;
        assertThat(reserved).isEqualTo(4096 + 512);
        assertThat(ring.tail()).isEqualTo(3);

        assertThat(append(ring, B, "s".repeat(100))).isEqualTo(17); // in the same place, shorter than the room
        assertThat(ring.reserved).as("a reader of record 3 must still see its bytes as reachable").isEqualTo(reserved);
        assertThat(ring.tail()).isEqualTo(3);
        final HistoryRecord record = new HistoryRecord(ring);
        assertThat(ring.read(3, record)).isEqualTo(ReadResult.OK);
        assertThat(ring.read(17, record)).isEqualTo(ReadResult.OK);
        assertThat(record.json()).isEqualTo("s".repeat(100));

        ring.reserve(500); // past the last reservation: it moves on, and lets go of what it covers
        assertThat(ring.reserved).isEqualTo(4096 + 100 + 500);
        assertThat(ring.tail()).isEqualTo(4);
    }

    @Test
    void shouldRefuseARecordLongerThanAnEighthOfTheArena()
    {
        final HistoryRing ring = new HistoryRing(10, 4096);
        assertThat(append(ring, A, "y".repeat(513))).isEqualTo(-1);
        assertThat(ring.head()).isZero();
        assertThatThrownBy(() -> new HistoryRing(10, 5000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HistoryRing(0, 4096)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReportAGapToALappedCursorAndContinueFromTheOldest()
    {
        final HistoryRing ring = new HistoryRing(4, 4096);
        final HistoryCursor cursor = ring.cursorAtHead(TypeFilter.ALL);
        for (int i = 1; i <= 10; i++)
        {
            append(ring, A, "r" + i);
        }
        final List<String> seen = new ArrayList<>();
        cursor.poll(handler(seen), 100);
        assertThat(seen).containsExactly("gap 1..6", "r7", "r8", "r9", "r10");
        assertThat(cursor.lag()).isZero();
        assertThat(cursor.hasMore()).isFalse();
    }

    @Test
    void shouldResumeAfterASequenceAndFilter()
    {
        final HistoryRing ring = new HistoryRing(100, 4096);
        for (int i = 1; i <= 6; i++)
        {
            append(ring, i % 2 == 0 ? B : A, "r" + i);
        }
        final List<String> seen = new ArrayList<>();
        ring.cursorAfter(2, TypeFilter.parse("test_b")).poll(handler(seen), 100);
        assertThat(seen).containsExactly("r4", "r6");

        seen.clear();
        ring.cursorAfter(1_000, TypeFilter.ALL).poll(handler(seen), 100);
        assertThat(seen).as("a resume point beyond the head starts at the head").isEmpty();
    }

    @Test
    void shouldLeaveARefusedRecordForTheNextPoll()
    {
        final HistoryRing ring = new HistoryRing(100, 4096);
        append(ring, A, "r1");
        append(ring, A, "r2");
        final HistoryCursor cursor = ring.cursorAfter(0, TypeFilter.ALL);
        final List<String> seen = new ArrayList<>();
        cursor.poll(new CursorHandler()
        {
            public void onGap(final long fromSeq, final long toSeq)
            {
            }

            public boolean onRecord(final HistoryRecord record)
            {
                seen.add(record.json());
                return false;
            }
        }, 100);
        cursor.poll(handler(seen), 100);
        assertThat(seen).containsExactly("r1", "r1", "r2");
        assertThat(cursor.lastDeliveredSeq()).isEqualTo(2);
    }

    @Test
    void shouldCheckTheTypeBeforeCopyingARecord()
    {
        final HistoryRing ring = new HistoryRing(100, 1 << 20);
        final String large = "x".repeat(100_000);
        for (int i = 1; i <= 10; i++)
        {
            append(ring, A, large);
        }
        append(ring, B, "rare");
        final HistoryRecord scratch = new HistoryRecord(ring);
        final TypeFilter onlyB = TypeFilter.parse("test_b");
        assertThat(ring.read(3, onlyB, scratch)).isEqualTo(ReadResult.SKIPPED);
        assertThat(ring.read(11, onlyB, scratch)).isEqualTo(ReadResult.OK);
        assertThat(scratch.json()).isEqualTo("rare");
        assertThat(ring.read(12, onlyB, scratch)).isEqualTo(ReadResult.NOT_AVAILABLE);

        final List<String> seen = new ArrayList<>();
        ring.after(0, onlyB, 10, scratch, r -> seen.add(r.json()));
        final HistoryCursor cursor = ring.cursorAfter(0, onlyB);
        cursor.poll(handler(seen), 100);
        assertThat(seen).containsExactly("rare", "rare");
        assertThat(cursor.passedSeq()).isEqualTo(11);
        assertThat(scratch.buffer().length).as("no skipped record was copied").isLessThan(large.length());
    }

    @Test
    void shouldPassRecordsOfOtherTypesWithoutDeliveringThem()
    {
        final HistoryRing ring = new HistoryRing(100, 4096);
        append(ring, A, "r1");
        append(ring, B, "r2");
        append(ring, A, "r3");
        final HistoryCursor cursor = ring.cursorAfter(0, TypeFilter.parse("test_b"));
        final List<String> seen = new ArrayList<>();
        cursor.poll(handler(seen), 100);
        assertThat(seen).containsExactly("r2");
        assertThat(cursor.lastDeliveredSeq()).isEqualTo(2);
        assertThat(cursor.passedSeq()).as("a filtered cursor passes what it does not deliver").isEqualTo(3);
    }

    static CursorHandler handler(final List<String> seen)
    {
        return new CursorHandler()
        {
            public void onGap(final long fromSeq, final long toSeq)
            {
                seen.add("gap " + fromSeq + ".." + toSeq);
            }

            public boolean onRecord(final HistoryRecord record)
            {
                seen.add(record.json());
                return true;
            }
        };
    }
}
