package io.tickertape.bench.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.PooledByteBufAllocator;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * SSE fan-out over loopback: a bus and a {@link TelemetryServer} in this process, N streaming clients (Netty), and a
 * publisher at a fixed rate whose events carry their intended send time. Prints the frames per second delivered to
 * all clients together, publish-to-client latency (from the intended send time), the process's resident memory
 * (server and clients together) and the server's pooled direct memory (the clients use an allocator of their own).
 * The measurement runs twice: with the N clients, then again after one more client has connected and stopped
 * reading; the healthy clients' figures should not move. Each window starts once every client is within 100 ms
 * of the stream's head (or after 20 s, if they cannot), and says how far the slowest client was behind.
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.tickertape.bench.harness.FanOutHarness [clients=100] [rate/s=1000] [seconds=10] [warmupSeconds=3]
 * </pre>
 * Clients, server and publisher share the machine: on a small one the figures are the machine's, not the server's.
 */
public final class FanOutHarness
{
    private static final Pattern STATS_FIGURES = Pattern.compile("\"(streams_opened|gaps|stalled_disconnects)\":(\\d+)");

    private FanOutHarness()
    {
    }

    /** A fixed-rate publisher on its own thread. */
    static final class Publisher implements Runnable
    {
        private final Producer producer;
        private final long intervalNanos;
        volatile boolean running = true;
        volatile long published;

        Publisher(final Producer producer, final long rate)
        {
            this.producer = producer;
            this.intervalNanos = Math.max(1, 1_000_000_000L / rate);
        }

        @Override
        public void run()
        {
            final long start = System.nanoTime();
            long count = 0;
            for (long i = 0; running; i++)
            {
                final long intended = start + i * intervalNanos;
                long now;
                while ((now = System.nanoTime()) < intended)
                {
                    final long wait = intended - now;
                    if (wait > 200_000)
                    {
                        LockSupport.parkNanos(wait - 100_000);
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                }
                try (EventWriter e = producer.claim(EventType.ORDER))
                {
                    e.put("order_id", "PAPER-0001").put("symbol", "NIFTY").put("side", "BUY").put("status", "filled")
                        .put("qty", 50).put("price", 19_755.0).put("t_ns", intended);
                    if (e.isAccepted())
                    {
                        count++;
                    }
                }
                published = count;
            }
        }
    }

    /** What one measured window saw. */
    record Window(double framesPerSecond, Histogram latency, long rssKib, long serverDirectBytes, int subscribers,
                  long behindAtStart, long behindAtEnd)
    {
        String describe()
        {
            return String.format("%,.0f frames/s delivered, publish->client %s, RSS %,d KiB, server pooled direct %,d KiB, " +
                "%d subscribers, slowest client behind by %d events at start, %d at end",
                framesPerSecond, Percentiles.micros(latency), rssKib, serverDirectBytes / 1024, subscribers,
                behindAtStart, behindAtEnd);
        }
    }

