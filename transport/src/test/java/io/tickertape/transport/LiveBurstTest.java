package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.RawSseStream;
import io.tickertape.testkit.SampledLeakDetection;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.RepeatedTest;

/**
 * A burst on a live stream, then quiet: every event of the burst arrives, with no later event to push the tail
 * out. A stream's drain stops when its connection's write buffer passes the high water mark and the connection is
 * writable again as soon as the flush after it has gone to the socket: that signal comes while the drain's round
 * is running, and the round must not take it as "nothing more to do" (it once did, and the tail of a burst waited
 * for the next event, however long that took). Small water marks make every drain cross them.
 */
@SampledLeakDetection
class LiveBurstTest
{
    private static final int BURST = 50_000;

    @RepeatedTest(3)
    void shouldDeliverTheWholeBurstWithNothingAfterIt() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture(new BusContext().historyCapacity(1 << 17),
            new ServerContext().writeBufferWaterMark(8 * 1024, 16 * 1024).heartbeatInterval(Duration.ofMinutes(1)));
             RawSseStream stream = RawSseStream.open(fixture.port(), "/api/telemetry/stream?event_type=order_event"))
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events("connection").isEmpty());
            fixture.publishAndAwait(EventType.ORDER, BURST);
            final long head = fixture.bus.history().head();
            await("the burst's last event, with nothing published after it").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> lastOrderSeq(stream) == head || null != stream.failure());
            assertThat(stream.failure()).isNull();
            final List<SseEvent> orders = stream.events(SseEvent.MESSAGE);
            assertThat(orders).hasSize(BURST);
            assertThat(orders.get(BURST - 1).seq()).isEqualTo(head);
        }
    }

    private static long lastOrderSeq(final RawSseStream stream)
    {
        final List<SseEvent> orders = stream.events(SseEvent.MESSAGE);
        return orders.isEmpty() ? 0 : orders.get(orders.size() - 1).seq();
    }
}
