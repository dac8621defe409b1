package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.tickertape.bus.Json;
import io.tickertape.bus.EventType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stream as a third-party SSE client (OkHttp's) sees it. */
class OkHttpSseClientTest
{
    private final ServerFixture fixture;
    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();

    OkHttpSseClientTest() throws InterruptedException
    {
        fixture = new ServerFixture();
    }

    @AfterEach
    void close()
    {
        fixture.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private record Received(String id, String type, String data)
    {
    }

    private EventSource open(final String pathAndQuery, final Map<String, String> headers, final List<Received> received)
    {
        final Request.Builder request = new Request.Builder().url(fixture.uri(pathAndQuery).toString());
        headers.forEach(request::header);
        return EventSources.createFactory(client).newEventSource(request.build(), new EventSourceListener()
        {
            @Override
            public void onEvent(final EventSource source, final String id, final String type, final String data)
            {
                received.add(new Received(id, type, data));
            }

            @Override
            public void onFailure(final EventSource source, final Throwable t, final Response response)
            {
                received.add(new Received(null, "failure", String.valueOf(t)));
            }
        });
    }

    @Test
    void shouldBeReadableByOkHttpEventSource()
    {
        final List<Received> received = new CopyOnWriteArrayList<>();
        final EventSource source = open("/api/telemetry/stream?event_type=order_event", Map.of(), received);
        try
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(r -> "connection".equals(r.type())));
            for (int i = 0; i < 50; i++)
            {
                fixture.publish(i % 2 == 0 ? EventType.ORDER : EventType.SIGNAL);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> messages(received).size() == 25);
            final List<Received> messages = messages(received);
            long previous = 0;
            for (final Received r : messages)
            {
                final long id = Long.parseLong(r.id());
                assertThat(id).isGreaterThan(previous);
                previous = id;
                assertThat(Json.object(r.data())).containsEntry("type", "order_event").containsEntry("seq", id);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> received.stream().anyMatch(r -> "heartbeat".equals(r.type())));
            assertThat(received).noneMatch(r -> "failure".equals(r.type()));
        }
        finally
        {
            source.cancel();
        }
    }

    @Test
    void shouldResumeFromLastEventIdWithOkHttp()
    {
        fixture.publishAndAwait(EventType.ORDER, 30);
        final List<Received> received = new CopyOnWriteArrayList<>();
        final EventSource source = open("/api/telemetry/stream", Map.of("Last-Event-ID", "20"), received);
        try
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> messages(received).size() == 10);
            assertThat(messages(received)).extracting(Received::id)
                .containsExactly("21", "22", "23", "24", "25", "26", "27", "28", "29", "30");
        }
        finally
        {
            source.cancel();
        }
    }

    private static List<Received> messages(final List<Received> received)
    {
        return received.stream().filter(r -> null == r.type()).toList();
    }
}
