package io.tickertape.bus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.tickertape.bus.alert.AlertEngine;
import io.tickertape.bus.alert.AlertRules;
import io.tickertape.bus.alert.Alerts;
import io.tickertape.bus.journal.JournalContext;
import io.tickertape.bus.journal.JournalWriter;
import org.agrona.concurrent.AgentRunner;

/**
 * The telemetry pipeline of one application: producers' rings, the collector thread and the history.
 * <pre>{@code
 * try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(100_000)))
 * {
 *     Producer execution = bus.producer("execution", 16_384);   // one per publishing thread
 *     try (EventWriter e = execution.claim(EventType.ORDER))
 *     {
 *         e.put("order_id", "PAPER-0001").put("symbol", "NIFTY").put("qty", 50).put("price", 19755.0);
 *     }
 * }
 * }</pre>
 * A bus is not a singleton: an application owns it and may make several (tests do). {@link #noOp()} (or a
 * context with {@code enabled(false)}) gives a bus with the same API whose producers drop everything at the cost
 * of one branch, for running with telemetry off.
 * <p>
 * {@link #close()} stops new claims, collects what producers had committed, and stops the collector; it is
 * idempotent. An event claimed before the close but committed after the collector's final drain is counted as
 * published by its producer and never collected: stop publishing threads before closing the bus. Thread-safe, except that each {@link Producer} belongs to one thread.
 */
public final class TelemetryBus implements AutoCloseable
{
    private static final BatchListener[] NO_LISTENERS = new BatchListener[0];
    private static final long CLEAR_POLL_NANOS = 50_000;

    private final BusContext context;
    private final HistoryRing history;
    private final MemberNames memberNames = new MemberNames();
    private final ErrorLog errors;
    private final Collector collector;
    private final JournalWriter journal;
    private final JournalAppender journalAppender;
    private final AgentRunner journalRunner;
    private final AgentRunner runner;
    private final Aggregates aggregates;
    private final AgentRunner aggregatesRunner;
    private volatile AlertEngine alertEngine;
    private final long startNanos = System.nanoTime();
    private final Object lock = new Object();
    private volatile ProducerEntry[] producers = new ProducerEntry[0];
    /** The figures of removed producers, kept in the bus's totals; under {@link #lock}. */
    private long removedPublished;
    private long removedDropped;
    private long removedTruncated;
    private volatile BatchListener[] listeners = NO_LISTENERS;
    private volatile boolean closing;
    private volatile boolean closed;
    private final AtomicLong clearsRequested = new AtomicLong();

    private TelemetryBus(final BusContext context, final boolean enabled)
    {
        this.context = context;
        this.history = new HistoryRing(enabled ? context.historyCapacity() : 1, enabled ? context.historyArenaBytes() : 4096);
        this.errors = new ErrorLog(context.errorHandler());
        if (enabled)
        {
            journal = null == context.journal() ? null : JournalWriter.open(context.journal(), context.epoch(), errors::record);
            if (null != journal)
            {
                history.startAfter(journal.continuesAfter(), journal.lastSeq()); // the journal's epoch and sequence go on
                history.issueMark(journal::coverIssued);
                journalAppender = new JournalAppender(history, journal, context.journal().bufferBytes());
                history.spillTo(journalAppender);
                journalRunner = new AgentRunner(JournalAppender.idleStrategy(), errors, null, journalAppender);
            }
            else
            {
                journalAppender = null;
                journalRunner = null;
            }
            collector = new Collector(this, history, errors, context.collectorBatchLimit());
            runner = new AgentRunner(new CollectorIdle(context.idleStrategy(), collector), errors, null, collector);
            if (context.aggregateKeys() > 0)
            {
                aggregates = new Aggregates(context.aggregateKeys(), context.clock());
                aggregatesRunner = new AgentRunner(AggregateAgent.idleStrategy(), errors, null, new AggregateAgent(history, aggregates));
            }
            else
            {
                aggregates = null;
                aggregatesRunner = null;
            }
        }
        else
        {
            aggregates = null;
            aggregatesRunner = null;
            journal = null;
            journalAppender = null;
            journalRunner = null;
            collector = null;
            runner = null;
        }
    }

