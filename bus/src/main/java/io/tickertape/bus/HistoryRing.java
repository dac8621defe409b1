package io.tickertape.bus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongUnaryOperator;

/**
 * The fixed-size history of collected events, as JSON: the broadcast buffer that queries and live subscribers
 * read. The collector is its only writer; readers on any thread never block it and never take a lock.
 * <p>
 * Records are held two ways: an index of {@code capacity} entries (sequence, arena position, length, type) and an
 * arena of bytes written round and round. A record is held while it is among the newest {@code capacity} and its
 * bytes have not been written over. A reader copies a record out and then checks, seqlock-style, that neither its
 * index entry nor its bytes changed meanwhile; if they did, it was lapped and the read says so, so a torn or
 * mixed record never reaches a caller.
 * <p>
 * An entry's keys are the ids of the event's symbol, strategy and source in the ring's dictionaries (see
 * {@link EventFilter}): a filter on them, like one on type, is decided from the index before any byte is copied.
 * <pre>
 *  index (capacity entries, entry = seq mod capacity)              arena (power of two bytes, position & mask)
 *  +-----+-------+--------+------+------+                          +--------------------------------------+
 *  | seq | start | length | type | keys |  start ----------------> | {"seq":41,...} | {"seq":42,...} | ... |
 *  +-----+-------+--------+------+------+                          +--------------------------------------+
 *  seq = -1 while the entry is rewritten                  a record never wraps: the writer skips to 0
 *
 *  writer, per record                       reader, per record
 *  1. evict by count and by bytes; tail     1. seq' = index.seq (acquire); seq' != seq: lapped
 *  2. reserved = end; storeStore fence      2. read start, length, type; copy the bytes
 *  3. write the bytes (in place)            3. loadLoad fence
 *  4. index.seq = -1; storeStore fence      4. index.seq != seq or reserved > start + arena: lapped
 *  5. write start, length, type
 *  6. index.seq = seq (release); head
 * </pre>
 * The collector encodes an event straight into the arena ({@link #reserve}, then {@link #commit}): it reserves a
 * record's most likely room before it knows the length, so the bytes after a record, up to that room, are kept
 * free (their records let go of) until the next record takes them. The reserved position never moves back, and
 * it alone guards the bytes: a reader whose record's bytes were written over sees it past their start plus the
 * arena's length.
 */
