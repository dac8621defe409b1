package io.tickertape.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;
import org.HdrHistogram.Histogram;

/**
 * Does a server loop stay fair while it drains a backlog? One I/O thread; {@code backlog} order events in the
 * history; {@code streams} SSE clients resuming from the first of them, each reading as fast as loopback allows;
 * and meanwhile, one after another, a {@code /healthz} request and a new live stream's first frame (the connection
 * frame), each on a new connection, timed from connect to answer. Only probes that ended before the drain did count.
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.tickertape.bench.harness.LoopFairnessHarness [streams=100] [backlog=500000]
 * </pre>
 */
public final class LoopFairnessHarness
{
    private LoopFairnessHarness()
    {
    }

    /**
     * Run the harness.
     *
     * @param args streams, backlog.
     * @throws Exception if the server cannot start or a client fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final int streams = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        final int backlog = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        if (streams < 1 || backlog < 1)
        {
            throw new IllegalArgumentException("usage: LoopFairnessHarness [streams] [backlog]");
        }
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(Integer.highestOneBit(backlog) * 2));
             TelemetryServer server = TelemetryServer.start(bus,
                 new ServerContext().port(0).ioThreads(1).heartbeatInterval(Duration.ofMinutes(1)).rateLimit(0, 0)))
        {
            final Producer producer = bus.producer("backlog", 1 << 16);
            for (int i = 0; i < backlog; i++)
            {
                while (true)
                {
                    try (EventWriter e = producer.claim(EventType.ORDER))
                    {
                        e.put("order_id", "PAPER-0001").put("symbol", "RELIANCE").put("side", "BUY").put("status", "filled")
                            .put("qty", 50).put("price", 2_950.5);
                        if (e.isAccepted())
                        {
                            break;
                        }
                    }
                    Thread.yield();
                }
            }
            while (bus.history().head() < backlog)
            {
                Thread.sleep(1);
            }
            final int port = server.port();
            final long drainStart = System.nanoTime();
            final Drainers drainers = Drainers.start(port, "/api/telemetry/stream?last_event_id=" + bus.epoch() + "-0", streams);
            final Histogram healthz = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            final Histogram firstFrame = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            final long quiet = TimeUnit.MILLISECONDS.toNanos(500);
            final List<long[]> probes = new ArrayList<>(); // {end, healthz, first frame}
            while (System.nanoTime() - drainers.lastRead.get() <= quiet)
            {
                final long h = Probes.healthz(port);
                final long f = Probes.firstFrame(port);
                probes.add(new long[] {System.nanoTime(), h, f});
            }
            // The streams have caught up: probes that ended after their last byte ran on an idle loop, and do not count.
            final long drainEnd = drainers.lastRead.get();
            for (final long[] probe : probes)
            {
                if (probe[0] <= drainEnd)
                {
                    healthz.recordValue(probe[1]);
                    firstFrame.recordValue(probe[2]);
                }
            }
            final long bytes = drainers.bytes.get();
            drainers.close();
            System.out.printf("LoopFairnessHarness: 1 I/O thread, %d streams catching up on %d events, %d cores%n",
                streams, backlog, Runtime.getRuntime().availableProcessors());
            System.out.printf("drain took %.2f s: %d MB to the streams%n", (drainEnd - drainStart) / 1e9, bytes >> 20);
            System.out.println("during the drain, /healthz round trip: " + Percentiles.micros(healthz));
            System.out.println("during the drain, a new stream's first frame: " + Percentiles.micros(firstFrame));
        }
    }

    /** A request and a new stream, timed from connect to answer. */
    static final class Probes
    {
        private Probes()
        {
        }

        /** A new connection that has sent {@code request}, reads waiting at most a minute. */
        private static Socket open(final int port, final String request) throws IOException
        {
            final Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return socket;
        }

        static long healthz(final int port) throws IOException
        {
            final long start = System.nanoTime();
            try (Socket socket = open(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
            {
                final String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                if (!response.startsWith("HTTP/1.1 200"))
                {
                    throw new IOException("/healthz answered: " + response.lines().findFirst().orElse("nothing"));
                }
            }
            return System.nanoTime() - start;
        }

        static long firstFrame(final int port) throws IOException
        {
            final long start = System.nanoTime();
            try (Socket socket = open(port, "GET /api/telemetry/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
            {
                final InputStream in = socket.getInputStream();
                final StringBuilder seen = new StringBuilder();
                final byte[] buffer = new byte[4096];
                int frame;
                while ((frame = seen.indexOf("event: connection")) < 0 || seen.indexOf("\n\n", frame) < 0)
                {
                    final int read = in.read(buffer);
                    if (read < 0)
                    {
                        throw new IOException("stream closed before its first frame");
                    }
                    seen.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                }
            }
            return System.nanoTime() - start;
        }
    }

    /**
     * Reads every stream as fast as loopback allows on one thread (a selector), throwing the bytes away and noting when
     * any last arrived. One thread, not one per stream: with a hundred runnable reader threads on two cores, the
     * scheduler's rotation alone delayed a probe by up to 300 ms.
     */
    static final class Drainers implements Runnable
    {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong lastRead = new AtomicLong(System.nanoTime());
        private final Selector selector;
        private final List<SocketChannel> channels = new ArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        private Drainers() throws IOException
        {
            selector = Selector.open();
            thread = new Thread(this, "drainers");
            thread.setDaemon(true);
        }

        static Drainers start(final int port, final String path, final int count) throws IOException
        {
            final Drainers drainers = new Drainers();
            final ByteBuffer request = ByteBuffer.wrap(
                ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < count; i++)
            {
                final SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                request.rewind();
                while (request.hasRemaining())
                {
                    channel.write(request);
                }
                channel.configureBlocking(false);
                channel.register(drainers.selector, SelectionKey.OP_READ);
                drainers.channels.add(channel);
            }
            drainers.thread.start();
            return drainers;
        }

        @Override
        public void run()
        {
            final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
            try
            {
                while (running)
                {
                    selector.select(100);
                    for (final SelectionKey key : selector.selectedKeys())
                    {
                        int read;
                        while ((read = ((SocketChannel)key.channel()).read(buffer.clear())) > 0)
                        {
                            bytes.addAndGet(read);
                            lastRead.set(System.nanoTime());
                        }
                        if (read < 0)
                        {
                            key.cancel();
                        }
                    }
                    selector.selectedKeys().clear();
                }
            }
            catch (final IOException ex)
            {
                if (running)
                {
                    throw new UncheckedIOException(ex);
                }
            }
        }

        void close() throws IOException, InterruptedException
        {
            running = false;
            selector.wakeup();
            thread.join(5_000);
            for (final SocketChannel channel : channels)
            {
                channel.close();
            }
            selector.close();
        }
    }
}
