package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.RawClient;
import io.tickertape.testkit.SampledLeakDetection;
import org.junit.jupiter.api.Test;

/**
 * One I/O thread, many streams catching up on a large backlog: while the loop drains them it must still answer a
 * request, and give a new stream its first frame, promptly. Before drains went in rounds that yield to the loop's
 * I/O, such a request waited for the whole backlog (a second and more).
 */
@SampledLeakDetection
class LoopFairnessTest
{
    private static final int BACKLOG = 100_000;
    private static final int STREAMS = 20;
    private static final int PROBES = 40;
    /** Generous: the design keeps a round near a millisecond; this machine is small and shared. */
    private static final long BOUND_MILLIS = 250;

    @Test
    void shouldAnswerRequestsAndNewStreamsWhileTheLoopDrainsABacklog() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture(
            new BusContext().historyCapacity(1 << 17),
            new ServerContext().ioThreads(1).heartbeatInterval(Duration.ofMinutes(1))))
        {
            fixture.publishAndAwait(EventType.ORDER, BACKLOG);
            final String resume = "/api/telemetry/stream?last_event_id=" + fixture.bus.epoch() + "-0";
            final List<Drainer> drainers = new ArrayList<>();
            try
            {
                for (int i = 0; i < STREAMS; i++)
                {
                    drainers.add(Drainer.start(fixture.port(), resume));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> drainers.stream().allMatch(d -> d.bytes.get() > 0));

                final long[] starts = new long[PROBES];
                final long[] nanos = new long[PROBES];
                for (int i = 0; i < PROBES; i++)
                {
                    starts[i] = System.nanoTime();
                    nanos[i] = i % 2 == 0 ? healthz(fixture.port()) : firstFrame(fixture.port());
                }

                // The drain is over when no stream has received anything for a while; probes after that do not count.
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> drainers.stream().allMatch(d -> System.nanoTime() - d.lastRead.get() > TimeUnit.MILLISECONDS.toNanos(500)));
                final long drainEnd = drainers.stream().mapToLong(d -> d.lastRead.get()).max().orElseThrow();
                final long[] during = new long[PROBES];
                int n = 0;
                for (int i = 0; i < PROBES; i++)
                {
                    if (starts[i] + nanos[i] <= drainEnd)
                    {
                        during[n++] = nanos[i];
                    }
                }
                final long[] measured = Arrays.copyOf(during, n);
                Arrays.sort(measured);
                System.out.printf("loop fairness: %d of %d probes during the drain; p50 %.1f ms, max %.1f ms; %d streams got %d bytes%n",
                    n, PROBES, n == 0 ? 0 : measured[n / 2] / 1e6, n == 0 ? 0 : measured[n - 1] / 1e6, STREAMS,
                    drainers.stream().mapToLong(d -> d.bytes.get()).sum());
                assertThat(n).as("probes made while the streams were catching up").isGreaterThanOrEqualTo(PROBES / 2);
                assertThat(measured[n - 1] / 1_000_000).as("slowest probe during the drain, ms").isLessThanOrEqualTo(BOUND_MILLIS);
                for (final Drainer d : drainers)
                {
                    assertThat(d.failure).as("a stream's read").isNull();
                    assertThat(d.bytes.get()).as("every stream caught up (at least 60 bytes an event)").isGreaterThan(60L * BACKLOG);
                }
            }
            finally
            {
                for (final Drainer d : drainers)
                {
                    d.close();
                }
            }
        }
    }

    /** A {@code /healthz} request on a new connection, until its whole response has arrived. */
    private static long healthz(final int port) throws IOException
    {
        final long start = System.nanoTime();
        assertThat(RawClient.request(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).startsWith("HTTP/1.1 200");
        return System.nanoTime() - start;
    }

    /** A new live stream on a new connection, until its first frame (the connection frame) has arrived. */
    private static long firstFrame(final int port) throws IOException
    {
        final long start = System.nanoTime();
        try (RawClient client = RawClient.connect(port))
        {
            client.timeout(Duration.ofSeconds(30)).send("GET /api/telemetry/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            while (!client.readLine().startsWith("event: connection"))
            {
                // the response's head and the chunk's size line
            }
            while (!client.readLine().isEmpty())
            {
                // the frame's id and data, up to the blank line that ends it
            }
        }
        return System.nanoTime() - start;
    }

    /** Reads a stream as fast as loopback allows and throws the bytes away, noting when it last got any. */
    private static final class Drainer implements Runnable, AutoCloseable
    {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong lastRead = new AtomicLong(System.nanoTime());
        private final RawClient client;
        private final Thread thread;
        volatile Throwable failure;
        private volatile boolean closing;

        private Drainer(final RawClient client)
        {
            this.client = client;
            this.thread = new Thread(this, "drainer");
            thread.setDaemon(true);
        }

        static Drainer start(final int port, final String path) throws IOException
        {
            final Drainer drainer = new Drainer(RawClient.connect(port).send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
            drainer.thread.start();
            return drainer;
        }

        @Override
        public void run()
        {
            final byte[] buffer = new byte[64 * 1024];
            try
            {
                for (int read; (read = client.read(buffer)) > 0; )
                {
                    bytes.addAndGet(read);
                    lastRead.set(System.nanoTime());
                }
            }
            catch (final IOException ex)
            {
                if (!closing)
                {
                    failure = ex;
                }
            }
        }

        @Override
        public void close() throws IOException, InterruptedException
        {
            closing = true;
            client.close();
            thread.join(5_000);
        }
    }
}
