package io.tickertape.bus;

import java.util.Arrays;

/**
 * The collector's writers for payload shapes it sees often ({@link ShapeWriter}, made by {@link ShapeCompiler}).
 * <p>
 * A payload's shape is the sequence of its tags and member name ids: an engine that publishes the same event from
 * one place publishes one shape, whatever the values. Per event type the {@value #WAYS} writers used last are tried
 * first, most recent first; a payload none takes is written by the general writer, and about one in
 * {@value #SAMPLE} of those, chosen at random, is looked up here by its shape ({@link #learn}). A shape looked up
 * {@value #COMPILE_AFTER} times gets its writer, which then becomes its type's first (the last of the {@value #WAYS}
 * is forgotten). So a shape that is most of its type's payloads gets a writer after about {@value #SAMPLE} x
 * {@value #COMPILE_AFTER} events, once; after that, writing one of its payloads allocates nothing.
 * <p>
 * At most {@value #MAX_WRITERS} writers are made in the life of the bus (past that, new shapes are written by the
 * general writer), and at most {@value #MAX_SHAPES} shapes are counted: when the table is full, the shapes without a
 * writer are forgotten and counted again from their next lookup.
 * <p>
 * A type whose payloads the writers mostly miss (shapes that do not repeat, or more than {@value #WAYS} taking turns)
 * would pay for the tries and the lookups and gain nothing: when a type's misses reach {@value #WINDOW} with fewer
 * hits than that since the last count, its next {@value #IDLE} payloads go straight to the general writer. Not
 * thread-safe: it belongs to the collector.
 */
final class PayloadShapes
{
    /** One in this many payloads the type's writers did not take is looked up by its shape. */
    static final int SAMPLE = 8;
    /** Lookups of a shape before it gets a writer. */
    static final int COMPILE_AFTER = 16;
    /** Most writers made. */
    static final int MAX_WRITERS = 128;
    /** Most shapes counted. */
    static final int MAX_SHAPES = 512;
    /** Misses of a type between counts of its hits. */
    static final int WINDOW = 1024;
    /** Payloads of a type that go straight to the general writer after a count with more misses than hits. */
    static final int IDLE = 1 << 16;

    /** Writers tried per type, most recently used first. */
    static final int WAYS = 4;

    /** Per type, {@link #WAYS} places: the writers used last, most recent first, null where there are fewer. */
    private final ShapeWriter[] recent = new ShapeWriter[EventType.MAX_TYPES * WAYS];
    private final long[] hits = new long[EventType.MAX_TYPES];
    private final int[] misses = new int[EventType.MAX_TYPES];
    private final long[] hitsAtCount = new long[EventType.MAX_TYPES];
    private final int[] idle = new int[EventType.MAX_TYPES];
    /** Open addressing by the shape's hash, twice as many places as shapes so that probes stay short. */
    private final Shape[] table = new Shape[MAX_SHAPES * 2];
    private final int[] scratch = new int[ShapeCompiler.MAX_VALUES + 1];
    private int shapes;
    /** Xorshift state for {@link #learn}'s sampling. */
    private long sampler = 0x9E3779B97F4A7C15L;
    /** The shapes that have writers, kept when the table is emptied. */
    private final Shape[] withWriters = new Shape[MAX_WRITERS];
    private int writers;
    private int failures;
    private long idles;
    private long forgets;

