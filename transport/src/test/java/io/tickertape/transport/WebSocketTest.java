package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import java.util.zip.Inflater;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.RawClient;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stream over a WebSocket, with OkHttp's client: messages, live subscription changes, resume, bad input, limits. */
class WebSocketTest
{
    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    private TelemetryFixture fixture;

    @AfterEach
    void close()
    {
        if (null != fixture)
        {
            fixture.close();
        }
        client.dispatcher().executorService().shutdownNow();
        client.connectionPool().evictAll();
    }

    /** What a WebSocket client received. */
    private static final class Received extends WebSocketListener
    {
        final List<Map<String, Object>> messages = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        volatile Response opened;
        volatile Response failedWith;
        volatile Throwable failure;
        volatile int closeCode;
        volatile String closeReason;

        @Override
        public void onOpen(final WebSocket socket, final Response response)
        {
            opened = response;
        }

        @Override
        public void onMessage(final WebSocket socket, final String text)
        {
            texts.add(text);
            messages.add(Json.object(text));
        }

        @Override
        public void onMessage(final WebSocket socket, final ByteString bytes)
        {
            throw new AssertionError("the server sends text only");
        }

        @Override
        public void onClosing(final WebSocket socket, final int code, final String reason)
        {
            closeCode = code;
            closeReason = reason;
            socket.close(1000, null);
        }

        @Override
        public void onFailure(final WebSocket socket, final Throwable t, final Response response)
        {
            failure = t;
            failedWith = response;
        }

        List<Map<String, Object>> ofType(final String type)
        {
            return messages.stream().filter(m -> type.equals(m.get("type"))).toList();
        }

        List<Map<String, Object>> events()
        {
            return messages.stream().filter(m -> m.containsKey("seq")).toList();
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> payload(final Map<String, Object> message)
        {
            return (Map<String, Object>)message.get("payload");
        }
    }

    private TelemetryFixture start(final ServerContext context) throws InterruptedException
    {
        fixture = new TelemetryFixture(new BusContext().historyCapacity(300_000), context);
        return fixture;
    }

    private WebSocket open(final String pathAndQuery, final Received received)
    {
        return client.newWebSocket(new Request.Builder().url(fixture.baseUrl().replace("http://", "ws://") + pathAndQuery).build(), received);
    }

    @Test
    void shouldStreamTheCollectorsJsonWithConnectionAndHeartbeatMessages() throws Exception
    {
        start(new ServerContext());
        fixture.publishAndAwait(EventType.ORDER, 3);
        final Received received = new Received();
        open("/api/telemetry/ws", received);
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.ofType("connection").isEmpty());
        final Map<String, Object> connection = received.ofType("connection").get(0);
        assertThat(Received.payload(connection)).containsEntry("status", "connected").containsEntry("starts_after", 3L);
        assertThat(connection.get("id")).isEqualTo(fixture.bus.epoch() + "-3");
        assertThat(received.opened.header("sec-websocket-extensions")).as("OkHttp offers permessage-deflate; it is agreed")
            .startsWith("permessage-deflate");

        fixture.publishAndAwait(EventType.ORDER, 50);
        fixture.publishAndAwait(EventType.SIGNAL, 50);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.events().size() == 100);
        assertThat(received.events()).extracting(e -> e.get("seq")).containsExactlyElementsOf(
            LongStream.rangeClosed(4, 103).boxed().toList());
        // Byte for byte what the events query returns: the collector's JSON, not re-encoded.
        final String query = fixture.get("/api/telemetry/events?after_seq=3&limit=100").body();
        for (final String text : received.texts)
        {
            if (text.contains("\"seq\":"))
            {
                assertThat(query).contains(text);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.ofType("heartbeat").isEmpty());
        final Map<String, Object> heartbeat = received.ofType("heartbeat").get(0);
        assertThat(heartbeat.get("id")).asString().startsWith(fixture.bus.epoch() + "-");
        assertThat(Received.payload(heartbeat)).containsKey("head_seq");
    }

