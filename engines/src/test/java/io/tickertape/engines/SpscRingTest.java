package io.tickertape.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class SpscRingTest
{
    private static final class Entry
    {
        long a;
        long b;
    }

    @Test
    void shouldRefuseWhenFullAndGiveNothingWhenEmpty()
    {
        final SpscRing<Entry> ring = new SpscRing<>(4, Entry::new);
        assertThat(ring.peek()).isNull();
        for (int i = 0; i < 4; i++)
        {
            final Entry e = ring.claim();
            assertThat(e).isNotNull();
            e.a = i;
            ring.publish();
        }
        assertThat(ring.claim()).isNull();
        assertThat(ring.freeCapacity()).isZero();
        assertThat(ring.size()).isEqualTo(4);

        assertThat(ring.peek().a).isZero();
        ring.release();
        assertThat(ring.freeCapacity()).isEqualTo(1);
        assertThat(ring.claim()).isNotNull();
    }

    @Test
    void shouldRejectCapacitiesThatAreNotPowersOfTwo()
    {
        assertThatThrownBy(() -> new SpscRing<>(3, Entry::new)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpscRing<>(1, Entry::new)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldHandOverEveryEntryWholeAndInOrderBetweenTwoThreads() throws Exception
    {
        final int count = 1_000_000;
        final SpscRing<Entry> ring = new SpscRing<>(64, Entry::new);
        final AtomicReference<String> failure = new AtomicReference<>();
        final Thread consumer = new Thread(() ->
        {
            long expected = 0;
            while (expected < count)
            {
                final Entry e = ring.peek();
                if (null == e)
                {
                    Thread.yield(); // two cores, shared: let the producer run rather than spin
                    continue;
                }
                // Both fields were written before publish: a torn or early read shows as a mismatch.
                if (e.a != expected || e.b != ~expected)
                {
                    failure.compareAndSet(null, "entry " + expected + " read as " + e.a + "/" + e.b);
                }
                ring.release();
                expected++;
            }
        }, "consumer");
        consumer.start();
        for (long i = 0; i < count; i++)
        {
            Entry e;
            while (null == (e = ring.claim()))
            {
                Thread.yield();
            }
            e.a = i;
            e.b = ~i;
            ring.publish();
        }
        consumer.join(30_000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(ring.size()).isZero();
    }
}
