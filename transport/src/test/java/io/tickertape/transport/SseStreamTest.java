package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.RawClient;
import io.tickertape.testkit.RawSseStream;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SseStreamTest
{
    private static final String STREAM = "/api/telemetry/stream";
    private final TelemetryFixture fixture;

    SseStreamTest() throws InterruptedException
    {
        fixture = new TelemetryFixture(new BusContext().historyCapacity(64), new ServerContext());
    }

    @AfterEach
    void close()
    {
        fixture.close();
    }

    private static void awaitMessages(final SseClient client, final int count)
    {
        client.awaitEvents("message", count, Duration.ofSeconds(20));
    }

    private static List<Long> ids(final List<SseEvent> events)
    {
        return events.stream().map(SseEvent::seq).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldOpenWithRetryAndAConnectionEvent() throws Exception
    {
        fixture.publishAndAwait(EventType.ORDER, 3);
        // The bytes on the wire: the retry field and the headers exactly as sent, which a client library hides.
        try (RawSseStream client = RawSseStream.open(fixture.port(), STREAM + "?event_type=order_event"))
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.events("connection").isEmpty());
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.headers()).containsEntry("content-type", "text/event-stream; charset=utf-8")
                .containsEntry("cache-control", "no-cache").containsEntry("x-accel-buffering", "no")
                .containsEntry("transfer-encoding", "chunked").doesNotContainKey("content-encoding");
            assertThat(client.retry()).isEqualTo(1000L);
            assertThat(client.events().get(0).type()).as("the connection event comes first").isEqualTo("connection");
            final Map<String, Object> connection = Json.object(client.events("connection").get(0).data());
            assertThat(connection).containsEntry("type", "connection");
            assertThat((Map<String, Object>)connection.get("payload")).containsEntry("status", "connected")
                .containsEntry("event_type_filter", "order_event").containsEntry("head_seq", 3L);
        }
    }

    @Test
    void shouldDeliverOnlyMatchingEventsAsUnnamedFramesWithIncreasingIds() throws Exception
    {
        try (SseClient client = fixture.stream(STREAM + "?event_type=signal_event,position_event"))
        {
            await().until(() -> !client.events("connection").isEmpty());
            for (int i = 0; i < 30; i++)
            {
                fixture.publish(i % 3 == 0 ? EventType.SIGNAL : i % 3 == 1 ? EventType.ORDER : EventType.POSITION);
            }
            awaitMessages(client, 20);

            final List<SseEvent> messages = client.events("message");
            assertThat(messages).hasSize(20);
            assertThat(ids(messages)).isSorted().doesNotHaveDuplicates();
            for (final SseEvent e : messages)
            {
                final Map<String, Object> json = Json.object(e.data());
                assertThat(json.get("type")).isIn("signal_event", "position_event");
                assertThat(json.get("seq")).isEqualTo(e.seq());
            }
        }
    }

    @Test
    void shouldSendHeartbeatsEveryHalfSecondOnAnIdleStream() throws Exception
    {
        final long requested = System.nanoTime();
        try (SseClient client = fixture.stream(STREAM))
        {
            await().atMost(Duration.ofSeconds(20)).until(() -> client.events("heartbeat").size() >= 5);
            final List<SseEvent> beats = client.events("heartbeat");
            for (int i = 0; i < beats.size(); i++)
            {
                // Each heartbeat follows a full quiet interval after the one before, however late either arrives:
                // the k-th cannot be sent before k intervals have passed since the request.
                final long millis = (beats.get(i).receivedNanos() - requested) / 1_000_000;
                assertThat(millis).as("heartbeat %d, ms after the request", i + 1).isGreaterThanOrEqualTo(500L * (i + 1));
            }
            assertThat(client.events("message")).as("heartbeats never reach onmessage").isEmpty();
            assertThat(Json.object(beats.get(0).data())).containsEntry("type", "heartbeat").containsKey("payload");
        }
    }

    @Test
    void shouldReplayExactlyTheMissedEventsOnResumeWithLastEventId() throws Exception
    {
        final long last;
        try (SseClient first = fixture.stream(STREAM))
        {
            await().until(() -> !first.events("connection").isEmpty());
            fixture.publishAndAwait(EventType.ORDER, 10);
            awaitMessages(first, 10);
            last = first.events("message").get(9).seq();
        }
        fixture.publishAndAwait(EventType.ORDER, 10); // missed while disconnected

        try (SseClient resumed = fixture.stream(STREAM, Map.of("Last-Event-ID", String.valueOf(last)));
             SseClient byQuery = fixture.stream(STREAM + "?last_event_id=" + last))
        {
            awaitMessages(resumed, 10);
            awaitMessages(byQuery, 10);
            fixture.publishAndAwait(EventType.ORDER, 1); // then live
            awaitMessages(resumed, 11);
            awaitMessages(byQuery, 11);

            for (final SseClient client : List.of(resumed, byQuery))
            {
                assertThat(ids(client.events("message"))).containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L);
                assertThat(client.events("gap")).isEmpty();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldSendAGapWhenResumingFromASequenceNoLongerHeld() throws Exception
    {
        fixture.publishAndAwait(EventType.ORDER, 200); // the history holds 64: 137..200
        try (SseClient client = fixture.stream(STREAM, Map.of("Last-Event-ID", "5")))
        {
            awaitMessages(client, 64);
            final List<SseEvent> events = client.events();
            assertThat(events.get(0).type()).isEqualTo("connection");
            assertThat(events.get(1).type()).isEqualTo("gap");
            final Map<String, Object> gap = (Map<String, Object>)Json.object(events.get(1).data()).get("payload");
            assertThat(gap).containsEntry("from_seq", 6L).containsEntry("to_seq", 136L).containsEntry("missed", 131L);
            assertThat(ids(client.events("message"))).first().isEqualTo(137L);
            assertThat(ids(client.events("message"))).last().isEqualTo(200L);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldReplayWhatIsHeldWhenResumingFromAnEarlierRunOfTheServer() throws Exception
    {
        fixture.publishAndAwait(EventType.ORDER, 5);
        try (SseClient client = fixture.stream(STREAM, Map.of("Last-Event-ID", "90000")))
        {
            awaitMessages(client, 5);
            assertThat(ids(client.events("message"))).containsExactly(1L, 2L, 3L, 4L, 5L);
            final Map<String, Object> connection = Json.object(client.events("connection").get(0).data());
            assertThat((Map<String, Object>)connection.get("payload")).containsEntry("server_restarted", true)
                .containsEntry("resume_after", 90000L);
        }
    }

    @Test
    void shouldKeepDeliveringAfterTheHistoryHasWrappedManyTimes() throws Exception
    {
        // The old system's stream went silent once its buffer was full: here the history of 64 wraps 20 times.
        try (SseClient client = fixture.stream(STREAM))
        {
            await().until(() -> !client.events("connection").isEmpty());
            for (int batch = 1; batch <= 40; batch++)
            {
                fixture.publishAndAwait(EventType.ORDER, 32);
                awaitMessages(client, batch * 32);
            }
            final List<Long> ids = ids(client.events("message"));
            assertThat(ids).hasSize(1280).isSorted().doesNotHaveDuplicates();
            assertThat(ids.get(ids.size() - 1)).isEqualTo(1280L);
            assertThat(client.events("gap")).isEmpty();
        }
    }

    @Test
    void shouldRefuseStreamsOverTheSubscriberLimit() throws Exception
    {
        try (TelemetryFixture limited = new TelemetryFixture(new BusContext(), new ServerContext().maxSubscribers(1));
             SseClient first = limited.stream(STREAM))
        {
            await().until(() -> !first.events("connection").isEmpty());
            final var second = limited.get(STREAM);
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.headers().firstValue("retry-after")).isPresent();
        }
    }

    @Test
    void shouldEndAStreamWithTheTerminatingChunkWhenTheServerCloses() throws Exception
    {
        try (RawClient raw = RawClient.connect(fixture.port()))
        {
            raw.timeout(Duration.ofSeconds(20)).send("GET " + STREAM + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readLine()).isEqualTo("HTTP/1.1 200 OK");
            while (!raw.readLine().isEmpty())
            {
                // the rest of the head
            }
            await().until(() -> fixture.server.subscriberCount() == 1);
            fixture.publishAndAwait(EventType.ORDER, 3);
            await().until(() -> fixture.server.fanOut().subscribers().get(0).lastSeq() == 3); // sent
            fixture.server.close();

            int chunks = 0;
            final StringBuilder frames = new StringBuilder();
            for (int size; (size = Integer.parseInt(raw.readLine().trim(), 16)) > 0; chunks++)
            {
                frames.append(new String(raw.readBytes(size), StandardCharsets.UTF_8));
                assertThat(raw.readLine()).as("the CRLF after a chunk").isEmpty();
            }
            assertThat(raw.readLine()).as("the CRLF after the terminating chunk").isEmpty();
            assertThat(raw.read()).as("then the connection closes").isEqualTo(-1);
            assertThat(chunks).isPositive();
            assertThat(frames.toString()).startsWith("retry: 1000\n").endsWith("\n\n").contains("\"seq\":3,");
        }
    }

    @Test
    void shouldEndStreamsAndFreeThePortOnClose() throws Exception
    {
        final SseClient client = fixture.stream(STREAM);
        await().until(() -> !client.events("connection").isEmpty());
        final int port = fixture.port();
        fixture.server.close();
        await().atMost(Duration.ofSeconds(10)).until(client::ended);
        assertThat(client.failure()).isNull();
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress()))
        {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        client.close();
    }
}
