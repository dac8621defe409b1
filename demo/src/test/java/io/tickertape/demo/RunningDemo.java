package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * The demo program run in this JVM on a thread of its own, as {@code java -jar} runs it, until {@link #close()}
 * signals it to stop (as Ctrl-C does) and checks that it stopped cleanly.
 */
final class RunningDemo implements AutoCloseable
{
    private final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private boolean stopped;

    /**
     * Start the demo with these flags and wait until it says it runs.
     *
     * @param args the demo's flags.
     */
    RunningDemo(final String... args)
    {
        final DemoConfig config = DemoConfig.parse(args, Map.of());
        final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        thread = new Thread(() ->
        {
            try
            {
                Main.run(config, out, barrier);
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        }, "demo");
        thread.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> null != failure.get() || output().contains("Press Ctrl-C"));
        assertThat(failure.get()).isNull();
    }

    /** @return what the demo printed so far. */
    String output()
    {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** @return the server's base URL, from the banner. */
    String baseUrl()
    {
        final Matcher m = Pattern.compile("stream:\\s+(https?://\\S+)/api/").matcher(output());
        assertThat(m.find()).as("the banner names the stream: %s", output()).isTrue();
        return m.group(1);
    }

    /**
     * Stop it as Ctrl-C does, and check that it stopped within 30 s without a failure.
     *
     * @throws InterruptedException if interrupted while waiting.
     */
    void stop() throws InterruptedException
    {
        if (!stopped)
        {
            stopped = true;
            barrier.signal();
            thread.join(30_000);
            barrier.close();
            assertThat(thread.isAlive()).as("the demo stopped").isFalse();
            assertThat(failure.get()).isNull();
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        stop();
    }
}
