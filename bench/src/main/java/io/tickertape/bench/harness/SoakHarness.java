package io.tickertape.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for a soak of a running server: {@code clients} threads each connect to the stream, read it for a random
 * 0.2 to 2 s (resuming with {@code Last-Event-ID} half the time), then disconnect, half of them abruptly (reset),
 * and start again, until {@code seconds} have passed. Prints what it saw and exits 1 on any error (a refused
 * connection, a status other than 200, a stream that ends before the client leaves it, ids out of order).
 * <pre>
 * java -cp bench/target/benchmarks.jar io.tickertape.bench.harness.SoakHarness PORT SECONDS CLIENTS
 * </pre>
 */
public final class SoakHarness
{
    private static final AtomicLong CONNECTIONS = new AtomicLong();
    private static final AtomicLong FRAMES = new AtomicLong();
    private static final AtomicLong GAPS = new AtomicLong();
    private static final AtomicLong ERRORS = new AtomicLong();
    private static volatile String firstError;

    private SoakHarness()
    {
    }

    /**
     * Run the load.
     *
     * @param args port, seconds, clients.
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int port = Integer.parseInt(args[0]);
        final long seconds = Long.parseLong(args[1]);
        final int clients = Integer.parseInt(args[2]);
        final long end = System.nanoTime() + seconds * 1_000_000_000L;
        final Thread[] threads = new Thread[clients];
        for (int i = 0; i < clients; i++)
        {
            final long seed = i;
            threads[i] = new Thread(() -> client(port, end, new SplittableRandom(seed)), "soak-client-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        System.out.printf("soak: %d clients, %d connections, %d frames, %d gaps, %d errors%n",
            clients, CONNECTIONS.get(), FRAMES.get(), GAPS.get(), ERRORS.get());
        if (ERRORS.get() > 0)
        {
            System.out.println("soak: first error: " + firstError);
            System.exit(1);
        }
    }

    private static void error(final String what)
    {
        ERRORS.incrementAndGet();
        if (null == firstError)
        {
            firstError = what;
        }
    }

    private static void client(final int port, final long end, final SplittableRandom random)
    {
        long lastId = -1;
        final byte[] buffer = new byte[64 * 1024];
        while (System.nanoTime() < end)
        {
            final long stayNanos = (200 + random.nextInt(1800)) * 1_000_000L;
            try (Socket socket = new Socket())
            {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(5000);
                CONNECTIONS.incrementAndGet();
                final String resume = lastId > 0 && random.nextBoolean() ? "Last-Event-ID: " + lastId + "\r\n" : "";
                final OutputStream out = socket.getOutputStream();
                out.write(("GET /api/telemetry/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n" + resume + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                final InputStream in = socket.getInputStream();
                final long leave = System.nanoTime() + stayNanos;
                final StringBuilder line = new StringBuilder();
                boolean statusChecked = false;
                long connectionLast = -1;
                while (System.nanoTime() < leave)
                {
                    final int n = in.read(buffer);
                    if (n < 0)
                    {
                        error("stream ended by the server");
                        break;
                    }
                    for (int i = 0; i < n; i++)
                    {
                        final char c = (char)(buffer[i] & 0xFF);
                        if (c != '\n')
                        {
                            if (line.length() < 64)
                            {
                                line.append(c);
                            }
                            continue;
                        }
                        if (!statusChecked)
                        {
                            statusChecked = true;
                            if (!line.toString().startsWith("HTTP/1.1 200"))
                            {
                                error("status: " + line.toString().trim());
                            }
                        }
                        else if (line.length() > 4 && line.charAt(0) == 'i' && line.charAt(1) == 'd' && line.charAt(2) == ':')
                        {
                            final long id = Long.parseLong(line.substring(4).trim());
                            if (id <= connectionLast)
                            {
                                error("ids out of order on one connection: " + id + " after " + connectionLast);
                            }
                            connectionLast = id;
                            lastId = id;
                            FRAMES.incrementAndGet();
                        }
                        else if (line.toString().startsWith("event: gap"))
                        {
                            GAPS.incrementAndGet();
                        }
                        line.setLength(0);
                    }
                }
                if (random.nextBoolean())
                {
                    socket.setSoLinger(true, 0); // leave abruptly: a reset
                }
            }
            catch (final IOException ex)
            {
                error("io: " + ex);
            }
        }
    }
}
