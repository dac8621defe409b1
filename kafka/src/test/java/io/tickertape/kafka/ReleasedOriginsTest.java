package io.tickertape.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickertape.bus.Origin;
import org.junit.jupiter.api.Test;

class ReleasedOriginsTest
{
    private static Origin origin(final String epoch)
    {
        return new Origin("alpha", "execution", epoch);
    }

    @Test
    void shouldGiveBackTheLastSequenceOfAnOriginLetGoOnce()
    {
        final ReleasedOrigins released = new ReleasedOrigins(10);
        released.release(origin("e1"), 41);
        assertThat(released.take(origin("e1"))).isEqualTo(41);
        assertThat(released.take(origin("e1"))).as("taken back").isEqualTo(Long.MIN_VALUE);
        assertThat(released.take(origin("e2"))).as("never let go").isEqualTo(Long.MIN_VALUE);
        assertThat(released.size()).isZero();
    }

    @Test
    void shouldForgetTheOriginLetGoLongestAgoPastTheLimit()
    {
        final ReleasedOrigins released = new ReleasedOrigins(3);
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            released.release(origin("e" + epoch), epoch * 100L);
        }
        released.release(origin("e1"), 150); // let go again: now the most recent
        released.release(origin("e4"), 400);
        assertThat(released.size()).isEqualTo(3);
        assertThat(released.take(origin("e2"))).as("let go longest ago").isEqualTo(Long.MIN_VALUE);
        assertThat(released.take(origin("e1"))).isEqualTo(150);
        assertThat(released.take(origin("e3"))).isEqualTo(300);
        assertThat(released.take(origin("e4"))).isEqualTo(400);
    }

    @Test
    void shouldStayWithinItsLimitOverManyRestarts()
    {
        final ReleasedOrigins released = new ReleasedOrigins(1000);
        for (int epoch = 0; epoch < 50_000; epoch++)
        {
            released.release(origin("e" + epoch), epoch);
        }
        assertThat(released.size()).isEqualTo(1000);
        assertThat(released.take(origin("e49999"))).isEqualTo(49_999);
        assertThat(released.take(origin("e48999"))).as("the 1001st most recent").isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldRefuseALimitBelowOne()
    {
        assertThatThrownBy(() -> new ReleasedOrigins(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("limit");
    }
}
