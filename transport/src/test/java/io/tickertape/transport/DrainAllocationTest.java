package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.management.ThreadMXBean;
import io.netty.util.ResourceLeakDetector;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.LeakDetection;
import io.tickertape.testkit.SseClient;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steady-state allocation of the collect and SSE (and WebSocket) drain paths: none per event, measured with the JVM's per-thread allocation
 * counters on the collector thread and the server's event loop threads while events stream to a subscriber.
 */
class DrainAllocationTest
{
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final int EVENTS = 200_000;
    private static final int WARM_UP_ROUNDS = 6;

    @BeforeAll
    static void measureWithoutLeakTracking()
    {
        // Leak tracking records every buffer access: it would be what this test measures.
        LeakDetection.level(ResourceLeakDetector.Level.DISABLED);
    }

    @AfterAll
    static void restoreLeakTracking()
    {
        LeakDetection.level(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void shouldStreamWithoutAllocatingOnTheCollectorOrTheEventLoops() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture(new BusContext().historyCapacity(262_144), new ServerContext().ioThreads(1));
             SseClient client = fixture.countingStream("/api/telemetry/stream"))
        {
            await().until(() -> fixture.server.subscriberCount() == 1);
            for (int round = 1; round <= WARM_UP_ROUNDS; round++) // warm up: JIT, pools, buffer growth
            {
                fixture.publishAndAwait(EventType.ORDER, EVENTS);
                final long target = (long)round * EVENTS;
                await().atMost(Duration.ofSeconds(60)).until(() -> client.lastMessageId() >= target);
            }
            final long collectorBefore = allocated("tickertape-collector");
            final long ioBefore = allocated("tickertape-io");
            fixture.publishAndAwait(EventType.ORDER, EVENTS);
            await().atMost(Duration.ofSeconds(60)).until(() -> client.lastMessageId() >= (WARM_UP_ROUNDS + 1L) * EVENTS);
            final long collector = allocated("tickertape-collector") - collectorBefore;
            final long io = allocated("tickertape-io") - ioBefore;

            System.out.printf("allocation per event: collector %.3f B, event loops %.3f B%n",
                collector / (double)EVENTS, io / (double)EVENTS);
            assertThat(client.orderViolation()).isNull();
            // Nothing is allocated per event: one String per frame would be 24+ bytes an event. What remains is
            // a few hundred bytes to a few tens of KB per run in all, from Netty's task queue chunks and buffer
            // pool bookkeeping, well under a byte an event.
            assertThat(collector / (double)EVENTS).as("collector bytes per event").isLessThan(1.0);
            assertThat(io / (double)EVENTS).as("event loop bytes per event").isLessThan(1.0);
        }
    }

    @Test
    void shouldStreamOverAWebSocketWithoutAllocatingOnTheEventLoops() throws Exception
    {
        final OkHttpClient client = new OkHttpClient();
        final AtomicLong lastSeq = new AtomicLong();
        final Pattern seq = Pattern.compile("^\\{\"seq\":(\\d+),");
        try (TelemetryFixture fixture = new TelemetryFixture(new BusContext().historyCapacity(262_144), new ServerContext().ioThreads(1)))
        {
            final WebSocket socket = client.newWebSocket(new Request.Builder().url(fixture.baseUrl().replace("http://", "ws://") +
                "/api/telemetry/ws").build(), new WebSocketListener()
                {
                    @Override
                    public void onMessage(final WebSocket webSocket, final String text)
                    {
                        final Matcher m = seq.matcher(text);
                        if (m.find())
                        {
                            lastSeq.set(Long.parseLong(m.group(1)));
                        }
                    }
                });
            final long io = eventLoopBytes(fixture, lastSeq);
            System.out.printf("allocation per event over a WebSocket: event loops %.3f B%n", io / (double)EVENTS);
            assertThat(io / (double)EVENTS).as("event loop bytes per event").isLessThan(1.0);
            socket.close(1000, null);
        }
        finally
        {
            client.dispatcher().executorService().shutdownNow();
            client.connectionPool().evictAll();
        }
    }

    @Test
    void shouldStreamOverHttp2WithLessThanAnObjectAnEventOnTheEventLoops(@TempDir final Path dir) throws Exception
    {
        final TestTls tls = TestTls.in(dir);
        final OkHttpClient client = new OkHttpClient.Builder().sslSocketFactory(tls.clientContext.getSocketFactory(), tls.trustManager)
            .readTimeout(Duration.ofSeconds(60)).build();
        final AtomicLong lastSeq = new AtomicLong();
        try (TelemetryFixture fixture = new TelemetryFixture(new BusContext().historyCapacity(262_144),
            new ServerContext().ioThreads(1).tls(tls.keyStore, TestTls.PASSWORD)))
        {
            final EventSource source = EventSources.createFactory(client).newEventSource(
                new Request.Builder().url(fixture.server.baseUrl() + "/api/telemetry/stream").build(), new EventSourceListener()
                {
                    @Override
                    public void onOpen(final EventSource eventSource, final Response response)
                    {
                        assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
                    }

                    @Override
                    public void onEvent(final EventSource eventSource, final String id, final String type, final String data)
                    {
                        if (null == type && null != id)
                        {
                            lastSeq.set(Long.parseLong(id.substring(id.indexOf('-') + 1)));
                        }
                    }
                });
            final long io = eventLoopBytes(fixture, lastSeq);
            System.out.printf("allocation per event over HTTP/2: event loops %.3f B%n", io / (double)EVENTS);
            // Not zero: the JDK's TLS engine allocates cipher state for each record it encrypts, and Netty's HTTP/2
            // codec a few objects for each DATA frame (one per drained chunk of frames, not per event). Measured at
            // 17 B an event (JFR allocation samples name both); one object per event would be 32 B or more.
            assertThat(io / (double)EVENTS).as("event loop bytes per event over HTTP/2 and TLS").isLessThan(32.0);
            source.cancel();
        }
        finally
        {
            client.dispatcher().executorService().shutdownNow();
            client.connectionPool().evictAll();
        }
    }

    /**
     * Warm up with {@value #WARM_UP_ROUNDS} rounds of {@value #EVENTS} events, then measure one more: what the event
     * loops allocated while its events reached the client (whose last sequence seen is {@code lastSeq}).
     */
    private static long eventLoopBytes(final TelemetryFixture fixture, final AtomicLong lastSeq)
    {
        await().until(() -> fixture.server.subscriberCount() == 1);
        for (int round = 1; round <= WARM_UP_ROUNDS; round++)
        {
            fixture.publishAndAwait(EventType.ORDER, EVENTS);
            final long target = (long)round * EVENTS;
            await().atMost(Duration.ofSeconds(60)).until(() -> lastSeq.get() >= target);
        }
        final long ioBefore = allocated("tickertape-io");
        fixture.publishAndAwait(EventType.ORDER, EVENTS);
        await().atMost(Duration.ofSeconds(60)).until(() -> lastSeq.get() >= (WARM_UP_ROUNDS + 1L) * EVENTS);
        return allocated("tickertape-io") - ioBefore;
    }

    private static long allocated(final String threadNamePrefix)
    {
        long total = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith(threadNamePrefix))
            {
                total += THREADS.getThreadAllocatedBytes(thread.getId());
            }
        }
        return total;
    }
}
