package io.tickertape.transport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;

/**
 * A server that restarts the way an operator restarts one: a bus and a server on a fixed loopback port, stopped, then
 * a new bus (a new run, so a new epoch) and server on the same port, while clients stay connected to the address.
 */
final class RestartingServer implements AutoCloseable
{
    private final int port;
    private final Set<String> corsOrigins;
    private TelemetryBus bus;
    private TelemetryServer server;
    private Producer producer;
    private long n;

    /**
     * A server address on a free loopback port, not yet running.
     *
     * @param corsOrigins the origins whose pages may read it (CORS), in every run.
     */
    RestartingServer(final Set<String> corsOrigins) throws IOException
    {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            this.port = probe.getLocalPort();
        }
        this.corsOrigins = corsOrigins;
    }

    /**
     * Start a new run: a new bus and a server for it on the port.
     *
     * @return the run's epoch.
     */
    String start() throws InterruptedException
    {
        bus = TelemetryBus.launch(new BusContext().historyCapacity(1024));
        server = TelemetryServer.start(bus, new ServerContext().port(port).corsOrigins(corsOrigins));
        producer = bus.producer("test", 1024);
        n = 0;
        return bus.epoch();
    }

    /** Publish {@code count} order events and wait until the history holds them. */
    void publish(final int count)
    {
        final long target = bus.history().head() + count;
        for (int i = 0; i < count; i++)
        {
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                e.put("n", ++n);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> bus.history().head() >= target);
    }

    /** Stop the run: the server (its streams end), then the bus. */
    void stop()
    {
        try
        {
            server.close();
        }
        finally
        {
            bus.close();
            server = null;
            bus = null;
        }
    }

    /** A URL on the server, whichever run is serving it. */
    String url(final String pathAndQuery)
    {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    @Override
    public void close()
    {
        if (null != server)
        {
            stop();
        }
    }
}