    /**
     * Start a bus: its collector thread runs until {@link #close()}.
     *
     * @param context the options; concluded here.
     * @return the running bus, or a no-op bus when the context has telemetry disabled.
     */
    public static TelemetryBus launch(final BusContext context)
    {
        context.conclude();
        if (!context.enabled())
        {
            return new TelemetryBus(context, false);
        }
        final TelemetryBus bus = new TelemetryBus(context, true);
        if (null != bus.journalRunner)
        {
            // Not the context's thread factory: that one makes the collector's thread (a benchmark measures it).
            AgentRunner.startOnThread(bus.journalRunner, JournalAppender::newThread);
        }
        if (null != bus.aggregatesRunner)
        {
            AgentRunner.startOnThread(bus.aggregatesRunner, AggregateAgent::newThread);
        }
        AgentRunner.startOnThread(bus.runner, context.threadFactory());
        if (null != context.alerts())
        {
            bus.alertEngine = AlertEngine.start(bus, context.alerts(), bus.errors);
        }
        return bus;
    }

    /**
     * Start a bus with the default options.
     *
     * @return the running bus.
     */
    public static TelemetryBus launch()
    {
        return launch(new BusContext());
    }

    /**
     * A bus with telemetry off: same API, no thread, producers that drop everything and count nothing.
     *
     * @return a no-op bus.
     */
    public static TelemetryBus noOp()
    {
        return new TelemetryBus(new BusContext().enabled(false).conclude(), false);
    }

    /**
     * Make a producer with its own ring. Give each publishing thread its own producer.
     *
     * @param name     unique within this bus; 1 to 64 characters from {@code [A-Za-z0-9_.:-]}.
     * @param ringSize slots in the ring: a power of two from 2, up to what fits in one array (2^21 with the
     *                 default slot capacity, 2^23 at most with the smallest). Size it to absorb bursts: when it is full,
     *                 events are dropped.
     * @return the producer.
     * @throws IllegalArgumentException if the name is taken or invalid, or the size is not a power of two.
     * @throws IllegalStateException    if the bus is closed.
     */
    public Producer producer(final String name, final int ringSize)
    {
        EventType.validateName(name, "producer");
        return register(name, null, ringSize);
    }

    /**
     * Make a relay: a producer for events first published on another bus (a hub gathering many hosts' events makes
     * one per host, producer and epoch). Its events keep their timestamps and carry their {@link Origin} and the
     * sequence they had there ({@link Producer#claimRelayed(EventType, long, long)}); their {@code source} is the
     * origin's. A relay belongs to one thread, as any producer.
     *
     * @param origin   the host, producer and epoch whose events this relays; one relay per origin.
     * @param ringSize slots in the ring, as for {@link #producer(String, int)}.
     * @return the producer, named {@code <host>/<source>/<epoch>}.
     * @throws IllegalArgumentException if a relay for this origin exists, or the size is not a power of two.
     * @throws IllegalStateException    if the bus is closed.
     */
    public Producer relay(final Origin origin, final int ringSize)
    {
        Objects.requireNonNull(origin, "origin");
        return register(origin.host() + '/' + origin.source() + '/' + origin.epoch(), origin, ringSize);
    }

