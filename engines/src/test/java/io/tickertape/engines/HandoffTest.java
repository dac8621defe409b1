package io.tickertape.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.lmax.disruptor.EventPoller;
import org.junit.jupiter.api.Test;

class HandoffTest
{
    private static final class Entry
    {
        long a;
        long b;
    }

    private static void publish(final Handoff<Entry> handoff, final long value)
    {
        final Entry e = handoff.claim();
        assertThat(e).as("room for " + value).isNotNull();
        e.a = value;
        e.b = ~value;
        handoff.publish();
    }

    @Test
    void shouldRefuseAClaimWhenFullWithoutBlockingAndGiveNothingWhenEmpty()
    {
        final Handoff<Entry> handoff = new Handoff<>(4, Entry::new);
        final List<Long> read = new ArrayList<>();
        assertThat(handoff.poll((e, sequence, endOfBatch) -> read.add(e.a))).isZero();
        for (int i = 0; i < 4; i++)
        {
            publish(handoff, i);
        }

        assertThat(handoff.claim()).as("full: the poller gates the producer").isNull();
        assertThat(handoff.claim()).as("still full, still no exception").isNull();
        assertThat(handoff.freeCapacity()).isZero();
        assertThat(handoff.size()).isEqualTo(4);

        assertThat(handoff.poll((e, sequence, endOfBatch) ->
        {
            read.add(e.a);
            return false;
        })).isEqualTo(1);
        assertThat(read).containsExactly(0L);
        assertThat(handoff.freeCapacity()).isEqualTo(1);
        assertThat(handoff.size()).isEqualTo(3);
        assertThat(handoff.claim()).isNotNull();
    }

    @Test
    void shouldWrapAroundTheRingKeepingOrder()
    {
        final Handoff<Entry> handoff = new Handoff<>(8, Entry::new);
        final List<Long> read = new ArrayList<>();
        long next = 0;
        for (int round = 0; round < 1_000; round++)
        {
            final int batch = 1 + round % handoff.capacity();
            assertThat(handoff.freeCapacity()).isEqualTo(handoff.capacity());
            for (int i = 0; i < batch; i++)
            {
                publish(handoff, next++);
            }
            assertThat(handoff.poll((e, sequence, endOfBatch) ->
            {
                assertThat(e.b).isEqualTo(~e.a);
                return read.add(e.a);
            })).isEqualTo(batch);
        }

        assertThat(next).as("many times round the ring").isGreaterThan(100L * handoff.capacity());
        assertThat(read).hasSize((int)next);
        for (int i = 0; i < read.size(); i++)
        {
            assertThat(read.get(i)).isEqualTo(i);
        }
        assertThat(handoff.size()).isZero();
    }

    @Test
    void shouldStopABatchWhereTheHandlerSaysSoAndFreeWhatItTook()
    {
        final Handoff<Entry> handoff = new Handoff<>(8, Entry::new);
        for (int i = 0; i < 8; i++)
        {
            publish(handoff, i);
        }
        final List<Long> read = new ArrayList<>();

        assertThat(handoff.poll((e, sequence, endOfBatch) -> read.add(e.a) && read.size() < 3)).isEqualTo(3);
        assertThat(handoff.freeCapacity()).isEqualTo(3);
        assertThat(handoff.size()).isEqualTo(5);
        assertThat(handoff.poll((e, sequence, endOfBatch) -> read.add(e.a))).isEqualTo(5);
        assertThat(read).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void shouldTakeAnEntryWhoseHandlerThrowsAndPassTheThrowableOn()
    {
        final Handoff<Entry> handoff = new Handoff<>(8, Entry::new);
        for (int i = 0; i < 4; i++)
        {
            publish(handoff, i);
        }
        final List<Long> read = new ArrayList<>();
        final IOException failure = new IOException("checked, passed on as it is");

        assertThatThrownBy(() -> handoff.poll((e, sequence, endOfBatch) ->
        {
            read.add(e.a);
            if (e.a == 1)
            {
                throw failure;
            }
            return true;
        })).isSameAs(failure);
        assertThat(handoff.size()).as("the entry that failed was taken").isEqualTo(2);

        assertThat(handoff.poll((e, sequence, endOfBatch) -> read.add(e.a))).isEqualTo(2);
        assertThat(read).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void shouldRejectCapacitiesThatAreNotPowersOfTwo()
    {
        assertThatThrownBy(() -> new Handoff<>(3, Entry::new)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Handoff<>(0, Entry::new)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldHandOverEveryEntryWholeAndInOrderBetweenTwoThreads() throws Exception
    {
        final int count = 1_000_000;
        final Handoff<Entry> handoff = new Handoff<>(64, Entry::new);
        final Checker checker = new Checker();
        final Thread consumer = new Thread(() ->
        {
            while (checker.expected < count)
            {
                if (0 == handoff.poll(checker))
                {
                    Thread.yield(); // two cores, shared: let the producer run rather than spin
                }
            }
        }, "consumer");
        consumer.start();
        for (long i = 0; i < count; i++)
        {
            Entry e;
            while (null == (e = handoff.claim()))
            {
                Thread.yield();
            }
            e.a = i;
            e.b = ~i;
            handoff.publish();
        }
        consumer.join(30_000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(checker.failure.get()).isNull();
        assertThat(handoff.size()).isZero();
    }

    /** Both fields were written before publish: a torn or early read shows as a mismatch. */
    private static final class Checker implements EventPoller.Handler<Entry>
    {
        final AtomicReference<String> failure = new AtomicReference<>();
        long expected;

        @Override
        public boolean onEvent(final Entry e, final long sequence, final boolean endOfBatch)
        {
            if (e.a != expected || e.b != ~expected)
            {
                failure.compareAndSet(null, "entry " + expected + " read as " + e.a + "/" + e.b);
            }
            expected++;
            return true;
        }
    }
}
