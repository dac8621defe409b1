package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.RawClient;
import io.tickertape.testkit.SseClient;
import org.junit.jupiter.api.Test;

/** Faults on either side leave the rest running, or shut down cleanly. */
class FaultsTest
{
    @Test
    void shouldKeepStreamingWhenAListenerThrows() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture();
             SseClient client = f.stream("/api/telemetry/stream"))
        {
            f.bus.addListener(head ->
            {
                throw new IllegalStateException("broken listener");
            });
            await().until(() -> f.server.subscriberCount() == 1);
            f.publishAndAwait(EventType.ORDER, 100);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events("message").size() == 100);
            assertThat(f.bus.stats().collectorErrors()).isPositive();
            assertThat(f.bus.isRunning()).isTrue();
        }
    }

    @Test
    void shouldKeepOtherProducersFlowingWhenAThreadDiesMidClaim() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture();
             SseClient client = f.stream("/api/telemetry/stream?event_type=order_event"))
        {
            await().until(() -> f.server.subscriberCount() == 1);
            final Producer doomed = f.bus.producer("doomed", 64);
            final Thread dying = new Thread(() ->
            {
                Events.order(doomed, "before", "S", "BUY", "new", 1, 1.0);
                final EventWriter open = doomed.claim(EventType.ORDER); // claimed, never committed
                open.put("order_id", "never");
                throw new IllegalStateException("engine thread dies holding a claim");
            });
            dying.setUncaughtExceptionHandler((t, e) -> { });
            dying.start();
            dying.join();

            final Producer healthy = f.bus.producer("healthy", 1024);
            for (int i = 0; i < 50; i++)
            {
                Events.order(healthy, "ok-" + i, "S", "BUY", "new", 1, 1.0);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events("message").size() == 51);
            assertThat(client.events("message")).noneMatch(e -> e.data().contains("\"never\""));
            assertThat(f.bus.isRunning()).isTrue();
        }
    }

    @Test
    void shouldDropAClientThatDisconnectsMidFrameAndServeTheOthers() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture(new BusContext().historyCapacity(100_000), new ServerContext());
             SseClient survivor = f.countingStream("/api/telemetry/stream"))
        {
            final RawClient rude = RawClient.connect(f.port()).send("GET /api/telemetry/stream HTTP/1.1\r\nHost: x\r\n\r\n");
            await().until(() -> f.server.subscriberCount() == 2);
            final AtomicBoolean publishing = new AtomicBoolean(true);
            final Thread publisher = new Thread(() ->
            {
                while (publishing.get())
                {
                    f.publish(EventType.ORDER);
                    Thread.onSpinWait();
                }
            });
            publisher.start();
            rude.readBytes(10_000 + 37); // part way through some frame
            rude.reset(); // reset, mid-frame
            await().atMost(Duration.ofSeconds(10)).until(() -> f.server.subscriberCount() == 1);
            final long seen = survivor.messageCount();
            await().atMost(Duration.ofSeconds(10)).until(() -> survivor.messageCount() > seen + 1000);
            publishing.set(false);
            publisher.join();
            assertThat(survivor.orderViolation()).isNull();
        }
    }

    @Test
    void shouldCloseFromManyThreadsAtOnceAndReturnOnlyOnceClosed() throws Exception
    {
        final int threads = 16;
        for (int round = 0; round < 10; round++)
        {
            try (TelemetryBus bus = TelemetryBus.launch(new BusContext()))
            {
                final TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0));
                final int port = server.port();
                try (SseClient client = SseClient.open(server.baseUrl() + "/api/telemetry/stream"))
                {
                    await().until(() -> server.subscriberCount() == 1);
                    final CountDownLatch go = new CountDownLatch(1);
                    final List<Throwable> failures = new CopyOnWriteArrayList<>();
                    final List<Thread> closers = new ArrayList<>();
                    for (int t = 0; t < threads; t++)
                    {
                        final Thread closer = new Thread(() ->
                        {
                            try
                            {
                                go.await();
                                server.close();
                                // Returned: the port is no longer listened on.
                                try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port))
                                {
                                    failures.add(new AssertionError("close() returned while the port still accepts"));
                                }
                                catch (final ConnectException expected)
                                {
                                    // refused: closed
                                }
                            }
                            catch (final Throwable ex)
                            {
                                failures.add(ex);
                            }
                        }, "closer-" + t);
                        closers.add(closer);
                        closer.start();
                    }
                    go.countDown();
                    for (final Thread closer : closers)
                    {
                        closer.join(30_000);
                        assertThat(closer.isAlive()).as(closer.getName() + " returned").isFalse();
                    }
                    assertThat(failures).as("round " + round).isEmpty();
                    await().atMost(Duration.ofSeconds(10)).until(client::ended);
                    assertThat(server.subscriberCount()).isZero();
                    server.close(); // and once more, later
                }
            }
        }
    }

    @Test
    void shouldCountAThrowInALoopsPeriodicTaskAndKeepTheLoopsHeartbeats() throws Exception
    {
        final List<Throwable> logged = new CopyOnWriteArrayList<>();
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().ioThreads(1).errorHandler(logged::add));
             SseClient healthy = f.stream("/api/telemetry/stream"))
        {
            await().until(() -> f.server.subscriberCount() == 1);
            final Channel healthyChannel = f.server.fanOut().subscribers().get(0).channel();
            try (SseClient faulty = f.stream("/api/telemetry/stream"))
            {
                await().until(() -> f.server.subscriberCount() == 2);
                final Channel faultyChannel = f.server.fanOut().subscribers().stream().map(SseSubscriber::channel)
                    .filter(c -> c != healthyChannel).findFirst().orElseThrow();
                assertThat(faultyChannel.eventLoop()).as("one loop serves both").isSameAs(healthyChannel.eventLoop());
                // The faulty stream's next heartbeat cannot get a buffer: its tick throws on the loop.
                faultyChannel.config().setAllocator(new FailingAllocator());

                await().atMost(Duration.ofSeconds(20)).until(() -> f.server.counters().value(TransportCounter.SSE_TASK_ERRORS) == 1);
                await().atMost(Duration.ofSeconds(20)).until(faulty::ended);
                final int beats = healthy.events("heartbeat").size();
                await().atMost(Duration.ofSeconds(20)).until(() -> healthy.events("heartbeat").size() >= beats + 3);
            }
            assertThat(healthy.ended()).isFalse();
            assertThat(f.server.subscriberCount()).isEqualTo(1);
            assertThat(logged).hasSize(1);
            assertThat(logged.get(0)).hasMessage("injected allocation failure");
            final Map<?, ?> sse = (Map<?, ?>)Json.object(f.get("/api/telemetry/stats").body()).get("sse");
            assertThat(sse.get("task_errors")).isEqualTo(1L);
            assertThat(f.get("/metrics").body()).contains("\ntickertape_sse_task_errors_total 1\n");
        }
    }

    @Test
    void shouldLogEachDistinctFailureOnceAndCountEveryOne() throws Exception
    {
        final List<Throwable> logged = Collections.synchronizedList(new ArrayList<>());
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().errorHandler(logged::add)))
        {
            // Every stats and metrics answer now fails inside the server, at the same frame.
            f.server.counters().gauge(TransportCounter.HEAP_USED, () ->
            {
                throw new IllegalStateException("injected gauge failure");
            });
            for (int i = 0; i < 5; i++)
            {
                assertThat(f.get("/api/telemetry/stats").statusCode()).isEqualTo(500);
                assertThat(f.get("/metrics").statusCode()).isEqualTo(500);
            }
            await().until(() -> f.server.counters().value(TransportCounter.ERRORS) == 10);
            // Distinct by class, message and stack trace: the failure through stats and through metrics is two causes,
            // each logged once however often it repeats.
            assertThat(logged).hasSize(2);
            assertThat(logged).allSatisfy(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                .hasMessage("injected gauge failure"));

            // Connections reset by their clients: each is a fault caught on its connection, all of one cause.
            for (int i = 1; i <= 5; i++)
            {
                try (RawClient client = RawClient.connect(f.port()))
                {
                    client.timeout(Duration.ofSeconds(10)).send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
                    client.reset();
                }
                final long expected = i;
                await().atMost(Duration.ofSeconds(10)).until(() -> f.server.counters().value(TransportCounter.EXCEPTIONS) == expected);
            }
            // Five resets, each counted, logged as one cause (two if the peer's reset met a read and a write).
            assertThat(logged.size() - 2).as("the resets' causes logged").isBetween(1, 2);
            assertThat(f.server.counters().value(TransportCounter.ERRORS)).isEqualTo(10);
            assertThat(f.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    /** An allocator whose every buffer fails, to make whatever allocates on a channel throw. */
    private static final class FailingAllocator extends AbstractByteBufAllocator
    {
        @Override
        protected ByteBuf newHeapBuffer(final int initialCapacity, final int maxCapacity)
        {
            throw new IllegalStateException("injected allocation failure");
        }

        @Override
        protected ByteBuf newDirectBuffer(final int initialCapacity, final int maxCapacity)
        {
            throw new IllegalStateException("injected allocation failure");
        }

        @Override
        public boolean isDirectBufferPooled()
        {
            return false;
        }
    }

    @Test
    void shouldCloseCleanlyUnderHeavyLoad() throws Exception
    {
        final TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(65_536));
        final TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0));
        final int port = server.port();
        final List<SseClient> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            clients.add(SseClient.counting(server.baseUrl() + "/api/telemetry/stream"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> server.subscriberCount() == 20);
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong attempted = new AtomicLong();
        final List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++)
        {
            final Producer producer = bus.producer("load-" + p, 4096);
            final Thread thread = new Thread(() ->
            {
                while (running.get())
                {
                    Events.order(producer, "L", "NIFTY", "BUY", "new", 1, 1.0);
                    attempted.incrementAndGet();
                    if ((attempted.get() & 63) == 0)
                    {
                        Thread.yield(); // flat out, but leave the 2 cores' scheduler room for the server and clients
                    }
                }
            });
            producers.add(thread);
            thread.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> clients.stream().allMatch(c -> c.messageCount() > 100));

        final long start = System.nanoTime();
        server.close();
        bus.close();
        final long closeMillis = (System.nanoTime() - start) / 1_000_000;
        running.set(false);
        for (final Thread thread : producers)
        {
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> clients.stream().allMatch(SseClient::ended));
        for (final SseClient client : clients)
        {
            assertThat(client.failure()).isNull();
            assertThat(client.orderViolation()).isNull();
            client.close();
        }
        // Tens of milliseconds here; with drains that ignore the close, busy loops held it up for 5 to 23 s.
        assertThat(closeMillis).as("close under load, ms").isLessThan(3_000);
        assertThat(bus.isRunning()).isFalse();
        assertThat(bus.stats().published() + bus.stats().dropped()).isEqualTo(attempted.get());
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress()))
        {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }
}