    private Producer register(final String name, final Origin origin, final int ringSize)
    {
        final int capacity = context.slotCapacity() + (null == origin ? 0 : SlotLayout.ORIGIN_SEQ_LENGTH);
        final int maxRingSize = SlotLayout.maxRingSize(capacity);
        if (ringSize < 2 || ringSize > maxRingSize || Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ring size must be a power of two from 2 to " + maxRingSize +
                " (with slots of " + context.slotCapacity() + " bytes): " + ringSize);
        }
        synchronized (lock)
        {
            if (closing)
            {
                throw new IllegalStateException("bus is closed");
            }
            for (final ProducerEntry entry : producers)
            {
                if (entry.producer.name().equals(name))
                {
                    throw new IllegalArgumentException("a producer named '" + name + "' exists already");
                }
            }
            final Producer producer = new Producer(
                isEnabled() ? this : null, name, origin, ringSize, context.slotCapacity(), context.clock());
            final ProducerEntry[] next = Arrays.copyOf(producers, producers.length + 1);
            next[next.length - 1] = new ProducerEntry(
                producer, context.dropAnnouncementIntervalNanos(), history.maxRecordLength());
            producers = next;
            return producer;
        }
    }

    /**
     * Let a producer go that will publish no more (a relay whose origin has gone quiet, say), once everything it
     * published has been collected: the collector stops polling it, its ring can be collected as garbage, its name (a
     * relay's origin) may be registered again, and what it published, dropped and truncated stays in the bus's
     * figures. Call it from the producer's own thread; a claim on it afterwards is dropped, and not counted.
     *
     * @param producer a producer of this bus.
     * @return true if it was removed (or was not registered); false if some of its events still wait for the
     *         collector, an event is open, or its drops are not yet announced: try again later.
     */
    public boolean remove(final Producer producer)
    {
        Objects.requireNonNull(producer, "producer");
        synchronized (lock)
        {
            final ProducerEntry[] current = producers;
            for (int i = 0; i < current.length; i++)
            {
                final ProducerEntry entry = current[i];
                if (entry.producer != producer)
                {
                    continue;
                }
                if (!producer.isDrained() || entry.announcedDrops != producer.dropped())
                {
                    return false;
                }
                producer.markRemoved();
                removedPublished += producer.published();
                removedDropped += producer.dropped();
                removedTruncated += producer.truncated();
                final ProducerEntry[] next = new ProducerEntry[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                producers = next; // the collector may finish a cycle over the old array: the entry has nothing to poll
                return true;
            }
            return true;
        }
    }

    /**
     * Be told after each collector batch; see {@link BatchListener} for the rules.
     *
     * @param listener the listener.
     */
    public void addListener(final BatchListener listener)
    {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock)
        {
            final BatchListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
            next[next.length - 1] = listener;
            listeners = next;
        }
    }

    /**
     * Stop telling a listener.
     *
     * @param listener a listener added before.
     */
    public void removeListener(final BatchListener listener)
    {
        synchronized (lock)
        {
            final List<BatchListener> kept = new ArrayList<>(Arrays.asList(listeners));
            kept.remove(listener);
            listeners = kept.toArray(NO_LISTENERS);
        }
    }

    /**
     * The history of collected events, for queries and cursors.
     *
     * @return the history ring.
     */
    public HistoryRing history()
    {
        return history;
    }

    /**
     * The epoch: a token naming this run of the bus, fixed from launch to close. Event ids are
     * {@code <epoch>-<seq>}, so a client that resumes with an id from another run is told so instead of being
     * read as a position in this one. See {@link BusContext#epoch(String)}.
     *
     * @return 1 to 16 characters from {@code [0-9a-z]}.
     */
    public String epoch()
    {
        return null == journal ? context.epoch() : journal.epoch();
    }

    /**
     * Whether this bus collects anything (false for a no-op bus).
     *
     * @return true unless telemetry is disabled.
     */
    public boolean isEnabled()
    {
        return null != runner;
    }

    /**
     * The collector's writers for payload shapes, for tests (its own counts: read from here, they may lag).
     *
     * @return null for a bus without a collector or without shape writers.
     */
    PayloadShapes collectorShapes()
    {
        return null == collector ? null : collector.shapes();
    }

    /**
     * Whether the collector thread is running.
     *
     * @return true between launch and close.
     */
    public boolean isRunning()
    {
        return null != runner && !closing && !runner.isClosed();
    }

    boolean isClosing()
    {
        return closing;
    }

    MemberNames memberNames()
    {
        return memberNames;
    }

    ProducerEntry[] producerEntries()
    {
        return producers;
    }

    BatchListener[] listeners()
    {
        return listeners;
    }

    /**
     * The counts this bus keeps per type, symbol, strategy and source over the last seconds.
     *
     * @return them, or null when the bus keeps none ({@link BusContext#aggregateKeys(int)}).
     */
    public Aggregates aggregates()
    {
        return aggregates;
    }

    /**
     * The alerting of this bus: its rules' state, recent firings and webhook deliveries.
     *
     * @return it, or null when the bus has no rules ({@link BusContext#alerts(AlertRules)}).
     */
    public Alerts alerts()
    {
        final AlertEngine engine = alertEngine;
        return null == engine ? null : engine.alerts();
    }

    /**
     * The journal this bus appends to.
     *
     * @return it, or null when the bus has none ({@link BusContext#journal(JournalContext)}).
     */
    public JournalWriter journal()
    {
        return journal;
    }

    /**
     * Let go of every event the history holds, as a debugging aid (the replaced layer's {@code clear_buffer()}).
     * The clear point is the history's head when the collector applies the request, after its current cycle has
     * polled the producers; sequences continue from there. A query, a page or a resume that asks for an event
     * older than the clear point is answered as if the event had been written over (the resume contract's
     * {@code gap}); live streams go on; no counter is reset. Returns once the clear is done (at most one collector
     * cycle); a no-op on a disabled bus.
     */
    public void clearHistory()
    {
        if (null == collector)
        {
            return;
        }
        final long request = clearsRequested.incrementAndGet();
        if (Thread.currentThread() == runner.thread())
        {
            collector.clearInPlace(request); // a listener: the collector thread is the writer, so it may clear now
            return;
        }
        while (collector.clearsApplied() < request)
        {
            if (closed || runner.isClosed())
            {
                synchronized (lock)
                {
                    if (closed)
                    {
                        // The collector has ended: nothing else writes the history.
                        collector.clearInPlace(request);
                        return;
                    }
                }
            }
            LockSupport.parkNanos(CLEAR_POLL_NANOS);
        }
    }

    long clearsRequested()
    {
        return clearsRequested.get();
    }

    /**
     * A snapshot of the bus's figures, taken without stopping anyone. Allocates; meant for monitors.
     *
     * @return the stats.
     */
    public BusStats stats()
    {
        final long head = history.head();
        final long tail = history.tail();
        final Map<String, Long> counts = new LinkedHashMap<>();
        final List<String> types = new ArrayList<>();
        final int typeCount = EventType.count();
        for (int id = 0; id < typeCount; id++)
        {
            if (history.appendedCount(id) > 0)
            {
                final String name = EventType.byId(id).name();
                types.add(name);
                final long held = history.heldCount(id);
                if (held > 0)
                {
                    counts.put(name, held);
                }
            }
        }
        long published;
        long dropped;
        long truncated;
        final List<ProducerStats> producerStats = new ArrayList<>();
        synchronized (lock) // the producers and the removed ones' figures together
        {
            published = removedPublished;
            dropped = removedDropped;
            truncated = removedTruncated;
            for (final ProducerEntry entry : producers)
            {
                final Producer p = entry.producer;
                final ProducerStats s = new ProducerStats(p.name(), p.ringSize(), p.depth(), p.published(), p.dropped(), p.truncated());
                producerStats.add(s);
                published += s.published();
                dropped += s.dropped();
                truncated += s.truncated();
            }
        }
        return new BusStats(
            head,
            tail,
            history.size(),
            history.capacity(),
            counts,
            types,
            published,
            dropped,
            truncated,
            null == collector ? 0 : collector.collected(),
            null == collector ? 0 : collector.oversized(),
            producerStats,
            null == collector ? 0 : collector.batches(),
            errors.count(),
            (System.nanoTime() - startNanos) / 1_000_000,
            isRunning(),
            epoch(),
            null == collector ? 0 : collector.dropAnnouncements(),
            null == collector ? 0 : collector.interrupts());
    }

    /**
     * The options this bus runs with.
     *
     * @return the concluded context.
     */
    public BusContext context()
    {
        return context;
    }

    /**
     * Stop new claims, collect what was committed, stop the collector. Idempotent.
     */
    @Override
    public void close()
    {
        if (null != runner && Thread.currentThread() == runner.thread())
        {
            // Closing waits for the collector thread to end: from that thread (a listener) it could never return.
            throw new IllegalStateException("close() called on the collector thread, e.g. from a BatchListener");
        }
        synchronized (lock)
        {
            closing = true;
            if (closed)
            {
                return;
            }
            if (null != alertEngine)
            {
                alertEngine.close(); // before the collector: what it published last is collected
            }
            if (null != runner)
            {
                runner.close(); // a second caller waits on the lock until the drain is done
            }
            if (null != aggregatesRunner)
            {
                aggregatesRunner.close();
            }
            if (null != journal)
            {
                journalRunner.close();
                // Both threads ended, unless an interrupt cut a close short (Agrona's runner then stops waiting):
                // a thread still running may touch the journal's mapped files, which stay mapped for it; the next
                // run recovers the journal as after a crash.
                if (runner.isClosed() && journalRunner.isClosed())
                {
                    journalAppender.drain(); // what the collector appended last, from this thread now the appender's has ended
                    journal.settleIssued(history.head()); // nothing more is given out: the next run continues after the head
                    journal.close();
                }
            }
            closed = true;
        }
    }
}