    /**
     * Write a payload with one of its type's writers.
     *
     * @param json    the general writer, whose keys the writer notes (cleared by the caller).
     * @param type    the event's type id.
     * @param b       where to write.
     * @param at      where in {@code b} the object starts.
     * @param limit   the end of the room in {@code b}.
     * @param p       the producer's slots.
     * @param start   where the payload's first value is.
     * @param end     where the payload ends.
     * @param slotEnd the end of the slot.
     * @return where the object ends, or {@link ShapeWriter#MISMATCH} if none of its type's writers took it.
     */
    int write(
        final PayloadJson json,
        final int type,
        final byte[] b,
        final int at,
        final int limit,
        final byte[] p,
        final int start,
        final int end,
        final int slotEnd)
    {
        if (type >= EventType.MAX_TYPES)
        {
            return ShapeWriter.MISMATCH;
        }
        if (idle[type] != 0)
        {
            idle[type]--;
            return ShapeWriter.MISMATCH;
        }
        final int base = type * WAYS;
        for (int k = 0; k < WAYS; k++)
        {
            final ShapeWriter writer = recent[base + k];
            if (null == writer)
            {
                return ShapeWriter.MISMATCH;
            }
            if (k > 0)
            {
                json.clearKeys(); // the writer before may have noted some
            }
            final int o = writer.write(json, b, at, limit, p, start, end, slotEnd);
            if (o != ShapeWriter.MISMATCH)
            {
                hits[type]++;
                if (k > 0)
                {
                    moveToFront(base, k, writer);
                }
                return o;
            }
        }
        return ShapeWriter.MISMATCH;
    }

    /** Put a writer first among its type's, the ones before place {@code k} moving one down (the last is dropped). */
    private void moveToFront(final int base, final int k, final ShapeWriter writer)
    {
        System.arraycopy(recent, base, recent, base + 1, k);
        recent[base] = writer;
    }

