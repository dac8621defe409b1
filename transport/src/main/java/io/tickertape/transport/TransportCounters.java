package io.tickertape.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Figures of the HTTP side, for stats and metrics: counted with {@link LongAdder}s because many event loops
 * bump them and only monitors read them.
 */
final class TransportCounters
{
    final LongAdder requests = new LongAdder();
    final LongAdder badRequests = new LongAdder();
    final LongAdder streamsOpened = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder heartbeats = new LongAdder();
    final LongAdder stalledDisconnects = new LongAdder();
    final LongAdder rejectedSubscribers = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder rejectedConnections = new LongAdder();
    final LongAdder requestTimeouts = new LongAdder();
    final LongAdder unauthorized = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
}
