package io.tickertape.engines;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One engine run by an Agrona {@link AgentRunner} on a daemon thread of its own, named {@code tickertape-} and the
 * engine's role name, idling with a {@link BackoffIdleStrategy} (spin, yield, then park from 1 us up to a maximum).
 * <p>
 * Every {@link Throwable} the engine throws, from {@link Agent#onStart()}, {@link Agent#doWork()} or
 * {@link Agent#onClose()}, goes to the error handler and the engine goes on: an engine never dies of an error. Only an
 * {@link AgentTerminationException} (the engine asking to stop) or an interrupt ends the thread early, and then the
 * engine has died. This class is kept because the runner does not tell a thread that ended because it was closed
 * from one that ended on its own.
 */
final class EngineThread
{
    private static final long SPINS = 20;
    private static final long YIELDS = 20;
    private static final long MIN_PARK_NANOS = 1_000;

    private final Agent engine;
    private final AtomicCounter errors;
    private final AgentRunner runner;
    private volatile Thread thread;
    private volatile boolean closing;
    private volatile boolean diedBeforeClose;

    /**
     * @param engine       the engine.
     * @param errors       counts the engine's errors (the handler increments it).
     * @param errorHandler given every throwable the engine throws.
     * @param maxParkNanos the longest an idle engine parks between duty cycles.
     */
    EngineThread(final Agent engine, final AtomicCounter errors, final ErrorHandler errorHandler, final long maxParkNanos)
    {
        this.engine = engine;
        this.errors = errors;
        this.runner = new AgentRunner(new BackoffIdleStrategy(SPINS, YIELDS, MIN_PARK_NANOS, maxParkNanos),
            errorHandler, null, new Surviving(engine, errorHandler));
    }

    /**
     * Start the thread; once only.
     */
    void start()
    {
        final Thread started = new Thread(runner, "tickertape-" + engine.roleName());
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    /**
     * Stop the engine and wait for its thread to end; if it has not ended within the timeout, it is interrupted
     * and waited for again. An engine that never started is closed on the calling thread.
     *
     * @param timeoutMillis how long to wait before interrupting.
     */
    void close(final int timeoutMillis)
    {
        diedBeforeClose = hasDied();
        closing = true;
        runner.close(timeoutMillis, (stuck) -> System.getLogger("io.tickertape.engines").log(System.Logger.Level.WARNING,
            "engine " + name() + " did not stop within " + timeoutMillis + " ms: interrupting it"));
    }

    /**
     * Whether the thread ended while it was meant to run: before {@link #close(int)} was called.
     *
     * @return true if the engine died.
     */
    boolean hasDied()
    {
        if (closing)
        {
            return diedBeforeClose;
        }
        final Thread running = thread;
        return null != running && (runner.isClosed() || !running.isAlive());
    }

    /**
     * Whether the thread is running.
     *
     * @return true between start and the end of the thread.
     */
    boolean isAlive()
    {
        final Thread running = thread;
        return null != running && running.isAlive();
    }

    /**
     * The engine's role name.
     *
     * @return the name.
     */
    String name()
    {
        return engine.roleName();
    }

    /**
     * Errors the engine threw so far.
     *
     * @return the count.
     */
    long errorCount()
    {
        return errors.get();
    }

    /**
     * The engine, with its start and its duty cycle made to survive anything they throw: Agrona's runner ends its
     * thread on an {@link Error} or a failed {@link Agent#onStart()}, and an engine on the order path must keep
     * publishing through both.
     */
    private static final class Surviving implements Agent
    {
        private final Agent engine;
        private final ErrorHandler errorHandler;

        Surviving(final Agent engine, final ErrorHandler errorHandler)
        {
            this.engine = engine;
            this.errorHandler = errorHandler;
        }

        @Override
        public void onStart()
        {
            try
            {
                engine.onStart();
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
            }
        }

        @Override
        public int doWork()
        {
            try
            {
                return engine.doWork();
            }
            catch (final AgentTerminationException ex)
            {
                throw ex;
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
                return 0;
            }
        }

        @Override
        public void onClose()
        {
            engine.onClose();
        }

        @Override
        public String roleName()
        {
            return engine.roleName();
        }
    }
}