    /**
     * Run the harness.
     *
     * @param args clients, rate (events/s), seconds per window, warm-up seconds.
     * @throws Exception if the server cannot start or a client cannot connect.
     */
    public static void main(final String[] args) throws Exception
    {
        final int clients = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        final long rate = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        final double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        final double warmupSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 3;
        if (clients < 1 || rate < 1 || seconds <= 0 || warmupSeconds < 0)
        {
            throw new IllegalArgumentException("usage: FanOutHarness [clients] [rate/s] [seconds] [warmupSeconds]");
        }

        final LongAdder frames = new LongAdder();
        final Recorder latency = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        final List<SseLoadClient> sseClients = new ArrayList<>();
        final SseLoadClients loads = new SseLoadClients(Math.max(1, Runtime.getRuntime().availableProcessors()));
        Socket stalled = null;
        Thread publisherThread = null;
        Publisher publisher = null;
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1 << 17));
             TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0)))
        {
            for (int i = 0; i < clients; i++)
            {
                sseClients.add(loads.connect(server.port(), 0, frames, latency));
            }
            awaitSubscribers(server, clients, sseClients);

            publisher = new Publisher(bus.producer("fanout", 1 << 16), rate);
            publisherThread = new Thread(publisher, "publisher");
            publisherThread.setDaemon(true);
            publisherThread.start();
            Thread.sleep((long)(warmupSeconds * 1000));

            System.out.printf("FanOutHarness: %d clients, %d events/s, %.1f s windows after %.1f s warm-up, server %s, clients %s, %d cores%n",
                clients, rate, seconds, warmupSeconds, server.isEpoll() ? "epoll" : "nio", loads.isEpoll() ? "epoll" : "nio",
                Runtime.getRuntime().availableProcessors());
            final Window healthy = measure(bus, server, sseClients, frames, latency, seconds, rate);
            System.out.println("without stalled client: " + healthy.describe());

            stalled = connectStalled(server.port());
            awaitSubscribers(server, clients + 1, sseClients);
            Thread.sleep((long)(warmupSeconds * 1000)); // let the stalled connection fill its buffers
            final Window withStalled = measure(bus, server, sseClients, frames, latency, seconds, rate);
            System.out.println("with one stalled client: " + withStalled.describe());

            System.out.println("server: " + transportStats(server));
            final long failedClients = sseClients.stream().filter(SseLoadClient::hasFailed).count();
            System.out.printf("healthy clients: frames/s %+.1f%%, p99 %+.1f%% with the stalled client; %d client(s) failed; dropped %d%n",
                change(healthy.framesPerSecond(), withStalled.framesPerSecond()),
                change(healthy.latency().getValueAtPercentile(99), withStalled.latency().getValueAtPercentile(99)),
                failedClients, bus.stats().dropped());
        }
        finally
        {
            if (null != publisher)
            {
                publisher.running = false;
                publisherThread.join(5_000);
            }
            if (null != stalled)
            {
                stalled.close();
            }
            for (final SseLoadClient client : sseClients)
            {
                client.close();
            }
            loads.close();
        }
    }

    private static double change(final double before, final double after)
    {
        return 0 == before ? 0 : (after - before) * 100.0 / before;
    }

    private static void awaitSubscribers(final TelemetryServer server, final int expected, final List<SseLoadClient> clients)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.subscriberCount() < expected)
        {
            if (System.nanoTime() > deadline || clients.stream().anyMatch(SseLoadClient::hasFailed))
            {
                throw new IllegalStateException("only " + server.subscriberCount() + " of " + expected + " subscribers connected");
            }
            Thread.sleep(10);
        }
    }

    /** The server's own account of its streams, from its stats endpoint. */
    private static String transportStats(final TelemetryServer server) throws IOException, InterruptedException
    {
        final String body = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/telemetry/stats")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        final Matcher m = STATS_FIGURES.matcher(body);
        final StringBuilder out = new StringBuilder();
        while (m.find())
        {
            out.append(m.group(1)).append('=').append(m.group(2)).append(' ');
        }
        return out.toString().trim();
    }

    /** A client that asks for the stream and never reads a byte of it. */
    private static Socket connectStalled(final int port) throws IOException
    {
        final Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        final OutputStream out = socket.getOutputStream();
        out.write(("GET /api/telemetry/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port +
            "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Events the slowest client has still to receive. */
    private static long behind(final TelemetryBus bus, final List<SseLoadClient> clients)
    {
        long oldest = Long.MAX_VALUE;
        for (final SseLoadClient client : clients)
        {
            oldest = Math.min(oldest, client.lastId());
        }
        return Math.max(0, bus.history().head() - oldest);
    }

    private static Window measure(
        final TelemetryBus bus, final TelemetryServer server, final List<SseLoadClient> clients, final LongAdder frames,
        final Recorder latency, final double seconds, final long rate) throws InterruptedException, IOException
    {
        // Caught up: the slowest client is within 100 ms of events of the head (a client is never exactly at the
        // head while events flow). Bounded well inside the server's 30 s stalled-client timeout.
        final long caughtUp = Math.max(2, rate / 10);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (behind(bus, clients) > caughtUp && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        final long behindAtStart = behind(bus, clients);
        latency.getIntervalHistogram(); // discard what was recorded before the window
        final long framesBefore = frames.sum();
        final long start = System.nanoTime();
        Thread.sleep((long)(seconds * 1000));
        final long framesAfter = frames.sum();
        final long elapsed = System.nanoTime() - start;
        final Histogram h = latency.getIntervalHistogram();
        return new Window((framesAfter - framesBefore) * 1e9 / elapsed, h, rssKib(),
            PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory(), server.subscriberCount(), behindAtStart,
            behind(bus, clients));
    }

    /** Resident memory of this process (server, bus and clients together), from /proc/self/status. */
    static long rssKib() throws IOException
    {
        final Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status))
        {
            return -1;
        }
        for (final String line : Files.readAllLines(status))
        {
            if (line.startsWith("VmRSS:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
