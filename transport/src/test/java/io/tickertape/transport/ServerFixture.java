package io.tickertape.transport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.EventType;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;

/** A bus and a server on an ephemeral loopback port, with an HTTP client, for tests. */
final class ServerFixture implements AutoCloseable
{
    final TelemetryBus bus;
    final TelemetryServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Producer producer;
    private long n;

    ServerFixture(final BusContext busContext, final ServerContext serverContext) throws InterruptedException
    {
        bus = TelemetryBus.launch(busContext);
        server = TelemetryServer.start(bus, serverContext.port(0));
        producer = bus.producer("test", 1 << 16);
    }

    ServerFixture() throws InterruptedException
    {
        this(new BusContext().historyCapacity(10_000), new ServerContext());
    }

    int port()
    {
        return server.port();
    }

    /** Publish one event of the given type with payload {"n":<running count>} from the test thread. */
    void publish(final EventType type)
    {
        try (EventWriter e = producer.claim(type))
        {
            e.put("n", ++n);
        }
    }

    /** Publish {@code count} events and wait until all are in the history. */
    void publishAndAwait(final EventType type, final int count)
    {
        final long target = bus.history().head() + count;
        for (int i = 0; i < count; i++)
        {
            while (producer.depth() >= producer.ringSize() - 1)
            {
                Thread.onSpinWait();
            }
            publish(type);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> bus.history().head() >= target);
    }

    HttpResponse<String> get(final String pathAndQuery) throws IOException, InterruptedException
    {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
    }

    HttpResponse<String> send(final HttpRequest request) throws IOException, InterruptedException
    {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    URI uri(final String pathAndQuery)
    {
        return URI.create(server.baseUrl() + pathAndQuery);
    }

    @Override
    public void close()
    {
        server.close();
        bus.close();
    }
}
