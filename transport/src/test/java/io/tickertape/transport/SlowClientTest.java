package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.netty.util.internal.PlatformDependent;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.RawSseStream;
import io.tickertape.testkit.SampledLeakDetection;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading must cost the server no more than its write-buffer water mark, must not slow a
 * healthy client, and must learn of what it missed (a gap) when it reads again.
 */
@SampledLeakDetection
class SlowClientTest
{
    private static final int EVENTS = 1_000_000;
    /** The bound stated in docs/HTTP_API.md for the server's direct memory growth with one stalled client. */
    private static final long DIRECT_MEMORY_BOUND = 32L * 1024 * 1024;

    @Test
    void shouldBoundAStalledClientAndKeepServingTheHealthyOne() throws Exception
    {
        assertThat(PlatformDependent.usedDirectMemory()).as("netty tracks its direct memory").isGreaterThanOrEqualTo(0);
        try (TelemetryFixture fixture = new TelemetryFixture(
            new BusContext().historyCapacity(65_536),
            new ServerContext().writeBufferWaterMark(128 * 1024, 256 * 1024).stalledClientTimeout(Duration.ofMinutes(5)));
             SseClient healthy = fixture.countingStream("/api/telemetry/stream");
             RawSseStream stalled = RawSseStream.stalled(fixture.port(), "/api/telemetry/stream"))
        {
            await().until(() -> fixture.server.subscriberCount() == 2);
            final long directBefore = PlatformDependent.usedDirectMemory();
            long directMax = directBefore;

            for (int sent = 0; sent < EVENTS; sent += 10_000)
            {
                fixture.publishAndAwait(EventType.ORDER, 10_000);
                final long target = sent + 10_000 - 30_000; // keep the healthy client within half the history
                await().atMost(Duration.ofSeconds(60)).until(() -> healthy.lastMessageId() >= target);
                directMax = Math.max(directMax, PlatformDependent.usedDirectMemory());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> healthy.messageCount() == EVENTS);

            assertThat(healthy.orderViolation()).as("healthy client got every event in order").isNull();
            assertThat(healthy.events("gap")).isEmpty();
            assertThat(directMax - directBefore).as("direct memory growth with a stalled client").isLessThan(DIRECT_MEMORY_BOUND);

            // Lapped while it did not read (but not stalled past its timeout): told with a gap, then every event held.
            stalled.startReading();
            await().atMost(Duration.ofSeconds(60)).until(() -> stalled.ended() || lastSeq(stalled) == EVENTS);
            assertThat(stalled.ended()).as("the lapped client is told, not cut off").isFalse();
            assertThat(stalled.failure()).isNull();
            assertThat(stalled.events("gap")).hasSize(1);
            assertContinuousButForGaps(stalled.events());
            System.out.printf("slow client: direct memory before %d, max %d (growth %d bytes); stalled client got a gap: %s%n",
                directBefore, directMax, directMax - directBefore, stalled.events("gap").get(0).data());
        }
    }

    private static long lastSeq(final RawSseStream stream)
    {
        final List<SseEvent> messages = stream.events(SseEvent.MESSAGE);
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).seq();
    }

    /** Events from seq 1 on, each next to the one before, but where a gap says which were missed. */
    @SuppressWarnings("unchecked")
    private static void assertContinuousButForGaps(final List<SseEvent> events)
    {
        long expected = 1;
        for (final SseEvent event : events)
        {
            if (SseEvent.MESSAGE.equals(event.type()))
            {
                assertThat(event.seq()).as("the event after seq " + (expected - 1)).isEqualTo(expected);
                expected++;
            }
            else if ("gap".equals(event.type()))
            {
                final Map<String, Object> gap = (Map<String, Object>)Json.object(event.data()).get("payload");
                assertThat(gap).as("a gap from where the stream was").containsEntry("from_seq", expected);
                expected = (Long)gap.get("to_seq") + 1; // then the stream goes on from the oldest held
            }
        }
        assertThat(expected - 1).as("the last event").isEqualTo(EVENTS);
    }

    @Test
    void shouldDisconnectAClientThatStaysUnwritablePastTheTimeout() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture(
            new BusContext().historyCapacity(65_536), new ServerContext().stalledClientTimeout(Duration.ofSeconds(1)));
             RawSseStream stalled = RawSseStream.stalled(fixture.port(), "/api/telemetry/stream"))
        {
            await().until(() -> fixture.server.subscriberCount() == 1);
            // Enough to fill the socket buffers on both sides and then the write buffer past its high water mark.
            for (int i = 0; i < 40 && fixture.server.subscriberCount() == 1; i++)
            {
                fixture.publishAndAwait(EventType.ORDER, 10_000);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> fixture.server.subscriberCount() == 0);
            final var stats = Json.object(fixture.get("/api/telemetry/stats").body());
            assertThat(((Map<?, ?>)stats.get("sse")).get("stalled_disconnects")).isEqualTo(1L);
            assertThat(((Map<?, ?>)stats.get("http")).get("exceptions")).as("frames still queued are no fault").isEqualTo(0L);
        }
    }
}
