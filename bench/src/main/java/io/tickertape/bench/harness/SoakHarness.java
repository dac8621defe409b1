package io.tickertape.bench.harness;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load for a soak of a running server: {@code clients} threads each connect to the stream, read it for a random
 * 0.2 to 2 s (resuming with {@code Last-Event-ID} half the time), then disconnect, half of them abruptly (reset),
 * and start again, until {@code seconds} have passed. Prints what it saw and exits 1 on any error (a refused
 * connection, a status other than 200, no response within 5 s, a stream that ends before the client leaves it, ids
 * out of order). The streams are read by {@link SseLoadClient}s on shared event loops; each thread only paces its
 * client's visits.
 * <pre>
 * java -cp bench/target/benchmarks.jar io.tickertape.bench.harness.SoakHarness PORT SECONDS CLIENTS
 * </pre>
 */
public final class SoakHarness
{
    private static final long RESPONSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final AtomicLong CONNECTIONS = new AtomicLong();
    private static final LongAdder FRAMES = new LongAdder();
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
        try (SseLoadClients loads = new SseLoadClients(Math.max(1, Runtime.getRuntime().availableProcessors())))
        {
            for (int i = 0; i < clients; i++)
            {
                final long seed = i;
                threads[i] = new Thread(() -> client(loads, port, end, new SplittableRandom(seed)), "soak-client-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
        }
        System.out.printf("soak: %d clients, %d connections, %d frames, %d gaps, %d errors%n",
            clients, CONNECTIONS.get(), FRAMES.sum(), GAPS.get(), ERRORS.get());
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

    private static void client(final SseLoadClients loads, final int port, final long end, final SplittableRandom random)
    {
        long lastId = -1;
        while (System.nanoTime() < end)
        {
            final long stayNanos = (200 + random.nextInt(1800)) * 1_000_000L;
            final long resume = lastId > 0 && random.nextBoolean() ? lastId : 0;
            final SseLoadClient client;
            try
            {
                client = loads.connect(port, resume, FRAMES, null);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            catch (final Exception ex)
            {
                error("io: " + ex);
                continue;
            }
            CONNECTIONS.incrementAndGet();
            try
            {
                visit(client, stayNanos);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                client.close();
                return;
            }
            if (client.hasFailed())
            {
                error(client.failure());
            }
            if (client.lastId() > 0)
            {
                lastId = client.lastId();
            }
            GAPS.addAndGet(client.gaps());
            client.close(random.nextBoolean()); // half the time leave abruptly: a reset
        }
    }

    /** Stay on the stream for the given time, or until it fails; then wait for a response that has not come yet. */
    private static void visit(final SseLoadClient client, final long stayNanos) throws InterruptedException
    {
        if (client.awaitFailure(stayNanos))
        {
            return;
        }
        final long deadline = System.nanoTime() + RESPONSE_TIMEOUT_NANOS;
        while (0 == client.status() && !client.hasFailed())
        {
            if (System.nanoTime() > deadline)
            {
                error("no response within 5 s");
                return;
            }
            Thread.sleep(10);
        }
    }
}
