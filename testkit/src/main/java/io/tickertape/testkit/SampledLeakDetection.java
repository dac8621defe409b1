package io.tickertape.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that moves millions of buffers: {@link LeakWatch} runs it with sampled leak tracking
 * (PARANOID would record a stack per access and slow it past its deadlines), and still fails it on a report.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SampledLeakDetection
{
}
