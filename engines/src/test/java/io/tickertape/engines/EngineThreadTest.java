package io.tickertape.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;

class EngineThreadTest
{
    private static final long MAX_PARK_NANOS = 1_000_000;

    private final EngineErrorLog errorLog = new EngineErrorLog(4, EngineErrorLog.CAPACITY_DEFAULT);

    /** Counts its cycles and closes; fails as told. */
    private static class TestEngine implements Agent
    {
        final AtomicLong cycles = new AtomicLong();
        final AtomicInteger closes = new AtomicInteger();
        final AtomicReference<String> closedOn = new AtomicReference<>();

        @Override
        public String roleName()
        {
            return "test";
        }

        @Override
        public int doWork() throws Exception
        {
            cycles.incrementAndGet();
            return 0;
        }

        @Override
        public void onClose()
        {
            closes.incrementAndGet();
            closedOn.set(Thread.currentThread().getName());
        }
    }

    /** Throws on start, on every other cycle (checked, unchecked and Errors alike), and on close. */
    private static final class FailingEngine extends TestEngine
    {
        @Override
        public void onStart()
        {
            throw new IllegalStateException("start failed");
        }

        @Override
        public int doWork() throws Exception
        {
            final long n = cycles.incrementAndGet();
            if (n % 4 == 1)
            {
                throw new IllegalArgumentException("cycle failed");
            }
            if (n % 8 == 3)
            {
                throw new AssertionError("an Error is survived too");
            }
            if (n % 8 == 7)
            {
                throw new IOException("so is a checked exception");
            }
            return 1;
        }

        @Override
        public void onClose()
        {
            super.onClose();
            throw new IllegalStateException("close failed");
        }
    }

    private EngineThread engineThread(final Agent engine)
    {
        final AtomicCounter errors = errorLog.newCounter(engine.roleName());
        return new EngineThread(engine, errors, errorLog.handler(engine.roleName(), errors), MAX_PARK_NANOS);
    }

    @Test
    void shouldCountEveryExceptionAndKeepRunning()
    {
        final FailingEngine engine = new FailingEngine();
        final EngineThread thread = engineThread(engine);
        thread.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.cycles.get() >= 1_000);
        assertThat(thread.hasDied()).isFalse();
        assertThat(thread.isAlive()).isTrue();
        assertThat(thread.errorCount()).isGreaterThanOrEqualTo(1 + 1_000 / 2);

        thread.close(5_000);
        assertThat(thread.isAlive()).as("joined").isFalse();
        assertThat(thread.hasDied()).as("stopped, not died").isFalse();
        assertThat(engine.closes.get()).isEqualTo(1);
        assertThat(thread.errorCount()).as("the start, every odd cycle, and the close")
            .isEqualTo(1 + (engine.cycles.get() + 1) / 2 + 1);
    }

    @Test
    void shouldCloseTheEngineOnItsOwnThreadAndJoinIt()
    {
        final TestEngine engine = new TestEngine();
        final EngineThread thread = engineThread(engine);
        thread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.cycles.get() >= 10);

        thread.close(5_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(engine.closes.get()).isEqualTo(1);
        assertThat(engine.closedOn.get()).isEqualTo("tickertape-test");
        assertThat(thread.hasDied()).isFalse();
        assertThat(thread.errorCount()).isZero();
        thread.close(5_000);
        assertThat(engine.closes.get()).as("closed once").isEqualTo(1);
    }

    @Test
    void shouldReportAnEngineThatEndedOnItsOwnAsDied()
    {
        final TestEngine engine = new TestEngine()
        {
            @Override
            public int doWork()
            {
                if (cycles.incrementAndGet() == 100)
                {
                    throw new AgentTerminationException("the engine asks to stop");
                }
                return 1;
            }
        };
        final EngineThread thread = engineThread(engine);
        thread.start();

        await().atMost(Duration.ofSeconds(10)).until(thread::hasDied);
        await().atMost(Duration.ofSeconds(10)).until(() -> !thread.isAlive());
        assertThat(engine.cycles.get()).isEqualTo(100);
        thread.close(5_000);
        assertThat(thread.hasDied()).as("still died once closed").isTrue();
    }

    @Test
    void shouldSurviveAnErrorAndAFailedStart()
    {
        final TestEngine engine = new TestEngine()
        {
            @Override
            public void onStart()
            {
                throw new IllegalStateException("start failed");
            }

            @Override
            public int doWork()
            {
                if (cycles.incrementAndGet() == 100)
                {
                    throw new AssertionError("an Error is survived");
                }
                return 1;
            }
        };
        final EngineThread thread = engineThread(engine);
        thread.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> engine.cycles.get() >= 1_000);
        assertThat(thread.hasDied()).isFalse();
        assertThat(thread.errorCount()).as("the start and the Error").isEqualTo(2);
        thread.close(5_000);
        assertThat(engine.closes.get()).isEqualTo(1);
    }

    @Test
    void shouldCloseAnEngineThatNeverStarted()
    {
        final TestEngine engine = new TestEngine();
        final EngineThread thread = engineThread(engine);
        thread.close(10);
        assertThat(thread.isAlive()).isFalse();
        assertThat(thread.hasDied()).isFalse();
        assertThat(engine.cycles.get()).isZero();
    }
}
