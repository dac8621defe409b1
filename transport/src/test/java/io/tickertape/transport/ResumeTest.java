package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.Test;

/**
 * The resume contract, case by case, over real HTTP with okhttp-sse: resuming from any id a client holds never
 * skips an event without a {@code gap} or {@code reset} saying so, and never repeats one.
 */
class ResumeTest
{
    private static final String STREAM = "/api/telemetry/stream";
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void shouldContinueRightAfterAHeldId() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture())
        {
            fixture.publishAndAwait(EventType.ORDER, 30);
            final String epoch = fixture.bus.epoch();
            try (SseClient client = fixture.stream(STREAM, Map.of("Last-Event-ID", epoch + "-20")))
            {
                final SseEvent connection = client.awaitConnected();
                assertThat(connection.id()).as("the connection frame names where the stream starts after").isEqualTo(epoch + "-20");
                assertThat(payload(connection)).containsEntry("epoch", epoch).containsEntry("resume_after", 20L)
                    .containsEntry("server_restarted", false);
                assertThat(seqs(client.awaitEvents(SseEvent.MESSAGE, 10, DEADLINE))).containsExactly(
                    21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L);
                assertThat(client.events("gap")).isEmpty();
                assertThat(client.events("reset")).isEmpty();
            }
        }
    }

    @Test
    void shouldSayGapThenSendEverythingHeldWhenTheIdIsOlderThanTheOldest() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture(new BusContext().historyCapacity(10), new ServerContext()))
        {
            fixture.publishAndAwait(EventType.ORDER, 30);
            assertThat(fixture.bus.history().tail()).isEqualTo(21);
            final String epoch = fixture.bus.epoch();
            try (SseClient client = fixture.stream(STREAM + "?last_event_id=" + epoch + "-5"))
            {
                final List<SseEvent> events = awaitMessages(client, 10);
                final List<SseEvent> gaps = client.events("gap");
                assertThat(gaps).hasSize(1);
                assertThat(gaps.get(0).id()).isEqualTo(epoch + "-20");
                assertThat(payload(gaps.get(0))).containsEntry("from_seq", 6L).containsEntry("to_seq", 20L)
                    .containsEntry("missed", 15L);
                assertThat(seqs(events)).containsExactly(21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L);
                assertThat(indexOf(client, "gap")).as("the gap comes before the events").isLessThan(indexOfFirstMessage(client));
            }
        }
    }

    @Test
    void shouldResetThenSendEverythingHeldThenLiveForAnIdOfAnotherRun() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture(new BusContext().historyCapacity(10), new ServerContext()))
        {
            fixture.publishAndAwait(EventType.ORDER, 25);
            final String epoch = fixture.bus.epoch();
            try (SseClient client = fixture.stream(STREAM, Map.of("Last-Event-ID", "77b1e0c4-90000")))
            {
                final SseEvent connection = client.awaitConnected();
                assertThat(connection.id()).isEqualTo(epoch + "-15");
                final List<SseEvent> held = awaitMessages(client, 10);
                assertThat(seqs(held)).containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L);
                final List<SseEvent> resets = client.events("reset");
                assertThat(resets).hasSize(1);
                assertThat(payload(resets.get(0))).containsEntry("from_epoch", "77b1e0c4").containsEntry("to_epoch", epoch);
                assertThat(indexOf(client, "reset")).isLessThan(indexOfFirstMessage(client));
                assertThat(client.events("gap")).as("a reset is not a gap").isEmpty();

                fixture.publishAndAwait(EventType.SIGNAL, 2);
                assertThat(seqs(awaitMessages(client, 12)).subList(10, 12)).as("then live").containsExactly(26L, 27L);
            }
        }
    }

    @Test
    void shouldResetWhenTheIdOfThisRunIsAheadOfTheHead() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture())
        {
            fixture.publishAndAwait(EventType.ORDER, 5);
            final String epoch = fixture.bus.epoch();
            try (SseClient client = fixture.stream(STREAM + "?last_event_id=" + epoch + "-9000"))
            {
                assertThat(seqs(awaitMessages(client, 5))).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(client.events("reset")).hasSize(1);
                assertThat(payload(client.events("reset").get(0))).containsEntry("from_epoch", epoch).containsEntry("to_epoch", epoch);
            }
        }
    }

    @Test
    void shouldReadABareNumberAsASequenceOfThisRun() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture())
        {
            fixture.publishAndAwait(EventType.ORDER, 12);
            try (SseClient client = fixture.stream(STREAM, Map.of("Last-Event-ID", "9")))
            {
                assertThat(seqs(awaitMessages(client, 3))).containsExactly(10L, 11L, 12L);
                assertThat(client.events("reset")).isEmpty();
                assertThat(client.events().get(0).id()).isEqualTo(fixture.bus.epoch() + "-9");
            }
        }
    }

    @Test
    void shouldIgnoreAMalformedHeaderAndSaySoButRefuseAMalformedParameter() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture())
        {
            fixture.publishAndAwait(EventType.ORDER, 4);
            final String epoch = fixture.bus.epoch();
            try (SseClient client = fixture.stream(STREAM, Map.of("Last-Event-ID", "not an id")))
            {
                final SseEvent connection = client.awaitConnected();
                assertThat(client.status()).isEqualTo(200);
                assertThat(connection.id()).as("starts at the head").isEqualTo(epoch + "-4");
                assertThat((String)payload(connection).get("resume_ignored")).contains("Last-Event-ID");
                fixture.publishAndAwait(EventType.ORDER, 1);
                assertThat(seqs(awaitMessages(client, 1))).containsExactly(5L);
            }
            final HttpResponse<String> refused = fixture.get(STREAM + "?last_event_id=not-an-id%21");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(Json.object(refused.body())).containsEntry("ok", false);
            assertThat((String)Json.object(refused.body()).get("error")).contains("last_event_id");
        }
    }

    @Test
    void shouldTellAClientThatComesBackAfterARestartOnTheSamePort() throws Exception
    {
        final String firstEpoch;
        final String heldId;
        final int port;
        try (TelemetryFixture first = new TelemetryFixture())
        {
            port = first.port();
            firstEpoch = first.bus.epoch();
            try (SseClient client = first.stream(STREAM))
            {
                client.awaitConnected();
                first.publishAndAwait(EventType.ORDER, 3);
                heldId = awaitMessages(client, 3).get(2).id();
            }
        }
        assertThat(heldId).isEqualTo(firstEpoch + "-3");

        try (TelemetryFixture second = TelemetryFixture.onPort(port))
        {
            assertThat(second.port()).isEqualTo(port);
            second.publishAndAwait(EventType.SIGNAL, 5);
            try (SseClient client = second.stream(STREAM, Map.of("Last-Event-ID", heldId)))
            {
                final List<SseEvent> events = awaitMessages(client, 5);
                assertThat(seqs(events)).as("every event of the new run, none skipped").containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(payload(client.events("reset").get(0)))
                    .containsEntry("from_epoch", firstEpoch).containsEntry("to_epoch", second.bus.epoch());
                assertThat(indexOf(client, "reset")).isLessThan(indexOfFirstMessage(client));
            }
        }
    }

    @Test
    void shouldLoseNothingWhenAFilteredStreamDropsBeforeItsFirstMatch() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture(
            new BusContext().historyCapacity(10_000), new ServerContext().heartbeatInterval(Duration.ofMillis(50))))
        {
            final String filtered = STREAM + "?event_type=signal_event";
            fixture.publishAndAwait(EventType.ORDER, 10);

            // First connection: the client sees only the connection frame, then drops.
            final String fromConnection;
            try (SseClient client = fixture.stream(filtered))
            {
                fromConnection = client.awaitConnected().id();
            }
            fixture.publishAndAwait(EventType.SIGNAL, 1);        // seq 11: the first match, while it is away
            fixture.publishAndAwait(EventType.ORDER, 5);
            try (SseClient client = fixture.stream(filtered, Map.of("Last-Event-ID", fromConnection)))
            {
                assertThat(seqs(awaitMessages(client, 1))).containsExactly(11L);
            }

            // Second: the client sees heartbeats over non-matching events and keeps the id of the last one.
            final String fromHeartbeat;
            try (SseClient client = fixture.stream(filtered + "&last_event_id=" + fixture.bus.epoch() + "-11"))
            {
                client.awaitConnected();
                fixture.publishAndAwait(EventType.ORDER, 20);    // seqs 17..36, none matching
                await().atMost(DEADLINE).until(() -> lastHeartbeatSeq(client) >= 36);
                fromHeartbeat = lastHeartbeat(client).id();
                assertThat(client.events(SseEvent.MESSAGE)).isEmpty();
            }
            assertThat(fromHeartbeat).as("a heartbeat's id is what the filtered cursor has passed")
                .isEqualTo(fixture.bus.epoch() + "-36");
            fixture.publishAndAwait(EventType.SIGNAL, 1);        // seq 37
            try (SseClient client = fixture.stream(filtered, Map.of("Last-Event-ID", fromHeartbeat)))
            {
                assertThat(seqs(awaitMessages(client, 1))).containsExactly(37L);
                assertThat(client.events("gap")).isEmpty();
            }
        }
    }

    private static List<SseEvent> awaitMessages(final SseClient client, final int count)
    {
        final List<SseEvent> events = client.awaitEvents(SseEvent.MESSAGE, count, DEADLINE);
        await().during(Duration.ofMillis(200)).atMost(DEADLINE)
            .until(() -> client.events(SseEvent.MESSAGE).size() == count);
        return client.events(SseEvent.MESSAGE).subList(0, Math.min(count, events.size()));
    }

    private static SseEvent lastHeartbeat(final SseClient client)
    {
        final List<SseEvent> beats = client.events("heartbeat");
        return beats.isEmpty() ? null : beats.get(beats.size() - 1);
    }

    private static long lastHeartbeatSeq(final SseClient client)
    {
        final SseEvent beat = lastHeartbeat(client);
        return null == beat ? -1 : beat.seq();
    }

    private static List<Long> seqs(final List<SseEvent> events)
    {
        final List<Long> seqs = new ArrayList<>();
        for (final SseEvent e : events)
        {
            assertThat(Json.object(e.data()).get("seq")).isEqualTo(e.seq());
            seqs.add(e.seq());
        }
        return seqs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(final SseEvent event)
    {
        return (Map<String, Object>)Json.object(event.data()).get("payload");
    }

    private static int indexOf(final SseClient client, final String type)
    {
        final List<SseEvent> all = client.events();
        for (int i = 0; i < all.size(); i++)
        {
            if (all.get(i).type().equals(type))
            {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfFirstMessage(final SseClient client)
    {
        return indexOf(client, SseEvent.MESSAGE);
    }
}
