package io.tickertape.bus;

/**
 * Writes the payloads of one shape as JSON: made at run time by {@link ShapeCompiler} for a shape the collector sees
 * often, so that the text between the values (braces, names, separators, quotes, literals) is in the code as
 * constants and the walk over the members is unrolled. It checks the payload against its shape as it goes, member
 * by member, and gives up ({@link #MISMATCH}) at the first difference; the general writer then writes it.
 */
abstract class ShapeWriter
{
    /** What {@link #write} returns when the payload is not of this writer's shape, or might not fit its room. */
    static final int MISMATCH = -2;

    /**
     * Write a payload, the object's braces included.
     *
     * @param json    the writer whose keys ({@link PayloadJson#noteKey}) are noted, cleared by the caller.
     * @param b       where to write.
     * @param at      where in {@code b} the object starts.
     * @param limit   the end of the room in {@code b}: nothing is written at or past it.
     * @param p       the producer's slots.
     * @param start   where the payload's first value is in {@code p}.
     * @param end     where the payload ends in {@code p}.
     * @param slotEnd the end of the slot (bytes up to it may be read past a value, and are ignored).
     * @return where the object ends in {@code b}, or {@link #MISMATCH} (some bytes before {@code limit} may have
     *         been written, and some keys noted).
     */
    public abstract int write(PayloadJson json, byte[] b, int at, int limit, byte[] p, int start, int end, int slotEnd);

    /**
     * A keyed value's tag and name id as one number, as {@link ShapeCompiler} compares it: tag, then id shifted by
     * eight.
     *
     * @param p   the bytes.
     * @param pos where the tag is; three bytes from it are read.
     * @return the number.
     */
    static int keyedTag(final byte[] p, final int pos)
    {
        return (p[pos] & 0xFF) | PayloadCodec.getUnsignedShort(p, pos + 1) << 8;
    }

    /**
     * An array element's tag.
     *
     * @param p   the bytes.
     * @param pos where the tag is.
     * @return the tag, 0 to 255.
     */
    static int tag(final byte[] p, final int pos)
    {
        return p[pos] & 0xFF;
    }
}
