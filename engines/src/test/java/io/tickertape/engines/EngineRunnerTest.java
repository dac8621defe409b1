package io.tickertape.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class EngineRunnerTest
{
    /** Throws on start, on every other cycle (checked and unchecked alike), and on close. */
    private static final class FailingEngine implements Engine
    {
        final AtomicLong cycles = new AtomicLong();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public String roleName()
        {
            return "failing";
        }

        @Override
        public void onStart()
        {
            throw new IllegalStateException("start failed");
        }

        @Override
        public int doWork()
        {
            final long n = cycles.incrementAndGet();
            if (n % 4 == 1)
            {
                throw new IllegalArgumentException("cycle failed");
            }
            if (n % 4 == 3)
            {
                throw new AssertionError("an Error is survived too");
            }
            return 1;
        }

        @Override
        public void onClose()
        {
            closes.incrementAndGet();
            throw new IllegalStateException("close failed");
        }
    }

    @Test
    void shouldCountErrorsAndKeepRunning() throws Exception
    {
        final FailingEngine engine = new FailingEngine();
        final ErrorCounter errors = new ErrorCounter(engine.roleName());
        final EngineRunner runner = new EngineRunner(engine, errors, 1_000_000);
        runner.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.cycles.get() >= 1_000);
        assertThat(runner.hasDied()).isFalse();
        assertThat(runner.isAlive()).isTrue();
        assertThat(errors.count()).isGreaterThanOrEqualTo(1 + 1_000 / 2);

        runner.stop();
        assertThat(runner.join(5_000)).isTrue();
        assertThat(runner.hasDied()).as("stopped, not died").isFalse();
        assertThat(engine.closes.get()).isEqualTo(1);
        assertThat(errors.count()).isEqualTo(1 + (engine.cycles.get() + 1) / 2 + 1);
    }

    @Test
    void shouldJoinARunnerThatNeverStarted() throws Exception
    {
        final EngineRunner runner = new EngineRunner(new FailingEngine(), new ErrorCounter("failing"), 1_000_000);
        runner.stop();
        assertThat(runner.join(10)).isTrue();
        assertThat(runner.hasDied()).isFalse();
    }
}
