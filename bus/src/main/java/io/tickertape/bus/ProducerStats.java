package io.tickertape.bus;

/**
 * A producer's figures at one moment.
 *
 * @param name      the producer's name (the events' {@code source}).
 * @param ringSize  slots in its ring.
 * @param depth     events committed but not yet collected: how full the ring is.
 * @param published events committed.
 * @param dropped   events dropped because the ring was full or the bus was closing.
 * @param truncated events committed with a payload cut to fit.
 */
public record ProducerStats(String name, int ringSize, long depth, long published, long dropped, long truncated)
{
}
