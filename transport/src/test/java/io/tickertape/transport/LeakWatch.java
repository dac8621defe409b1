package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs every transport test class with Netty's leak detector at PARANOID and fails the class if it reports a
 * leaked buffer. Reports come when a leaked buffer is collected, so the check forces collection first.
 */
public final class LeakWatch implements BeforeAllCallback, AfterAllCallback
{
    private static final Logger DETECTOR = Logger.getLogger(ResourceLeakDetector.class.getName());
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler()
    {
        @Override
        public void publish(final LogRecord record)
        {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue() || String.valueOf(record.getMessage()).contains("LEAK"))
            {
                LEAKS.add(String.valueOf(record.getMessage()));
            }
        }

        @Override
        public void flush()
        {
        }

        @Override
        public void close()
        {
        }
    };

    static
    {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        DETECTOR.addHandler(CAPTURE);
    }

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        LEAKS.clear();
        final boolean sampled = context.getTestClass().map(c -> c.isAnnotationPresent(SampledLeakDetection.class)).orElse(false);
        ResourceLeakDetector.setLevel(sampled ? ResourceLeakDetector.Level.SIMPLE : ResourceLeakDetector.Level.PARANOID);
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        for (int i = 0; i < 3; i++)
        {
            final WeakReference<Object> sentinel = new WeakReference<>(new Object());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
            {
                System.gc();
                return null == sentinel.get(); // a collection ran: leaked buffers' references are being enqueued
            });
            final ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(64); // allocation runs the detector's check
            probe.release();
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        assertThat(LEAKS).as("Netty leak reports in " + context.getDisplayName()).isEmpty();
    }
}
