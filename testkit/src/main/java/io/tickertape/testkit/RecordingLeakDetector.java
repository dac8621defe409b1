package io.tickertape.testkit;

import java.util.List;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

/**
 * Netty's leak detector with its reports kept for the test to read instead of only logged: made for every
 * resource type by {@link Factory}, which {@link LeakDetection#install()} installs.
 *
 * @param <T> the type of resource tracked.
 */
final class RecordingLeakDetector<T> extends ResourceLeakDetector<T>
{
    private final List<String> reports;

    RecordingLeakDetector(final Class<?> resourceType, final int samplingInterval, final List<String> reports)
    {
        super(resourceType, samplingInterval);
        this.reports = reports;
    }

    @Override
    protected boolean needReport()
    {
        return true; // report even when the logger would drop errors: the record is what counts
    }

    @Override
    protected void reportTracedLeak(final String resourceType, final String records)
    {
        reports.add("LEAK: " + resourceType + " was not released" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(final String resourceType)
    {
        reports.add("LEAK: " + resourceType + " was not released (untraced)");
        super.reportUntracedLeak(resourceType);
    }

    /** Makes a recording detector for each resource type that asks for one. */
    static final class Factory extends ResourceLeakDetectorFactory
    {
        private final List<String> reports;

        Factory(final List<String> reports)
        {
            this.reports = reports;
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(final Class<T> resource, final int samplingInterval)
        {
            return new RecordingLeakDetector<>(resource, samplingInterval, reports);
        }

        @Override
        @SuppressWarnings("deprecation") // abstract, so it must be implemented; Netty no longer uses maxActive
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(
            final Class<T> resource, final int samplingInterval, final long maxActive)
        {
            return newResourceLeakDetector(resource, samplingInterval);
        }
    }
}
