package io.tickertape.engines;

/**
 * One engine's duty cycle, run on its own thread by an {@link EngineRunner}: {@link #onStart()} once, then
 * {@link #doWork()} again and again, then {@link #onClose()}. Everything an engine does happens on that thread,
 * so its state needs no locks; it talks to other engines only through the handoffs it was given.
 */
interface Engine
{
    /**
     * The engine's name: its producer's name and its thread's.
     *
     * @return the role name.
     */
    String roleName();

    /**
     * Called once on the engine's thread before the first {@link #doWork()}.
     */
    void onStart();

    /**
     * Do a bounded amount of work.
     *
     * @return how much was done; 0 lets the runner idle.
     */
    int doWork();

    /**
     * Called once on the engine's thread after the last {@link #doWork()}.
     */
    default void onClose()
    {
    }
}
