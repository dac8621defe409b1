package io.tickertape.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

class LeakDetectionTest
{
    @Test
    void shouldRecordABufferThatWasNeverReleased()
    {
        LeakDetection.install();
        LeakDetection.clear();
        final ByteBuf released = ByteBufAllocator.DEFAULT.directBuffer(16).writeLong(1);
        released.release();
        LeakDetection.collect();
        assertThat(LeakDetection.reports()).isEmpty();

        leak();
        await().atMost(Duration.ofSeconds(30)).until(() ->
        {
            LeakDetection.collect();
            return !LeakDetection.reports().isEmpty();
        });
        assertThat(LeakDetection.reports()).singleElement().asString().contains("LEAK").contains("leaked on purpose");
        LeakDetection.clear();
        assertThat(LeakDetection.reports()).isEmpty();
    }

    private static void leak()
    {
        final ByteBuf leaked = ByteBufAllocator.DEFAULT.heapBuffer(16);
        leaked.touch("leaked on purpose");
    }
}
