package io.tickertape.bus;

/**
 * Told by the history's writer of each record it is about to let go of (overwritten or cleared) while a reader that
 * must see every record (the journal's appender) has not read it yet, so that the reader can have it another way.
 * Called on the collector's thread, with the record's bytes still intact; must not block.
 */
interface EvictionSpill
{
    /**
     * The newest sequence the reader has passed: records up to it need no spill.
     *
     * @return the sequence.
     */
    long passedSeq();

    /**
     * A record the reader has not passed is being let go of.
     *
     * @param seq            its sequence.
     * @param timestampNanos its timestamp.
     * @param typeId         its type's id.
     * @param arena          the history's bytes.
     * @param offset         where its JSON starts in them.
     * @param length         its JSON's length.
     */
    void spill(long seq, long timestampNanos, int typeId, byte[] arena, int offset, int length);
}
