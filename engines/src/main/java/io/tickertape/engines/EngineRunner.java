package io.tickertape.engines;

/**
 * Runs one {@link Engine} on its own daemon thread until stopped. Every {@link Throwable} thrown by the engine is
 * counted and logged once by its {@link ErrorCounter}, and the loop goes on: an engine never dies of an error.
 * If the thread ends for any other reason while it was meant to run, the runner reports it as dead.
 */
final class EngineRunner implements Runnable
{
    private final Engine engine;
    private final ErrorCounter errors;
    private final Backoff backoff;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile boolean ended;

    EngineRunner(final Engine engine, final ErrorCounter errors, final long maxParkNanos)
    {
        this.engine = engine;
        this.errors = errors;
        this.backoff = new Backoff(maxParkNanos);
        this.thread = new Thread(this, "tickertape-" + engine.roleName());
        this.thread.setDaemon(true);
    }

    /**
     * Start the thread; once only.
     */
    void start()
    {
        started = true;
        thread.start();
    }

    @Override
    public void run()
    {
        try
        {
            try
            {
                engine.onStart();
            }
            catch (final Throwable t)
            {
                errors.record(t);
            }
            while (running)
            {
                int work;
                try
                {
                    work = engine.doWork();
                }
                catch (final Throwable t)
                {
                    errors.record(t);
                    work = 0;
                }
                backoff.idle(work);
            }
            try
            {
                engine.onClose();
            }
            catch (final Throwable t)
            {
                errors.record(t);
            }
        }
        finally
        {
            ended = true;
        }
    }

    /**
     * Ask the loop to end after its current cycle.
     */
    void stop()
    {
        running = false;
    }

    /**
     * Wait for the thread to end.
     *
     * @param timeoutMillis how long to wait at most.
     * @return true if the thread has ended (or never started).
     * @throws InterruptedException if the waiting thread is interrupted.
     */
    boolean join(final long timeoutMillis) throws InterruptedException
    {
        if (!started)
        {
            return true;
        }
        thread.join(timeoutMillis);
        return !thread.isAlive();
    }

    /**
     * Whether the thread ended, or is no longer alive, while it was meant to run.
     *
     * @return true if the engine died.
     */
    boolean hasDied()
    {
        return started && running && (ended || !thread.isAlive());
    }

    /**
     * Whether the thread is running its loop.
     *
     * @return true between start and the end of the thread.
     */
    boolean isAlive()
    {
        return thread.isAlive();
    }

    String name()
    {
        return engine.roleName();
    }

    long errorCount()
    {
        return errors.count();
    }
}
