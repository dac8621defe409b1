package io.tickertape.bench.harness;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.PooledByteBufAllocator;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;

/**
 * Fan-out to many clients with the clients in a second JVM ({@link WideFanOutClients}), so that the server's memory is
 * the server's alone: heap after a collection, the direct memory its pooled buffers hold, and the process's
 * resident memory, before the clients connect and while they stream; the difference divided by the clients is the
 * memory one client costs the server. Prints the frames per second the clients counted.
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.tickertape.bench.harness.WideFanOutHarness [clients=10000] [rate/s=100] [seconds=10]
 * </pre>
 */
public final class WideFanOutHarness
{
    private WideFanOutHarness()
    {
    }

    /** What the server holds now. */
    record Memory(long heapBytes, long directBytes, long rssKib)
    {
        static Memory now() throws Exception
        {
            System.gc();
            return new Memory(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                PooledByteBufAllocator.DEFAULT.pinnedDirectMemory(), FanOutHarness.rssKib());
        }
    }

    /**
     * Run it.
     *
     * @param args clients, events per second, seconds to count.
     * @throws Exception if the server or the client process fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final int clients = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        final long rate = args.length > 1 ? Long.parseLong(args[1]) : 100;
        final double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        FanOutHarness.Publisher publisher = null;
        Thread publisherThread = null;
        Process process = null;
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1 << 17));
             TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0).maxSubscribers(Math.max(clients, 10_000))))
        {
            publisher = new FanOutHarness.Publisher(bus.producer("fanout", 1 << 16), rate);
            publisherThread = new Thread(publisher, "publisher");
            publisherThread.setDaemon(true);
            publisherThread.start();
            Thread.sleep(1_000);
            final Memory before = Memory.now();

            process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                WideFanOutClients.class.getName(), String.valueOf(server.port()), String.valueOf(clients), String.valueOf(seconds)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            final String connected = out.readLine();
            if (null == connected || !connected.startsWith("connected"))
            {
                throw new IllegalStateException("the client process said: " + connected);
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (server.subscriberCount() < clients && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            System.out.printf("WideFanOutHarness: %d clients in a second JVM, %d events/s (%,d frames/s asked), %.1f s, server %s, %d cores%n",
                clients, rate, clients * rate, seconds, server.isEpoll() ? "epoll" : "nio", Runtime.getRuntime().availableProcessors());
            final OutputStream go = process.getOutputStream();
            go.write('\n');
            go.flush();
            final String counted = out.readLine();
            final Memory during = Memory.now();
            System.out.println("clients counted: " + counted + "; subscribers " + server.subscriberCount());
            go.write('\n');
            go.flush();
            System.out.printf("server before the clients: heap %,d KiB, direct in use %,d KiB, RSS %,d KiB%n",
                before.heapBytes() / 1024, before.directBytes() / 1024, before.rssKib());
            System.out.printf("server with them:          heap %,d KiB, direct in use %,d KiB, RSS %,d KiB%n",
                during.heapBytes() / 1024, during.directBytes() / 1024, during.rssKib());
            System.out.printf("per client: heap %,d B, direct %,d B, RSS %,d B%n",
                (during.heapBytes() - before.heapBytes()) / clients, (during.directBytes() - before.directBytes()) / clients,
                (during.rssKib() - before.rssKib()) * 1024 / clients);
        }
        finally
        {
            if (null != process)
            {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            if (null != publisher)
            {
                publisher.running = false;
                publisherThread.join(5_000);
            }
        }
    }
}
