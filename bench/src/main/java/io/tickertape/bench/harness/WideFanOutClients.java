package io.tickertape.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The clients of {@link WideFanOutHarness}, in a process of their own (a process may hold at most 20,000 file
 * descriptors here: 10,000 clients and 10,000 server connections cannot share one). Opens the streams, says
 * {@code connected N} on standard output, counts frames for the window when told {@code go} on standard input, and
 * prints {@code frames/s X behind Y failed Z} (Y: how far the slowest client is behind the newest at the end), then
 * keeps the streams open until told again.
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.tickertape.bench.harness.WideFanOutClients port clients seconds
 * </pre>
 */
public final class WideFanOutClients
{
    private WideFanOutClients()
    {
    }

    /**
     * Run the clients.
     *
     * @param args the server's port on 127.0.0.1, clients, seconds to count.
     * @throws Exception if a client cannot connect.
     */
    public static void main(final String[] args) throws Exception
    {
        final int port = Integer.parseInt(args[0]);
        final int count = Integer.parseInt(args[1]);
        final double seconds = Double.parseDouble(args[2]);
        final LongAdder frames = new LongAdder();
        final List<SseLoadClient> clients = new ArrayList<>(count);
        try (SseLoadClients loads = new SseLoadClients(1))
        {
            for (int i = 0; i < count; i++)
            {
                clients.add(loads.connect(port, 0, frames, null));
            }
            System.out.println("connected " + count);
            System.out.flush();
            if (System.in.read() < 0)
            {
                return;
            }
            final long before = frames.sum();
            final long start = System.nanoTime();
            Thread.sleep((long)(seconds * 1000));
            final double perSecond = (frames.sum() - before) * 1e9 / (System.nanoTime() - start);
            long slowest = Long.MAX_VALUE;
            long newest = 0;
            long failed = 0;
            for (final SseLoadClient client : clients)
            {
                slowest = Math.min(slowest, client.lastId());
                newest = Math.max(newest, client.lastId());
                failed += client.hasFailed() ? 1 : 0;
            }
            System.out.printf("frames/s %.0f behind %d failed %d%n", perSecond, newest - slowest, failed);
            System.out.flush();
            System.in.read(); // the clients stay connected until the server has been measured
        }
    }
}
