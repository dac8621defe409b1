package io.tickertape.engines;

/**
 * One engine thread's state at a moment.
 *
 * @param name   the engine's name, also its producer's (the {@code source} of its events).
 * @param alive  whether its thread is running.
 * @param died   whether its thread ended while it was meant to run.
 * @param errors errors the engine threw and survived.
 */
public record EngineStatus(String name, boolean alive, boolean died, long errors)
{
}
