package io.tickertape.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseClientTest
{
    static final String STREAM = """
        retry: 1000
        id: 3
        event: connection
        data: {"type":"connection","payload":{"head_seq":3}}

        : a comment
        id: 4
        data: {"seq":4}

        id: 5
        data:{"seq":5}

        event: heartbeat
        data: {"type":"heartbeat"}

        id: 9
        event: gap
        data: {"type":"gap","payload":{"from_seq":6,"to_seq":9,"missed":4}}

        id: 10
        data: first line
        data: second line

        """;

    @Test
    void shouldKeepEveryEventWithItsNameIdAndData() throws Exception
    {
        try (CannedStreamServer server = new CannedStreamServer(STREAM, false);
             SseClient client = SseClient.open(server.url()))
        {
            await().atMost(Duration.ofSeconds(10)).until(client::ended);
            assertThat(client.failure()).isNull();
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.headers()).containsEntry("content-type", "text/event-stream; charset=utf-8");
            final List<SseEvent> events = client.events();
            assertThat(events).extracting(SseEvent::type)
                .containsExactly("connection", "message", "message", "heartbeat", "gap", "message");
            assertThat(events).extracting(SseEvent::id).containsExactly("3", "4", "5", "5", "9", "10");
            assertThat(events.get(0).json()).containsEntry("type", "connection");
            assertThat(client.events(SseEvent.MESSAGE)).extracting(SseEvent::data)
                .containsExactly("{\"seq\":4}", "{\"seq\":5}", "first line\nsecond line");
            assertThat(client.messageCount()).isEqualTo(3);
            assertThat(client.lastMessageId()).isEqualTo(10);
        }
    }

    @Test
    void shouldCountUnnamedEventsAndReportTheFirstOutOfOrder() throws Exception
    {
        try (CannedStreamServer inOrder = new CannedStreamServer("id: 1\ndata: a\n\nid: 2\ndata: b\n\nevent: gap\ndata: " +
            "{\"to_seq\":7}\n\nid: 8\ndata: c\n\n", false);
             CannedStreamServer outOfOrder = new CannedStreamServer("id: 1\ndata: a\n\nid: 3\ndata: b\n\n", false);
             SseClient counted = SseClient.counting(inOrder.url());
             SseClient broken = SseClient.counting(outOfOrder.url()))
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> counted.ended() && broken.ended());
            assertThat(counted.messageCount()).isEqualTo(3);
            assertThat(counted.lastMessageId()).isEqualTo(8);
            assertThat(counted.orderViolation()).isNull();
            assertThat(counted.events()).extracting(SseEvent::type).containsExactly("gap");
            assertThat(broken.orderViolation()).isEqualTo("id 3 after 1");
        }
    }

    @Test
    void shouldAwaitEventsAndReportARefusedStream() throws Exception
    {
        try (CannedStreamServer server = new CannedStreamServer(STREAM, true);
             SseClient client = SseClient.open(server.url()))
        {
            assertThat(client.awaitConnected().json()).containsEntry("type", "connection");
            assertThat(client.awaitEvents(SseEvent.MESSAGE, 3, Duration.ofSeconds(10))).hasSize(3);
            assertThat(client.ended()).isFalse();
        }
        try (SseClient refused = SseClient.open("http://127.0.0.1:9/stream"))
        {
            await().atMost(Duration.ofSeconds(10)).until(refused::ended);
            assertThat(refused.status()).isZero();
        }
    }
}