    @Test
    void shouldChangeTheSubscriptionLiveWithoutReconnecting() throws Exception
    {
        start(new ServerContext());
        final Received received = new Received();
        final WebSocket socket = open("/api/telemetry/ws?event_type=order_event", received);
        await().atMost(Duration.ofSeconds(10)).until(() -> 1 == received.ofType("connection").size());
        fixture.publishAndAwait(EventType.ORDER, 5);
        fixture.publishAndAwait(EventType.SIGNAL, 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> 5 == received.events().size());
        assertThat(received.events()).allSatisfy(e -> assertThat(e).containsEntry("type", "order_event"));

        socket.send("{\"op\":\"subscribe\",\"event_type\":[\"signal_event\"]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> 2 == received.ofType("connection").size());
        assertThat(Received.payload(received.ofType("connection").get(1))).containsEntry("status", "subscribed")
            .containsEntry("event_type_filter", "signal_event");
        fixture.publishAndAwait(EventType.ORDER, 5);
        fixture.publishAndAwait(EventType.SIGNAL, 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> 12 == received.events().size());
        assertThat(received.events().subList(5, 12)).allSatisfy(e -> assertThat(e).containsEntry("type", "signal_event"));

        socket.send("{\"op\":\"unsubscribe\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> 3 == received.ofType("connection").size());
        assertThat(Received.payload(received.ofType("connection").get(2))).containsEntry("status", "unsubscribed");
        final long lastSeen = (Long)received.events().get(11).get("seq");
        fixture.publishAndAwait(EventType.SIGNAL, 4);

        // Resume from the last event seen: the four published while unsubscribed come, and nothing twice.
        socket.send("{\"op\":\"resume\",\"id\":\"" + fixture.bus.epoch() + "-" + lastSeen + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> 16 == received.events().size());
        assertThat(Received.payload(received.ofType("connection").get(3))).containsEntry("status", "resumed")
            .containsEntry("server_restarted", false);
        assertThat(received.events()).extracting(e -> e.get("seq")).doesNotHaveDuplicates();

        socket.send("{\"op\":\"resume\",\"id\":\"0badc0de-5\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> 1 == received.ofType("reset").size());
        assertThat(Received.payload(received.ofType("reset").get(0))).containsEntry("from_epoch", "0badc0de")
            .containsEntry("to_epoch", fixture.bus.epoch());
    }

    @Test
    void shouldAnswerBadMessagesWithAnErrorAndChangeNothing() throws Exception
    {
        start(new ServerContext());
        final Received received = new Received();
        final WebSocket socket = open("/api/telemetry/ws?event_type=order_event", received);
        await().atMost(Duration.ofSeconds(10)).until(() -> 1 == received.ofType("connection").size());
        final List<String> bad = List.of("not json", "[1,2]", "{\"op\":\"dance\"}", "{\"event_type\":\"order_event\"}",
            "{\"op\":\"subscribe\",\"colour\":\"red\"}", "{\"op\":\"subscribe\",\"symbol\":\"\"}", "{\"op\":\"subscribe\",\"event_type\":7}",
            "{\"op\":\"resume\"}", "{\"op\":\"resume\",\"id\":\"nope\"}", "{\"op\":\"subscribe\"} {\"op\":\"resume\"}");
        for (final String message : bad)
        {
            socket.send(message);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> bad.size() == received.ofType("error").size());
        assertThat(received.ofType("error")).extracting(e -> (String)Received.payload(e).get("message")).satisfiesExactly(
            m -> assertThat(m).startsWith("not JSON"),
            m -> assertThat(m).isEqualTo("a message must be a JSON object, such as {\"op\":\"subscribe\"}"),
            m -> assertThat(m).isEqualTo("unknown op 'dance' (subscribe, unsubscribe, resume)"),
            m -> assertThat(m).isEqualTo("a message needs an op: subscribe, unsubscribe or resume"),
            m -> assertThat(m).startsWith("unknown parameter 'colour'"),
            m -> assertThat(m).contains("symbol"),
            m -> assertThat(m).isEqualTo("event_type must be a string or an array of strings"),
            m -> assertThat(m).startsWith("resume needs an id"),
            m -> assertThat(m).startsWith("id must be"),
            m -> assertThat(m).isEqualTo("unexpected content after the JSON object"));
        fixture.publishAndAwait(EventType.SIGNAL, 3);
        fixture.publishAndAwait(EventType.ORDER, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> 3 == received.events().size());
        assertThat(received.events()).allSatisfy(e -> assertThat(e).containsEntry("type", "order_event"));
        assertThat(received.ofType("connection")).hasSize(1);
    }

    @Test
    void shouldCloseWith1009ForAnOversizedMessageAnd1003ForBinary() throws Exception
    {
        start(new ServerContext());
        final Received big = new Received();
        final WebSocket first = open("/api/telemetry/ws", big);
        await().atMost(Duration.ofSeconds(10)).until(() -> null != big.opened);
        first.send("{\"op\":\"subscribe\",\"symbol\":\"" + "x".repeat(5000) + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> 0 != big.closeCode || null != big.failure);
        assertThat(big.closeCode).isEqualTo(1009);

        final Received binary = new Received();
        final WebSocket second = open("/api/telemetry/ws", binary);
        await().atMost(Duration.ofSeconds(10)).until(() -> null != binary.opened);
        second.send(ByteString.of((byte)1, (byte)2));
        await().atMost(Duration.ofSeconds(10)).until(() -> 0 != binary.closeCode);
        assertThat(binary.closeCode).isEqualTo(1003);
        await().atMost(Duration.ofSeconds(10)).until(() -> 0 == fixture.server.fanOut().subscriberCount());
    }

    @Test
    void shouldRefuseWithoutTheTokenAndTakeItAsAParameter() throws Exception
    {
        start(new ServerContext().accessToken("a-token-of-at-least-16"));
        final Received refused = new Received();
        open("/api/telemetry/ws", refused);
        await().atMost(Duration.ofSeconds(10)).until(() -> null != refused.failure);
        assertThat(refused.failedWith.code()).isEqualTo(401);

        final Received allowed = new Received();
        open("/api/telemetry/ws?token=a-token-of-at-least-16", allowed);
        await().atMost(Duration.ofSeconds(10)).until(() -> 1 == allowed.ofType("connection").size());
    }

    @Test
    void shouldRefuseAPlainRequestAndCountSubscribersAgainstTheLimit() throws Exception
    {
        start(new ServerContext().maxSubscribers(1));
        final HttpResponse<String> plain = fixture.get("/api/telemetry/ws");
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(Json.object(plain.body()).get("error")).asString().startsWith("/api/telemetry/ws is a WebSocket");

        final Received first = new Received();
        open("/api/telemetry/ws", first);
        await().atMost(Duration.ofSeconds(10)).until(() -> 1 == first.ofType("connection").size());
        final Received second = new Received();
        open("/api/telemetry/ws", second);
        await().atMost(Duration.ofSeconds(10)).until(() -> null != second.failure);
        assertThat(second.failedWith.code()).isEqualTo(503);
    }

    private static final String UPGRADE_HEADERS = "Host: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    @Test
    void shouldRefuseAnUpgradeItCannotServeAndKeepNoSubscriberPlaceForIt() throws Exception
    {
        start(new ServerContext().maxSubscribers(1));
        try (RawClient peer = RawClient.connect(fixture.port()))
        {
            peer.timeout(Duration.ofSeconds(10));
            peer.send("GET /api/telemetry/ws HTTP/1.1\r\n" + UPGRADE_HEADERS + "Sec-WebSocket-Version: 12\r\n\r\n");
            final String refused = peer.readResponse();
            assertThat(refused).startsWith("HTTP/1.1 426 ").containsIgnoringCase("sec-websocket-version: 13");
            // The connection goes on as HTTP; each stream request on it takes the one place and gives it back.
            for (int i = 0; i < 3; i++)
            {
                peer.send("HEAD /api/telemetry/stream HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(peer.readResponse()).startsWith("HTTP/1.1 200 ");
            }
            peer.send("GET /api/telemetry/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertThat(peer.readResponse()).startsWith("HTTP/1.1 400 ").contains("Sec-WebSocket-Key");
            peer.send("GET /api/telemetry/ws?last_event_id=garbage HTTP/1.1\r\n" + UPGRADE_HEADERS + "Sec-WebSocket-Version: 13\r\n\r\n");
            assertThat(peer.readResponse()).startsWith("HTTP/1.1 400 ").contains("last_event_id");
        }
        // The one place is free: a client gets a stream, not 503.
        final Received client = new Received();
        open("/api/telemetry/ws", client);
        await().atMost(Duration.ofSeconds(10)).until(() -> 1 == client.ofType("connection").size() || null != client.failure);
        assertThat(client.failure).as("the stream after the refused upgrades").isNull();
    }

    @Test
    void shouldUpgradeARequestWhosePathIsPercentEncoded() throws Exception
    {
        start(new ServerContext());
        try (RawClient peer = RawClient.connect(fixture.port()))
        {
            peer.timeout(Duration.ofSeconds(10));
            peer.send("GET /api/telemetry/%77s?event_type=order_event HTTP/1.1\r\n" + UPGRADE_HEADERS + "Sec-WebSocket-Version: 13\r\n\r\n");
            assertThat(peer.readLine()).isEqualTo("HTTP/1.1 101 Switching Protocols");
        }
    }

    @Test
    void shouldAgreeToNoCompressionButPermessageDeflateOnTheServersWindow() throws Exception
    {
        start(new ServerContext());
        for (final String offer : List.of("permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_no_context_takeover",
            "x-webkit-deflate-frame", "deflate-frame"))
        {
            try (RawClient peer = RawClient.connect(fixture.port()))
            {
                peer.timeout(Duration.ofSeconds(10));
                peer.send("GET /api/telemetry/ws HTTP/1.1\r\n" + UPGRADE_HEADERS + "Sec-WebSocket-Version: 13\r\n" +
                    "Sec-WebSocket-Extensions: " + offer + "\r\n\r\n");
                final String head = peer.readResponse();
                assertThat(head).as(offer).startsWith("HTTP/1.1 101 ").doesNotContainIgnoringCase("sec-websocket-extensions");
            }
        }
    }

    @Test
    void shouldCloseAPeerThatAnswersNoPing() throws Exception
    {
        start(new ServerContext().webSocketPingInterval(Duration.ofMillis(200)));
        try (RawClient peer = RawClient.connect(fixture.port()))
        {
            peer.timeout(Duration.ofSeconds(10));
            peer.send("GET /api/telemetry/ws?event_type=none HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            final StringBuilder seen = new StringBuilder();
            final byte[] buffer = new byte[4096];
            // It never answers a ping: within a second or so the server closes (its close frame, then the end).
            for (int n = peer.read(buffer); n > 0; n = peer.read(buffer))
            {
                seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 101 Switching Protocols").contains("no pong");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> 0 == fixture.server.fanOut().subscriberCount());
    }

    @Test
    void shouldCompressEventsWhenTheClientAgreesToPermessageDeflate() throws Exception
    {
        start(new ServerContext());
        for (final boolean offered : new boolean[] {true, false})
        {
            try (RawClient peer = RawClient.connect(fixture.port()))
            {
                peer.timeout(Duration.ofSeconds(10));
                peer.send("GET /api/telemetry/ws?event_type=order_event HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                    (offered ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "") + "\r\n");
                final StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n"))
                {
                    head.append((char)peer.read());
                }
                assertThat(head.toString().toLowerCase(Locale.ROOT).contains("sec-websocket-extensions: permessage-deflate"))
                    .isEqualTo(offered);
                // Frames until the event's: the connection message comes first, uncompressed either way, and the
                // event is published once it has come (the subscriber follows from then).
                long seq = -1;
                Object expected = null;
                while (true)
                {
                    final int first = peer.read();
                    assertThat(first).as("a frame").isNotNegative();
                    int length = peer.read() & 0x7f;
                    if (126 == length)
                    {
                        length = (peer.read() << 8) | peer.read();
                    }
                    final byte[] payload = peer.readBytes(length);
                    final boolean compressed = 0 != (first & 0x40);
                    final String text = compressed ? inflate(payload) : new String(payload, StandardCharsets.UTF_8);
                    if (text.startsWith("{\"type\":\"connection\"") && seq < 0)
                    {
                        fixture.publishAndAwait(EventType.ORDER, 1);
                        seq = fixture.bus.history().head();
                        expected = ((List<?>)Json.object(fixture.get("/api/telemetry/events?after_seq=" + (seq - 1)).body()).get("events")).get(0);
                    }
                    else if (text.contains("\"seq\":" + seq + ","))
                    {
                        assertThat(compressed).as("the event compressed").isEqualTo(offered);
                        assertThat(Json.object(text)).isEqualTo(expected);
                        break;
                    }
                    assertThat(compressed).as("only events are compressed: %s", text).isFalse();
                }
            }
        }
    }

    @Test
    void shouldOfferCompressionToAtMostTheConfiguredConnections() throws Exception
    {
        start(new ServerContext().webSocketDeflateConnections(1));
        final Received first = new Received();
        open("/api/telemetry/ws", first);
        await().atMost(Duration.ofSeconds(10)).until(() -> 1 == first.ofType("connection").size());
        final Received second = new Received();
        open("/api/telemetry/ws", second);
        await().atMost(Duration.ofSeconds(10)).until(() -> 1 == second.ofType("connection").size());
        assertThat(first.opened.header("sec-websocket-extensions")).startsWith("permessage-deflate");
        assertThat(second.opened.header("sec-websocket-extensions")).as("the one place is taken").isNull();
        fixture.publishAndAwait(EventType.ORDER, 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> 20 == first.events().size() && 20 == second.events().size());
        assertThat(first.texts.stream().filter(t -> t.contains("\"seq\":")).toList())
            .isEqualTo(second.texts.stream().filter(t -> t.contains("\"seq\":")).toList());
    }

    @Test
    void shouldSayGapWhenALaggingClientIsLapped() throws Exception
    {
        fixture = new TelemetryFixture(new BusContext().historyCapacity(1024), new ServerContext());
        try (RawClient peer = RawClient.connect(fixture.port()))
        {
            peer.timeout(Duration.ofSeconds(10));
            peer.send("GET /api/telemetry/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            final StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n"))
            {
                head.append((char)peer.read());
            }
            assertThat(readText(peer)).startsWith("{\"type\":\"connection\"");
            // The client reads nothing while 50,000 events pass a history of 1,024: it is lapped.
            for (int i = 0; i < 50; i++)
            {
                fixture.publishAndAwait(EventType.ORDER, 1_000);
            }
            long lastSeq = 0;
            Map<String, Object> gap = null;
            while (lastSeq < 50_000)
            {
                final Map<String, Object> message = Json.object(readText(peer));
                if ("gap".equals(message.get("type")))
                {
                    gap = message;
                    final Map<String, Object> range = Received.payload(message);
                    assertThat((Long)range.get("from_seq")).isEqualTo(lastSeq + 1);
                    lastSeq = (Long)range.get("to_seq");
                    assertThat(message.get("id")).isEqualTo(fixture.bus.epoch() + "-" + lastSeq);
                }
                else if (message.containsKey("seq"))
                {
                    assertThat(message.get("seq")).as("in order, nothing missed without a gap").isEqualTo(lastSeq + 1);
                    lastSeq = (Long)message.get("seq");
                }
            }
            assertThat(gap).as("a gap said what was missed").isNotNull();
        }
    }

    /** One uncompressed text message of the server's. */
    private static String readText(final RawClient peer) throws Exception
    {
        final int first = peer.read();
        assertThat(first).as("a final text frame").isEqualTo(0x81);
        int length = peer.read() & 0x7f;
        if (126 == length)
        {
            length = (peer.read() << 8) | peer.read();
        }
        return new String(peer.readBytes(length), StandardCharsets.UTF_8);
    }

    private static String inflate(final byte[] payload) throws Exception
    {
        final Inflater inflater = new Inflater(true);
        final byte[] input = Arrays.copyOf(payload, payload.length + 4);
        input[payload.length + 2] = (byte)0xff;
        input[payload.length + 3] = (byte)0xff;
        inflater.setInput(input);
        final byte[] out = new byte[65_536];
        final int n = inflater.inflate(out);
        inflater.end();
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void shouldCutOffAClientThatDoesNotRead() throws Exception
    {
        start(new ServerContext().stalledClientTimeout(Duration.ofSeconds(1)).webSocketPingInterval(Duration.ofSeconds(60)));
        try (RawClient peer = RawClient.connect(fixture.port()))
        {
            peer.send("GET /api/telemetry/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> 1 == fixture.server.fanOut().subscriberCount());
            for (int i = 0; i < 30 && 0 == fixture.server.counters().value(TransportCounter.STALLED_DISCONNECTS); i++)
            {
                fixture.publishAndAwait(EventType.ORDER, 10_000); // until the socket buffers are full and it stalls
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> 1 == fixture.server.counters().value(TransportCounter.STALLED_DISCONNECTS));
            await().atMost(Duration.ofSeconds(10)).until(() -> 0 == fixture.server.fanOut().subscriberCount());
        }
    }
}
