package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BusContextHeapTest
{
    @Test
    void shouldRefuseAHistoryTheHeapCannotHoldSayingWhatItNeeds()
    {
        assertThatThrownBy(() -> BusContext.requireHeap(16_777_216, (1L << 30) + 16_777_216L * 40, 1L << 30))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("a history of 16777216 events needs about 1664 MiB of heap (its JSON arena and index), more than " +
                "this JVM's maximum heap of 1024 MiB: give the JVM more (-Xmx) or keep fewer events");
        BusContext.requireHeap(100_000, 68_000_000L, 1L << 30);
    }

    @Test
    void shouldCountTheArenaAndTheIndexOfTheHistoryItMakes()
    {
        final BusContext context = new BusContext().historyCapacity(100_000).conclude();
        final long needed = context.historyArenaBytes() + 100_000L * BusContext.HISTORY_INDEX_BYTES_PER_EVENT;
        assertThat(needed).as("the demo's default history, as OPERATIONS.md gives it").isEqualTo(67_108_864L + 4_000_000L);
        assertThatThrownBy(() -> BusContext.requireHeap(100_000, needed, needed - 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
