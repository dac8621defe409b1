package io.tickertape.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
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
            final List<Drainer> drainers = new ArrayList<>();
            final long drainStart = System.nanoTime();
            for (int i = 0; i < streams; i++)
            {
                drainers.add(Drainer.start(port, "/api/telemetry/stream?last_event_id=" + bus.epoch() + "-0"));
            }
            final Histogram healthz = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            final Histogram firstFrame = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            final long quiet = TimeUnit.MILLISECONDS.toNanos(500);
            long drainEnd;
            while (true)
            {
                final long start = System.nanoTime();
                final long h = Probes.healthz(port);
                final long f = Probes.firstFrame(port);
                drainEnd = drainers.stream().mapToLong(d -> d.lastRead.get()).max().orElseThrow();
                final long now = System.nanoTime();
                if (now - drainEnd > quiet)
                {
                    break; // the streams have caught up: this probe, and any later, ran on an idle loop
                }
                if (start + h + f <= drainEnd)
                {
                    healthz.recordValue(h);
                    firstFrame.recordValue(f);
                }
            }
            long bytes = 0;
            for (final Drainer d : drainers)
            {
                bytes += d.bytes.get();
                d.close();
            }
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

        static long healthz(final int port) throws IOException
        {
            final long start = System.nanoTime();
            try (Socket socket = new Socket("127.0.0.1", port))
            {
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(
                    "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
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
            try (Socket socket = new Socket("127.0.0.1", port))
            {
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(
                    "GET /api/telemetry/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
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

    /** Reads a stream as fast as loopback allows and throws the bytes away, noting when it last got any. */
    static final class Drainer implements Runnable
    {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong lastRead = new AtomicLong(System.nanoTime());
        private final Socket socket;
        private final Thread thread;

        private Drainer(final Socket socket)
        {
            this.socket = socket;
            this.thread = new Thread(this, "drainer");
            thread.setDaemon(true);
        }

        static Drainer start(final int port, final String path) throws IOException
        {
            final Socket socket = new Socket("127.0.0.1", port);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            final Drainer drainer = new Drainer(socket);
            drainer.thread.start();
            return drainer;
        }

        @Override
        public void run()
        {
            final byte[] buffer = new byte[64 * 1024];
            try
            {
                final InputStream in = socket.getInputStream();
                for (int read; (read = in.read(buffer)) > 0; )
                {
                    bytes.addAndGet(read);
                    lastRead.set(System.nanoTime());
                }
            }
            catch (final IOException ex)
            {
                // closed at the end of the run
            }
        }

        void close() throws IOException, InterruptedException
        {
            socket.close();
            thread.join(5_000);
        }
    }
}