    /**
     * Count a payload the general writer wrote (about one in {@value #SAMPLE} of those is looked up): its shape gets a
     * writer once it has been looked up {@value #COMPILE_AFTER} times, and a shape that has one becomes its type's
     * first.
     *
     * @param json  the general writer, which has just written the payload (its member names are rendered).
     * @param type  the event's type id.
     * @param p     the producer's slots.
     * @param start where the payload's first value is.
     * @param end   where the payload ends.
     */
    void learn(final PayloadJson json, final int type, final byte[] p, final int start, final int end)
    {
        if (type >= misses.length || idle[type] != 0)
        {
            return;
        }
        final int missed = ++misses[type];
        if (missed % WINDOW == 0)
        {
            if (hits[type] - hitsAtCount[type] < WINDOW)
            {
                idle[type] = IDLE;
                idles++;
            }
            hitsAtCount[type] = hits[type];
        }
        // Sampled at random, not every eighth: shapes that take turns would otherwise be sampled on one turn only.
        sampler ^= sampler << 13;
        sampler ^= sampler >>> 7;
        sampler ^= sampler << 17;
        if ((sampler & (SAMPLE - 1)) != 0)
        {
            return;
        }
        final int count = shapeOf(p, start, end);
        if (count < 0)
        {
            return;
        }
        final int hash = hash(scratch, count);
        final int mask = table.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask)
        {
            final Shape shape = table[i];
            if (null == shape)
            {
                if (ShapeCompiler.compilable(scratch, count))
                {
                    if (shapes == MAX_SHAPES)
                    {
                        forgetShapesWithoutWriters(); // the new shape is counted from its next lookup
                        return;
                    }
                    table[i] = new Shape(hash, Arrays.copyOf(scratch, count)); // its first lookup
                    shapes++;
                }
                return;
            }
            if (shape.hash == hash && Arrays.equals(shape.values, 0, shape.values.length, scratch, 0, count))
            {
                found(json, type, shape);
                return;
            }
        }
    }

    private void found(final PayloadJson json, final int type, final Shape shape)
    {
        if (null == shape.writer)
        {
            if (shape.failed || ++shape.lookups < COMPILE_AFTER || writers >= MAX_WRITERS)
            {
                return;
            }
            try
            {
                shape.writer = ShapeCompiler.compile(shape.values, json);
                withWriters[writers++] = shape;
            }
            catch (final ReflectiveOperationException | RuntimeException | LinkageError e)
            {
                // The JVM would not take the class: this shape stays with the general writer, which is correct.
                shape.failed = true;
                failures++;
                return;
            }
        }
        final ShapeWriter writer = shape.writer;
        final int base = type * WAYS;
        int k = 0;
        while (k < WAYS - 1 && recent[base + k] != writer)
        {
            k++;
        }
        moveToFront(base, k, writer); // the writer's place, or the last, is overwritten
    }

    /**
     * Empty the table but for the shapes that have writers: shapes met a few times long ago (one-offs, arrays of
     * lengths that vary) would otherwise fill it for good, and no shape met later would get a writer.
     */
    private void forgetShapesWithoutWriters()
    {
        Arrays.fill(table, null);
        final int mask = table.length - 1;
        for (int w = 0; w < writers; w++)
        {
            final Shape shape = withWriters[w];
            int i = spread(shape.hash) & mask;
            while (null != table[i])
            {
                i = (i + 1) & mask;
            }
            table[i] = shape;
        }
        shapes = writers;
        forgets++;
    }

    /**
     * The payload's shape into {@link #scratch}: each value's {@code tag | id << 8} (the id of a keyed one, else 0).
     *
     * @return how many values, or -1 if there are more than a writer takes or the payload is not well formed.
     */
    private int shapeOf(final byte[] p, final int start, final int end)
    {
        final int[] values = scratch;
        int count = 0;
        int pos = start;
        while (pos < end)
        {
            if (count == ShapeCompiler.MAX_VALUES)
            {
                return -1;
            }
            final int tag = p[pos++] & 0xFF;
            int value = tag;
            if ((tag & PayloadCodec.KIND_MASK) == PayloadCodec.END && tag != PayloadCodec.END)
            {
                return -1; // the general writer reads an END's flags as nothing (no name follows): left to it
            }
            if ((tag & PayloadCodec.KEYED) != 0)
            {
                if (pos + 2 > end)
                {
                    return -1;
                }
                value |= PayloadCodec.getUnsignedShort(p, pos) << 8;
                pos += 2;
            }
            else if ((tag & PayloadCodec.INLINE_NAME) != 0)
            {
                return -1;
            }
            switch (tag & PayloadCodec.KIND_MASK)
            {
                case PayloadCodec.LONG, PayloadCodec.DOUBLE -> pos += Long.BYTES;
                case PayloadCodec.STRING ->
                {
                    if (pos + 2 > end)
                    {
                        return -1;
                    }
                    pos += 2 + PayloadCodec.getUnsignedShort(p, pos);
                }
                default ->
                {
                }
            }
            values[count++] = value;
        }
        return pos == end ? count : -1;
    }

    private static int hash(final int[] values, final int count)
    {
        int h = 1;
        for (int i = 0; i < count; i++)
        {
            h = 31 * h + values[i];
        }
        return h;
    }

    private static int spread(final int hash)
    {
        return hash ^ (hash >>> 16);
    }

    /**
     * Payloads written by a shape's writer.
     *
     * @return the count.
     */
    long written()
    {
        long written = 0;
        for (final long count : hits)
        {
            written += count;
        }
        return written;
    }

    /**
     * Times the table of shapes was emptied of those without writers.
     *
     * @return the count.
     */
    long forgets()
    {
        return forgets;
    }

    /**
     * Times a type's payloads went straight to the general writer for {@value #IDLE} events.
     *
     * @return the count.
     */
    long idles()
    {
        return idles;
    }

    /**
     * Writers made.
     *
     * @return the count.
     */
    int writers()
    {
        return writers;
    }

    /**
     * Shapes the JVM would not take a writer for.
     *
     * @return the count.
     */
    int failures()
    {
        return failures;
    }

    /** A shape seen, how often it was looked up, and its writer once made. */
    private static final class Shape
    {
        final int hash;
        final int[] values;
        int lookups;
        boolean failed;
        ShapeWriter writer;

        Shape(final int hash, final int[] values)
        {
            this.hash = hash;
            this.values = values;
            this.lookups = 1;
        }
    }
}
