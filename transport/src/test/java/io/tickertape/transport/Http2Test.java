package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 over TLS: many streams and requests on one connection, served by the same handlers as HTTP/1.1. */
class Http2Test
{
    @TempDir
    Path dir;
    private TestTls tls;
    private OkHttpClient client;
    private TelemetryFixture fixture;
    private final List<EventSource> sources = new CopyOnWriteArrayList<>();

    @BeforeEach
    void tls() throws Exception
    {
        tls = TestTls.in(dir);
        final Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(200);
        dispatcher.setMaxRequestsPerHost(200);
        client = new OkHttpClient.Builder().sslSocketFactory(tls.clientContext.getSocketFactory(), tls.trustManager)
            .dispatcher(dispatcher).readTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void close()
    {
        sources.forEach(EventSource::cancel);
        if (null != fixture)
        {
            fixture.close();
        }
        client.dispatcher().executorService().shutdownNow();
        client.connectionPool().evictAll();
    }

    private TelemetryFixture start(final ServerContext context) throws InterruptedException
    {
        fixture = new TelemetryFixture(new BusContext().historyCapacity(100_000), context.tls(tls.keyStore, TestTls.PASSWORD));
        return fixture;
    }

    private Response get(final String pathAndQuery) throws Exception
    {
        return client.newCall(new Request.Builder().url(fixture.server.baseUrl() + pathAndQuery).build()).execute();
    }

    /** A stream's events as its client saw them, and the protocol it was served over. */
    private static final class Stream extends EventSourceListener
    {
        final ConcurrentLinkedQueue<String> data = new ConcurrentLinkedQueue<>();
        volatile Protocol protocol;
        volatile String transferEncoding = "unset";
        final AtomicLong connections = new AtomicLong();
        volatile Throwable failure;

        @Override
        public void onOpen(final EventSource source, final Response response)
        {
            protocol = response.protocol();
            transferEncoding = response.header("transfer-encoding");
        }

        @Override
        public void onEvent(final EventSource source, final String id, final String type, final String data)
        {
            if ("connection".equals(type))
            {
                connections.incrementAndGet();
            }
            else if (null == type)
            {
                this.data.add(data);
            }
        }

        @Override
        public void onFailure(final EventSource source, final Throwable t, final Response response)
        {
            failure = null == t ? new IllegalStateException("status " + (null == response ? "none" : response.code())) : t;
        }
    }

    private Stream open(final String pathAndQuery)
    {
        final Stream stream = new Stream();
        sources.add(EventSources.createFactory(client).newEventSource(
            new Request.Builder().url(fixture.server.baseUrl() + pathAndQuery).build(), stream));
        return stream;
    }

    @Test
    void shouldServeTwentyStreamsAndRequestsAtOnceOverOneConnection() throws Exception
    {
        start(new ServerContext());
        final List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            streams.add(open(0 == i % 2 ? "/api/telemetry/stream" : "/api/telemetry/stream?event_type=order_event"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> streams.stream().allMatch(s -> 1 == s.connections.get()));
        assertThat(streams).allSatisfy(s ->
        {
            assertThat(s.protocol).isEqualTo(Protocol.HTTP_2);
            assertThat(s.transferEncoding).as("no transfer-encoding over h2").isNull();
        });

        fixture.publishAndAwait(EventType.ORDER, 300);
        fixture.publishAndAwait(EventType.SIGNAL, 200);
        for (int i = 0; i < 20; i++)
        {
            try (Response events = get("/api/telemetry/events?limit=50"))
            {
                assertThat(events.protocol()).isEqualTo(Protocol.HTTP_2);
                assertThat(events.code()).isEqualTo(200);
                assertThat(events.header("transfer-encoding")).isNull();
                assertThat(Json.object(events.body().string())).containsEntry("count", 50L);
            }
        }
        for (int i = 0; i < 20; i++)
        {
            final Stream s = streams.get(i);
            final int expected = 0 == i % 2 ? 500 : 300;
            await().atMost(Duration.ofSeconds(30)).until(() -> s.data.size() >= expected);
            assertThat(s.data).hasSize(expected);
            assertThat(s.failure).isNull();
        }
        try (Response head = client.newCall(new Request.Builder().url(fixture.server.baseUrl() + "/api/telemetry/stats").head().build()).execute())
        {
            assertThat(head.code()).isEqualTo(200);
        }
        final Map<String, Object> stats = Json.object(get("/api/telemetry/stats").body().string());
        @SuppressWarnings("unchecked")
        final Map<String, Object> http = (Map<String, Object>)stats.get("http");
        assertThat(http).as("one connection carried every stream and request").containsEntry("connections", 1L);
        @SuppressWarnings("unchecked")
        final Map<String, Object> sse = (Map<String, Object>)stats.get("sse");
        assertThat(sse).containsEntry("subscribers", 20L);
    }

    @Test
    void shouldAnswerErrorsAndTheStreamLimitPerStream() throws Exception
    {
        start(new ServerContext().maxSubscribers(2));
        try (Response bad = get("/api/telemetry/events?limit=0"))
        {
            assertThat(bad.protocol()).isEqualTo(Protocol.HTTP_2);
            assertThat(bad.code()).isEqualTo(400);
            assertThat(Json.object(bad.body().string())).containsEntry("error", "limit must be an integer from 1 to 1000, got 0");
        }
        try (Response missing = get("/nowhere"))
        {
            assertThat(missing.code()).isEqualTo(404);
        }
        final Stream first = open("/api/telemetry/stream");
        final Stream second = open("/api/telemetry/stream");
        await().atMost(Duration.ofSeconds(30)).until(() -> 1 == first.connections.get() && 1 == second.connections.get());
        final Stream third = open("/api/telemetry/stream");
        await().atMost(Duration.ofSeconds(30)).until(() -> null != third.failure);
        assertThat(third.failure).hasMessage("status 503");
        fixture.publishAndAwait(EventType.ORDER, 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> 10 == first.data.size() && 10 == second.data.size());
        try (Response ok = get("/healthz"))
        {
            assertThat(ok.code()).as("the connection goes on after the refused stream").isEqualTo(200);
        }
    }

    @Test
    void shouldStillServeHttp11OnTheSamePort() throws Exception
    {
        start(new ServerContext());
        fixture.publishAndAwait(EventType.ORDER, 5);
        final OkHttpClient http11 = client.newBuilder().protocols(List.of(Protocol.HTTP_1_1)).build();
        try (Response events = http11.newCall(new Request.Builder().url(fixture.server.baseUrl() + "/api/telemetry/events").build()).execute())
        {
            assertThat(events.protocol()).isEqualTo(Protocol.HTTP_1_1);
            assertThat(Json.object(events.body().string())).containsEntry("count", 5L);
        }
        final TelemetryFixture first = fixture;
        first.close();
        fixture = null;
        // With HTTP/2 off, a TLS port speaks HTTP/1.1 only.
        start(new ServerContext().http2(false));
        try (Response events = get("/healthz"))
        {
            assertThat(events.protocol()).isEqualTo(Protocol.HTTP_1_1);
        }
    }
}
