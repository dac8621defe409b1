package io.tickertape.testkit;

import static org.awaitility.Awaitility.await;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

/**
 * Netty leak detection that a test can assert on: {@link #install()} sets a {@link ResourceLeakDetectorFactory}
 * whose detectors keep every leak report, so "no leaks" is a check on a list, not on log lines.
 * <p>
 * A leak is reported when a buffer that was never released has been garbage-collected and the detector runs
 * again (on a later allocation); {@link #collect()} forces both. Install before Netty allocates its first buffer:
 * the buffer detector is made once, when the buffer classes load, and {@link #install()} proves its own is the one
 * in use by leaking a marked buffer and finding it reported.
 */
public final class LeakDetection
{
    private static final String CANARY = "tickertape leak detection canary";
    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private LeakDetection()
    {
    }

    /**
     * Install the recording factory (once per JVM), set the level to PARANOID, and check that leaks are recorded.
     *
     * @throws IllegalStateException if Netty made its buffer leak detector before this was called.
     */
    public static synchronized void install()
    {
        if (installed)
        {
            return;
        }
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingLeakDetector.Factory(REPORTS));
        loadStaticBuffersUntracked();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        leakCanary();
        await().atMost(Duration.ofSeconds(30)).until(() ->
        {
            collect();
            return REPORTS.stream().anyMatch(r -> r.contains(CANARY));
        });
        REPORTS.removeIf(r -> r.contains(CANARY));
        installed = true;
    }

    /**
     * Netty keeps a few buffers for ever in static fields (the HTTP encoder's chunk delimiters), made when their
     * class loads. Made under PARANOID they would be tracked, and every use of them would record an access (a stack
     * trace: an allocation), which a test counting a stream's allocations would count; they are never released,
     * by design, so there is nothing to track. Load them untracked, in whichever order the tests then run.
     */
    private static void loadStaticBuffersUntracked()
    {
        final ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try
        {
            Class.forName("io.netty.handler.codec.http.HttpObjectEncoder", true, LeakDetection.class.getClassLoader());
        }
        catch (final ClassNotFoundException ex)
        {
            // a module without Netty's HTTP codec: nothing of it to load
        }
        finally
        {
            ResourceLeakDetector.setLevel(level);
        }
    }

    private static void leakCanary()
    {
        final ByteBuf canary = ByteBufAllocator.DEFAULT.buffer(8);
        canary.touch(CANARY); // dropped without a release: the leak this check expects to see reported
    }

    /**
     * Set how many buffers are tracked: PARANOID tracks every one (and records each access), SIMPLE samples.
     *
     * @param level the level.
     */
    public static void level(final ResourceLeakDetector.Level level)
    {
        ResourceLeakDetector.setLevel(level);
    }

    /**
     * Run the garbage collector until it has cleared references, and allocate (at PARANOID) so every buffer
     * detector reports what was collected unreleased; three rounds, for reports that come a collection late.
     */
    public static void collect()
    {
        final ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID); // every allocation runs the check
        try
        {
            for (int i = 0; i < 3; i++)
            {
                final ReferenceQueue<Object> queue = new ReferenceQueue<>();
                final WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
                await().atMost(Duration.ofSeconds(10)).until(() ->
                {
                    System.gc();
                    return null != queue.poll(); // collected and enqueued: so are the leaked buffers' trackers
                });
                sentinel.clear();
                ByteBufAllocator.DEFAULT.directBuffer(64).release();
            }
        }
        finally
        {
            ResourceLeakDetector.setLevel(level);
        }
    }

    /**
     * The leak reports recorded since the last {@link #clear()}.
     *
     * @return a copy, each report with the resource type and, when traced, where it was touched.
     */
    public static List<String> reports()
    {
        return List.copyOf(REPORTS);
    }

    /** Forget the reports recorded so far. */
    public static void clear()
    {
        REPORTS.clear();
    }
}
