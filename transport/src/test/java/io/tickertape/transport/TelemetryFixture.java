package io.tickertape.transport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.testkit.ServerFixture;

/** A bus and a server on an ephemeral loopback port, for tests: the kit's fixture plus publishing from the test thread. */
final class TelemetryFixture extends ServerFixture
{
    final TelemetryBus bus;
    final TelemetryServer server;
    private final Producer producer;
    private long n;

    TelemetryFixture(final BusContext busContext, final ServerContext serverContext) throws InterruptedException
    {
        this(TelemetryBus.launch(busContext), serverContext);
    }

    TelemetryFixture() throws InterruptedException
    {
        this(new BusContext().historyCapacity(10_000), new ServerContext());
    }

    private TelemetryFixture(final TelemetryBus bus, final ServerContext serverContext) throws InterruptedException
    {
        this(bus, TelemetryServer.start(bus, serverContext.port(0)));
    }

    private TelemetryFixture(final TelemetryBus bus, final ServerContext serverContext, final int port)
        throws InterruptedException
    {
        this(bus, TelemetryServer.start(bus, serverContext.port(port)));
    }

    /** A bus and a server on the given port: a second run of a server on the port of a first. */
    static TelemetryFixture onPort(final int port) throws InterruptedException
    {
        return new TelemetryFixture(TelemetryBus.launch(new BusContext().historyCapacity(10_000)), new ServerContext(), port);
    }

    private TelemetryFixture(final TelemetryBus bus, final TelemetryServer server)
    {
        super(server.baseUrl(), server, bus);
        this.bus = bus;
        this.server = server;
        producer = bus.producer("test", 1 << 16);
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
}