public final class HistoryRing extends HistoryPositionsRhsPadding
{
    private static final VarHandle SEQS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RESERVED;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(HistoryPositions.class, "head", long.class);
            TAIL = lookup.findVarHandle(HistoryPositions.class, "tail", long.class);
            RESERVED = lookup.findVarHandle(HistoryPositions.class, "reserved", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Distinct symbols the ring keeps ids for; events with later new symbols are matched on their bytes. */
    public static final int SYMBOLS_MAX = 1 << 16;
    /** Distinct strategies the ring keeps ids for. */
    public static final int STRATEGIES_MAX = 1 << 12;
    /** Distinct sources (producers) the ring keeps ids for. */
    public static final int SOURCES_MAX = 1 << 12;

    /** Bytes ahead of the record being written that {@link #touchAhead} reads. */
    private static final int TOUCH_AHEAD = 1024;
    private static final int CACHE_LINE = 64;

    private final int capacity;
    /** {@code capacity - 1} when the capacity is a power of two (an index is then a mask), otherwise -1. */
    private final long indexMask;
    private final byte[] arena;
    private final int arenaMask;
    private final int maxRecordLength;
    private final long[] seqs;
    private final long[] starts;
    private final int[] lengths;
    private final int[] types;
    private final long[] timestamps;
    /** Each record's symbol, strategy and source ids in one word: {@link #keys(int, int, int)}. */
    private final long[] keys;
    private final KeyDictionary symbols = new KeyDictionary(SYMBOLS_MAX);
    private final KeyDictionary strategies = new KeyDictionary(STRATEGIES_MAX);
    private final KeyDictionary sources = new KeyDictionary(SOURCES_MAX);
    /**
     * Events held and appended, per type: written by the collector alone, which reads its own counts plainly and
     * publishes each with a release store; read by stats from any thread.
     */
    private final AtomicLongArray heldByType = new AtomicLongArray(EventType.MAX_TYPES);
    private final AtomicLongArray appendedByType = new AtomicLongArray(EventType.MAX_TYPES);
    private long writePosition;
    /** The writer's copy of the reserved position, and where the reserved record starts. */
    private long reservedEnd;
    private long reservedStart;
    /** The sum of what {@link #touchAhead} read, kept so that the reads stay. */
    private int touchSink;
    private EvictionSpill spill;
    /** The sequences skipped at start, {@code (lostAfter, lostTo]} ({@link #lostAtStart}); set before the collector starts. */
    private long lostAfter;
    private long lostTo;
    /** Sequences up to this may be given out without asking {@link #issueMark}; none asked without a journal. */
    private long issueLimit = Long.MAX_VALUE;
    private LongUnaryOperator issueMark;

    /**
     * A ring holding at most {@code capacity} records in an arena of {@code arenaLength} bytes.
     *
     * @param capacity    maximum number of records held, at least 1.
     * @param arenaLength bytes of JSON held, a power of two of at least 4096; records longer than an eighth of
     *                    it are refused.
     */
    public HistoryRing(final int capacity, final int arenaLength)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("history capacity must be at least 1: " + capacity);
        }
        if (arenaLength < 4096 || Integer.bitCount(arenaLength) != 1)
        {
            throw new IllegalArgumentException("history arena must be a power of two >= 4096 bytes: " + arenaLength);
        }
        this.capacity = capacity;
        this.indexMask = Integer.bitCount(capacity) == 1 ? capacity - 1 : -1;
        this.arena = new byte[arenaLength];
        this.arenaMask = arenaLength - 1;
        this.maxRecordLength = arenaLength / 8;
        this.seqs = new long[capacity];
        this.starts = new long[capacity];
        this.lengths = new int[capacity];
        this.types = new int[capacity];
        this.timestamps = new long[capacity];
        this.keys = new long[capacity];
        Arrays.fill(seqs, -1L);
    }

    /**
     * Have records a reader has not passed handed to it as they are let go of. Before the ring is used, by its
     * owner.
     */
    void spillTo(final EvictionSpill spill)
    {
        this.spill = spill;
    }

    /**
     * Ids packed (NONE, 0, in each when absent): symbol in bits 0 to 19, strategy 20 to 33, source 34 to 47 (each id at most its dictionary's
     * overflow id), the status code ({@link Aggregates#statusCode}) in 48 to 50.
     */
    static long keys(final int symbolId, final int strategyId, final int sourceId, final int statusCode)
    {
        return (symbolId & 0xF_FFFFL) | (strategyId & 0x3FFFL) << 20 | (sourceId & 0x3FFFL) << 34 | (statusCode & 0x7L) << 48;
    }

    static int symbolOf(final long keys)
    {
        return (int)(keys & 0xF_FFFF);
    }

    static int strategyOf(final long keys)
    {
        return (int)(keys >>> 20 & 0x3FFF);
    }

    static int sourceOf(final long keys)
    {
        return (int)(keys >>> 34 & 0x3FFF);
    }

    static int statusOf(final long keys)
    {
        return (int)(keys >>> 48 & 0x7);
    }

    private int index(final long seq)
    {
        // A 64-bit remainder takes tens of cycles and the collector takes three or four per event (readers one per
        // record): a mask when the capacity allows it, as the default's and any power of two's does.
        final long mask = indexMask;
        return mask >= 0 ? (int)(seq & mask) : (int)(seq % capacity);
    }

    /**
     * Append a record. Only the single writer (the collector) may call this.
     *
     * @param typeId the event's type id.
     * @param src    bytes of the JSON.
     * @param offset where the JSON starts in {@code src}.
     * @param length JSON bytes, at most {@link #maxRecordLength()}.
     * @return the record's sequence, or -1 if it is too long to hold.
     */
    long append(final int typeId, final byte[] src, final int offset, final int length)
    {
        return append(typeId, 0, src, offset, length);
    }

    /**
     * Append a record with its event's timestamp. Only the single writer (the collector) may call this.
     *
     * @param typeId         the event's type id.
     * @param timestampNanos the event's timestamp, nanoseconds since the epoch.
     * @param src            bytes of the JSON.
     * @param offset         where the JSON starts in {@code src}.
     * @param length         JSON bytes, at most {@link #maxRecordLength()}.
     * @return the record's sequence, or -1 if it is too long to hold.
     */
    long append(final int typeId, final long timestampNanos, final byte[] src, final int offset, final int length)
    {
        return append(typeId, timestampNanos, 0L, src, offset, length);
    }

    /**
     * Append a record with its event's timestamp and keys. Only the single writer (the collector) may call this.
     *
     * @param typeId         the event's type id.
     * @param timestampNanos the event's timestamp, nanoseconds since the epoch.
     * @param keys           its symbol, strategy, source and status, packed by {@link #keys(int, int, int, int)}.
     * @param src            bytes of the JSON.
     * @param offset         where the JSON starts in {@code src}.
     * @param length         JSON bytes, at most {@link #maxRecordLength()}.
     * @return the record's sequence, or -1 if it is too long to hold.
     */
    long append(
        final int typeId, final long timestampNanos, final long keys, final byte[] src, final int offset, final int length)
    {
        if (length > maxRecordLength || length < 0)
        {
            return -1;
        }
        final int at = reserve(length);
        System.arraycopy(src, offset, arena, at, length);
        return commit(typeId, timestampNanos, keys, length);
    }

    /**
     * Make room for the next record in the arena, to be written there in place and then {@link #commit committed}:
     * the records the room overlaps, or that the next record pushes past the capacity, are let go of first. A
     * record shorter than its room leaves the rest to the next one; a room that would cross the arena's end starts
     * at 0 instead, leaving the bytes before the end unused for that lap. So the records let go of early hold at
     * most two rooms' worth of bytes. A reservation that is never committed (the event did not fit, or its slot was
     * malformed) still let its records go. Only the single writer (the collector) may call this.
     *
     * @param room bytes the record may take, at most {@link #maxRecordLength()}.
     * @return where in {@link #arena()} the record starts; it may take bytes up to {@code room} from there.
     */
    int reserve(final int room)
    {
        final long seq = head + 1;
        long start = writePosition;
        final int physical = (int)(start & arenaMask);
        if (physical + room > arena.length)
        {
            start += arena.length - physical;
        }
        final long end = Math.max(start + room, reservedEnd); // reserved never moves back: readers compare with it

        long tail = this.tail;
        final long oldestKeptStart = end - arena.length;
        long spillAfter = Long.MAX_VALUE;
        if (null != spill && tail < seq && (seq - tail >= capacity || starts[index(tail)] < oldestKeptStart))
        {
            spillAfter = spill.passedSeq(); // read only when something is let go of
        }
        while (tail < seq && (seq - tail >= capacity || starts[index(tail)] < oldestKeptStart))
        {
            final int t = index(tail);
            final int type = types[t];
            if (tail > spillAfter)
            {
                spill.spill(tail, timestamps[t], type, arena, (int)(starts[t] & arenaMask), lengths[t]);
            }
            heldByType.lazySet(type, heldByType.getPlain(type) - 1);
            tail++;
        }
        TAIL.setRelease(this, tail);
        if (end != reservedEnd)
        {
            reservedEnd = end;
            RESERVED.setRelease(this, end);
        }
        VarHandle.storeStoreFence(); // a reader that sees a byte written from here on sees the reservation too
        reservedStart = start;
        touchAhead(start);
        return (int)(start & arenaMask);
    }

    /**
     * Read a byte every 64 bytes, four of them, {@link #TOUCH_AHEAD} bytes ahead of this record: in an arena larger
     * than a core's cache (the default 8 MiB is), the lines the writer comes round to are cold, and a store into a
     * cold line waits for it. The loads bring them in while the events before them are still being encoded (Java has
     * no prefetch instruction; a load whose value is kept is the portable one). Four lines cover more than an order
     * event's JSON, so each line is read at least once. Loads only: readers are not disturbed. With the cheaper escape
     * check made at the same time, the pipeline benchmark gained 3 to 11% (docs/BENCHMARKS.md).
     */
    private void touchAhead(final long start)
    {
        final byte[] arena = this.arena;
        final int mask = arenaMask;
        final int line = (int)(start + TOUCH_AHEAD) & -CACHE_LINE;
        touchSink += arena[line & mask] + arena[(line + CACHE_LINE) & mask] + arena[(line + 2 * CACHE_LINE) & mask] +
            arena[(line + 3 * CACHE_LINE) & mask];
    }

    /**
     * Publish the record written where the last {@link #reserve} said. Only the single writer (the collector) may
     * call this.
     *
     * @param typeId         the event's type id.
     * @param timestampNanos the event's timestamp, nanoseconds since the epoch.
     * @param keys           its symbol, strategy, source and status, packed by {@link #keys(int, int, int, int)}.
     * @param length         bytes written, at most the room reserved.
     * @return the record's sequence.
     */
    long commit(final int typeId, final long timestampNanos, final long keys, final int length)
    {
        final long seq = head + 1;
        if (seq > issueLimit)
        {
            issueLimit = issueMark.applyAsLong(seq); // before any reader can see the sequence
        }
        final long start = reservedStart;
        final int i = index(seq);
        SEQS.setOpaque(seqs, i, -1L);
        VarHandle.storeStoreFence();
        starts[i] = start;
        lengths[i] = length;
        types[i] = typeId;
        timestamps[i] = timestampNanos;
        this.keys[i] = keys;
        SEQS.setRelease(seqs, i, seq);

        heldByType.lazySet(typeId, heldByType.getPlain(typeId) + 1);
        appendedByType.lazySet(typeId, appendedByType.getPlain(typeId) + 1);
        writePosition = start + length;
        HEAD.setRelease(this, seq);
        return seq;
    }

    /**
     * The arena, for the writer to write a record in place after {@link #reserve}.
     *
     * @return the arena's bytes.
     */
    byte[] arena()
    {
        return arena;
    }

    /**
     * Start the sequence after {@code seq} (a bus that continues a journal's sequence): the ring is empty and the
     * next append is {@code seq + 1}. The earlier run kept every event up to {@code lastKept} only: after a crash,
     * the sequences between were given out, or reserved, and are held nowhere ({@link #lostAtStart}). Only before the
     * first append.
     *
     * @param seq      the last sequence an earlier run may have given out.
     * @param lastKept the last sequence of the earlier run that its journal holds.
     */
    void startAfter(final long seq, final long lastKept)
    {
        lostAfter = Math.min(lastKept, seq);
        lostTo = seq;
        HEAD.setRelease(this, seq);
        TAIL.setRelease(this, seq + 1);
    }

    /**
     * Whether a sequence of this epoch names an event no one can place: one an earlier run may have given out (a
     * client may hold its id) that neither this history nor the journal holds, because the run stopped before its
     * journal took it (a crash).
     *
     * @param seq the sequence.
     * @return true if it lies in the range the bus skipped when it started.
     */
    public boolean lostAtStart(final long seq)
    {
        return seq > lostAfter && seq <= lostTo;
    }

    /** @return the last sequence skipped when the bus started (this run's first event is the one after it); 0 if none. */
    public long lostTo()
    {
        return lostTo;
    }

    /**
     * Have every sequence covered by a mark before it is given out (a journal's mark of sequences given out): the
     * mark is asked to cover a sequence above the last value it returned. Only before the first append.
     *
     * @param mark given a sequence about to be given out, makes the mark cover it and returns the mark.
     */
    void issueMark(final LongUnaryOperator mark)
    {
        issueMark = mark;
        issueLimit = 0;
    }

    /**
     * Let go of every record held: the tail moves past the head, so a read of any sequence up to the head now
     * finds it gone, exactly as if it had been written over, and the next append continues the sequence. Only the
     * single writer (the collector) may call this.
     */
    void clear()
    {
        if (null != spill)
        {
            for (long seq = Math.max(tail, spill.passedSeq() + 1); seq <= head; seq++)
            {
                final int t = index(seq);
                spill.spill(seq, timestamps[t], this.types[t], arena, (int)(starts[t] & arenaMask), lengths[t]);
            }
        }
        final int types = EventType.count();
        for (int id = 0; id < types; id++)
        {
            heldByType.lazySet(id, 0);
        }
        TAIL.setRelease(this, head + 1);
    }

    /**
     * Read the index entry of sequence {@code seq} (type, timestamp, keys, length), validated, without copying the
     * record's bytes: {@code into}'s buffer does not hold them after this. For readers that count from the index
     * alone ({@link AggregateAgent}).
     *
     * @param seq  the sequence to read.
     * @param into the reader's record, its bytes left as they were.
     * @return {@link ReadResult#OK} when {@code into} now holds the entry.
     */
    ReadResult readIndex(final long seq, final HistoryRecord into)
    {
        if (seq > (long)HEAD.getAcquire(this))
        {
            return ReadResult.NOT_AVAILABLE;
        }
        if (seq < (long)TAIL.getAcquire(this))
        {
            return ReadResult.LAPPED;
        }
        final int i = index(seq);
        if ((long)SEQS.getAcquire(seqs, i) != seq)
        {
            return ReadResult.LAPPED;
        }
        final int length = lengths[i];
        final int typeId = types[i];
        final long timestamp = timestamps[i];
        final long keys = this.keys[i];
        VarHandle.loadLoadFence();
        if ((long)SEQS.getVolatile(seqs, i) != seq)
        {
            return ReadResult.LAPPED;
        }
        into.set(seq, typeId, length, timestamp, keys);
        return ReadResult.OK;
    }

    /**
     * Copy the record of sequence {@code seq} into {@code into}, validated.
     *
     * @param seq  the sequence to read.
     * @param into the reader's record.
     * @return {@link ReadResult#OK} when {@code into} now holds it.
     */
    public ReadResult read(final long seq, final HistoryRecord into)
    {
        if (seq > (long)HEAD.getAcquire(this))
        {
            return ReadResult.NOT_AVAILABLE;
        }
        if (seq < (long)TAIL.getAcquire(this))
        {
            return ReadResult.LAPPED;
        }
        final int i = index(seq);
        if ((long)SEQS.getAcquire(seqs, i) != seq)
        {
            return ReadResult.LAPPED;
        }
        final long start = starts[i];
        final int length = lengths[i];
        final int typeId = types[i];
        final long timestamp = timestamps[i];
        final long keys = this.keys[i];
        final int physical = (int)(start & arenaMask);
        if (length < 0 || physical + length > arena.length)
        {
            return ReadResult.LAPPED; // a torn read of the index entry: it is being rewritten
        }
        final byte[] dst = into.bufferFor(length);
        if (null == dst)
        {
            return ReadResult.LAPPED;
        }
        System.arraycopy(arena, physical, dst, 0, length);
        VarHandle.loadLoadFence();
        if ((long)SEQS.getVolatile(seqs, i) != seq || (long)RESERVED.getVolatile(this) > start + arena.length)
        {
            return ReadResult.LAPPED;
        }
        into.set(seq, typeId, length, timestamp, keys);
        return ReadResult.OK;
    }

    /**
     * A filter by type and by key values, matched through this ring's dictionaries.
     *
     * @param types      the types passed.
     * @param symbols    the symbols passed; null or empty for any.
     * @param strategies the strategies passed; null or empty for any.
     * @param sources    the sources passed; null or empty for any.
     * @return the filter, for this ring only.
     * @throws IllegalArgumentException for an empty value, or a key with more than {@link EventFilter#MAX_VALUES}.
     */
    public EventFilter filter(
        final TypeFilter types, final Collection<String> symbols, final Collection<String> strategies, final Collection<String> sources)
    {
        return filter(types, symbols, strategies, sources, null);
    }

    /**
     * As {@link #filter(TypeFilter, Collection, Collection, Collection)}, and by the origin host of relayed events.
     *
     * @param types      the types passed.
     * @param symbols    the symbols passed; null or empty for any.
     * @param strategies the strategies passed; null or empty for any.
     * @param sources    the sources passed; null or empty for any.
     * @param hosts      the origin hosts passed; null or empty for any.
     * @return the filter, for this ring only.
     * @throws IllegalArgumentException for an empty value, or a key with more than {@link EventFilter#MAX_VALUES}.
     */
    public EventFilter filter(
        final TypeFilter types, final Collection<String> symbols, final Collection<String> strategies, final Collection<String> sources,
        final Collection<String> hosts)
    {
        return EventFilter.of(types, symbols, strategies, sources, hosts, this.symbols, this.strategies, this.sources);
    }

    KeyDictionary symbols()
    {
        return symbols;
    }

    KeyDictionary strategies()
    {
        return strategies;
    }

    KeyDictionary sources()
    {
        return sources;
    }

    /**
     * As {@link #read(long, EventFilter, HistoryRecord)}, by type only.
     *
     * @param seq    the sequence to read.
     * @param filter which types to copy.
     * @param into   the reader's record.
     * @return as the other.
     */
    public ReadResult read(final long seq, final TypeFilter filter, final HistoryRecord into)
    {
        return read(seq, EventFilter.of(filter), into);
    }

    /**
     * Copy the record of sequence {@code seq} into {@code into} if it passes the filter. Its type and keys are read
     * from the index and checked before any byte of the record is copied, so a reader looking for rare events pays
     * for the index entries it passes, not for the records it does not want (a key whose id says nothing, see
     * {@link KeyDictionary}, is checked on the copy).
     *
     * @param seq    the sequence to read.
     * @param filter which events to copy.
     * @param into   the reader's record.
     * @return {@link ReadResult#OK} when {@code into} now holds it, {@link ReadResult#SKIPPED} when it is held but
     *         does not pass.
     */
    public ReadResult read(final long seq, final EventFilter filter, final HistoryRecord into)
    {
        if (!filter.isAll())
        {
            if (seq > (long)HEAD.getAcquire(this))
            {
                return ReadResult.NOT_AVAILABLE;
            }
            final int i = index(seq);
            if (seq < (long)TAIL.getAcquire(this) || (long)SEQS.getAcquire(seqs, i) != seq)
            {
                return ReadResult.LAPPED;
            }
            final long k = keys[i];
            final int decision = filter.decide(types[i], symbolOf(k), strategyOf(k), sourceOf(k));
            VarHandle.loadLoadFence();
            if ((long)SEQS.getVolatile(seqs, i) != seq)
            {
                return ReadResult.LAPPED;
            }
            if (decision == KeyMatcher.NO)
            {
                return ReadResult.SKIPPED;
            }
            final ReadResult result = read(seq, into);
            return result == ReadResult.OK && decision == KeyMatcher.BYTES && !filter.matches(into) ? ReadResult.SKIPPED : result;
        }
        return read(seq, into);
    }

    /**
     * The newest {@code limit} records whose type passes the filter, delivered oldest first.
     *
     * @param filter  which types to return.
     * @param limit   most records to deliver.
     * @param scratch the reader's record, reused for each.
     * @param handler receives each record.
     * @return how many records were delivered.
     */
    public int newest(final TypeFilter filter, final int limit, final HistoryRecord scratch, final RecordHandler handler)
    {
        return newest(EventFilter.of(filter), limit, scratch, handler);
    }

    /**
     * The newest {@code limit} records that pass the filter, delivered oldest first.
     *
     * @param filter  which events to return.
     * @param limit   most records to deliver.
     * @param scratch the reader's record, reused for each.
     * @param handler receives each record.
     * @return how many records were delivered.
     */
    public int newest(final EventFilter filter, final int limit, final HistoryRecord scratch, final RecordHandler handler)
    {
        final long head = head();
        final long tail = tail();
        long from = head + 1;
        int found = 0;
        // No need to walk further back than the matching records held: a type that is not held costs nothing, and
        // a rare one only the walk back to its oldest record.
        final long wanted = Math.min(limit, heldMatching(filter));
        // Walk back over the index (types and keys only) to find where the newest `limit` matches start.
        for (long seq = head; seq >= tail && found < wanted; seq--)
        {
            final int i = index(seq);
            final long k = keys[i];
            final int decision = filter.decide(types[i], symbolOf(k), strategyOf(k), sourceOf(k));
            if (decision == KeyMatcher.YES || (decision == KeyMatcher.BYTES && read(seq, filter, scratch) == ReadResult.OK))
            {
                found++;
                from = seq;
            }
        }
        return deliver(from, head, filter, limit, scratch, handler);
    }

    /**
     * The first {@code limit} records after {@code afterSeq} whose type passes the filter, oldest first: a page
     * forward from a sequence a reader already has.
     *
     * @param afterSeq the last sequence the reader has (0 for the oldest held).
     * @param filter   which types to return.
     * @param limit    most records to deliver.
     * @param scratch  the reader's record, reused for each.
     * @param handler  receives each record.
     * @return how many records were delivered.
     */
    public int after(
        final long afterSeq, final TypeFilter filter, final int limit, final HistoryRecord scratch, final RecordHandler handler)
    {
        return after(afterSeq, EventFilter.of(filter), limit, scratch, handler);
    }

    /**
     * The first {@code limit} records after {@code afterSeq} that pass the filter, oldest first: a page forward
     * from a sequence a reader already has.
     *
     * @param afterSeq the last sequence the reader has (0 for the oldest held).
     * @param filter   which events to return.
     * @param limit    most records to deliver.
     * @param scratch  the reader's record, reused for each.
     * @param handler  receives each record.
     * @return how many records were delivered.
     */
    public int after(
        final long afterSeq, final EventFilter filter, final int limit, final HistoryRecord scratch, final RecordHandler handler)
    {
        if (0 == heldMatching(filter))
        {
            return 0; // a type not held costs nothing
        }
        return deliver(Math.max(afterSeq + 1, tail()), head(), filter, limit, scratch, handler);
    }

    /** At least the number of records held that pass (the types' counts: keys are not counted). */
    private long heldMatching(final EventFilter filter)
    {
        if (filter.types().isAll())
        {
            return Long.MAX_VALUE;
        }
        long held = 0;
        for (int id = 0, n = EventType.count(); id < n; id++)
        {
            if (filter.matchesType(id))
            {
                held += heldByType.get(id);
            }
        }
        // Counts move while the writer runs; a record appended during the query may be left out, as if it came after.
        return held;
    }

    private int deliver(
        final long from, final long to, final EventFilter filter, final int limit, final HistoryRecord scratch,
        final RecordHandler handler)
    {
        int delivered = 0;
        for (long seq = from; seq <= to && delivered < limit; seq++)
        {
            if (read(seq, filter, scratch) == ReadResult.OK && filter.matches(scratch))
            {
                delivered++;
                if (!handler.onRecord(scratch))
                {
                    break;
                }
            }
        }
        return delivered;
    }

    /**
     * A cursor that starts after the newest record: it sees only what is appended from now on.
     *
     * @param filter which types the cursor delivers.
     * @return a new cursor, owned by one reader.
     */
    public HistoryCursor cursorAtHead(final TypeFilter filter)
    {
        return cursorAtHead(EventFilter.of(filter));
    }

    /**
     * A cursor that starts after the newest record: it sees only what is appended from now on.
     *
     * @param filter which events the cursor delivers.
     * @return a new cursor, owned by one reader.
     */
    public HistoryCursor cursorAtHead(final EventFilter filter)
    {
        return new HistoryCursor(this, filter, head() + 1);
    }

    /**
     * A cursor that starts right after {@code lastSeq}: resuming a reader that had seen up to it. If that record
     * is no longer held the cursor's first poll reports a gap; if it lies beyond the head the cursor starts at
     * the head.
     *
     * @param lastSeq the last sequence the reader saw.
     * @param filter  which types the cursor delivers.
     * @return a new cursor, owned by one reader.
     */
    public HistoryCursor cursorAfter(final long lastSeq, final TypeFilter filter)
    {
        return cursorAfter(lastSeq, EventFilter.of(filter));
    }

    /**
     * A cursor that starts right after {@code lastSeq}, as {@link #cursorAfter(long, TypeFilter)}.
     *
     * @param lastSeq the last sequence the reader saw.
     * @param filter  which events the cursor delivers.
     * @return a new cursor, owned by one reader.
     */
    public HistoryCursor cursorAfter(final long lastSeq, final EventFilter filter)
    {
        final long head = head();
        return new HistoryCursor(this, filter, Math.max(1, Math.min(lastSeq, head) + 1));
    }

    /**
     * The sequence of the newest record.
     *
     * @return the head sequence; 0 while nothing was appended.
     */
    public long head()
    {
        return (long)HEAD.getAcquire(this);
    }

    /**
     * The first sequence held whose timestamp is at or after a time, by a binary search of the index. Timestamps are
     * publish times, so events of different producers may be slightly out of order: this is the first record at or
     * after the point where the history's timestamps reach the time. Records overwritten during the search make it
     * start at the oldest held.
     *
     * @param epochNanos a time, nanoseconds since the epoch.
     * @return the sequence, or {@code head() + 1} when no record held is that recent.
     */
    public long seqAtOrAfter(final long epochNanos)
    {
        final long head = head();
        long low = tail();
        long high = head;
        while (low <= high)
        {
            final long mid = (low + high) >>> 1;
            final int i = index(mid);
            final long timestamp = timestamps[i];
            VarHandle.loadLoadFence();
            if ((long)SEQS.getVolatile(seqs, i) != mid)
            {
                return tail(); // overwritten meanwhile: start from what is held
            }
            if (timestamp < epochNanos)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return low;
    }

    /**
     * The sequence of the oldest record held.
     *
     * @return the tail sequence; {@code head() + 1} while empty.
     */
    public long tail()
    {
        return (long)TAIL.getAcquire(this);
    }

    /**
     * The number of records held now.
     *
     * @return {@code head - tail + 1}, between 0 and {@link #capacity()}.
     */
    public int size()
    {
        final long tail = tail();
        final long head = head();
        return (int)Math.max(0, Math.min(capacity, head - tail + 1));
    }

    /**
     * The most records held at once.
     *
     * @return the capacity in records.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Bytes of the arena holding the JSON.
     *
     * @return the arena's length.
     */
    public int arenaLength()
    {
        return arena.length;
    }

    /**
     * The longest record the ring accepts.
     *
     * @return bytes.
     */
    public int maxRecordLength()
    {
        return maxRecordLength;
    }

    /**
     * How many records of the type are held now.
     *
     * @param typeId a type id.
     * @return the count.
     */
    public long heldCount(final int typeId)
    {
        return Math.max(0, heldByType.get(typeId));
    }

    /**
     * How many records of the type were ever appended.
     *
     * @param typeId a type id.
     * @return the count.
     */
    public long appendedCount(final int typeId)
    {
        return appendedByType.get(typeId);
    }
}
