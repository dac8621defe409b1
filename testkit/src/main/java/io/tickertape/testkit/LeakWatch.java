package io.tickertape.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs each test class with Netty leak detection at PARANOID (SIMPLE where it is marked
 * {@link SampledLeakDetection}) and fails the class if any leak was reported while it ran. A module registers it for
 * every class through {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and
 * {@code junit.jupiter.extensions.autodetection.enabled=true}, so it is installed before any test allocates.
 */
public final class LeakWatch implements BeforeAllCallback, AfterAllCallback
{
    static
    {
        LeakDetection.install();
    }

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        LeakDetection.clear();
        final boolean sampled = context.getTestClass().map(c -> c.isAnnotationPresent(SampledLeakDetection.class)).orElse(false);
        LeakDetection.level(sampled ? ResourceLeakDetector.Level.SIMPLE : ResourceLeakDetector.Level.PARANOID);
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        LeakDetection.collect();
        LeakDetection.level(ResourceLeakDetector.Level.PARANOID);
        assertThat(LeakDetection.reports()).as("Netty leak reports in " + context.getDisplayName()).isEmpty();
    }
}
