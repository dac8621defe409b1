package io.tickertape.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RawSseStreamTest
{
    @Test
    void shouldSeeTheWireFormatAndParseByTheWhatwgRules() throws Exception
    {
        try (CannedStreamServer server = new CannedStreamServer(SseClientTest.STREAM.replace("id: 10\n", "id: 10\r"), false);
             RawSseStream stream = RawSseStream.open(server.port(), "/stream"))
        {
            await().atMost(Duration.ofSeconds(10)).until(stream::ended);
            assertThat(stream.failure()).isNull();
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.headers()).containsEntry("transfer-encoding", "chunked")
                .containsEntry("content-type", "text/event-stream; charset=utf-8");
            assertThat(stream.retry()).isEqualTo(1000);
            assertThat(stream.events()).extracting(SseEvent::type)
                .containsExactly("connection", "message", "message", "heartbeat", "gap", "message");
            assertThat(stream.events(SseEvent.MESSAGE)).extracting(SseEvent::data)
                .containsExactly("{\"seq\":4}", "{\"seq\":5}", "first line\nsecond line");
            assertThat(stream.events(SseEvent.MESSAGE).get(2).seq()).isEqualTo(10);
        }
    }

    @Test
    void shouldReadNothingUntilToldWhenStalled() throws Exception
    {
        try (CannedStreamServer server = new CannedStreamServer(SseClientTest.STREAM, true);
             RawSseStream stream = RawSseStream.stalled(server.port(), "/stream"))
        {
            assertThat(stream.status()).isZero();
            assertThat(stream.events()).isEmpty();
            stream.startReading();
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.events(SseEvent.MESSAGE).size() == 3);
            assertThat(stream.ended()).isFalse();
        }
    }

    @Test
    void shouldExchangeRawBytesAndReadOneResponse() throws Exception
    {
        try (CannedStreamServer server = new CannedStreamServer("data: x\n\n", false))
        {
            final String answer = RawClient.exchange(server.port(), "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n", Duration.ofSeconds(5));
            assertThat(answer).startsWith("HTTP/1.1 200").contains("data: x");
            assertThat(RawClient.request(server.port(), "BREW /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
        }
    }
}
