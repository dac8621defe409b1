package io.tickertape.bus;

/**
 * What the history keeps beside an encoded event for filters and aggregates: the ids of its symbol and strategy in
 * the history's dictionaries, its source's id, and its status code, packed by {@link HistoryRing#keys}. The
 * collector's per-event work for them, apart so that a benchmark can measure exactly it.
 */
final class RecordKeys
{
    private RecordKeys()
    {
    }

    /**
     * The keys of the event the encoder encoded last.
     *
     * @param encoder    the encoder, just after {@link JsonEncoder#encode}.
     * @param history    the history whose dictionaries give the ids.
     * @param slots      the slot bytes the encoder read.
     * @param sourceId   the event's source's id.
     * @param filterKeys false to look nothing up: symbol and strategy get the overflow id (filters read the bytes).
     * @return the packed keys.
     */
    static long of(final JsonEncoder encoder, final HistoryRing history, final byte[] slots, final int sourceId, final boolean filterKeys)
    {
        final int statusOffset = encoder.keyOffset(JsonEncoder.STATUS);
        return HistoryRing.keys(
            id(encoder, history.symbols(), JsonEncoder.SYMBOL, slots, filterKeys),
            id(encoder, history.strategies(), JsonEncoder.STRATEGY, slots, filterKeys),
            sourceId,
            statusOffset < 0 ? 0 : Aggregates.statusCode(slots, statusOffset, encoder.keyLength(JsonEncoder.STATUS)));
    }

    private static int id(
        final JsonEncoder encoder, final KeyDictionary dictionary, final int key, final byte[] slots, final boolean filterKeys)
    {
        final int offset = encoder.keyOffset(key);
        if (offset < 0)
        {
            return KeyDictionary.NONE;
        }
        return filterKeys ? dictionary.intern(slots, offset, encoder.keyLength(key)) : dictionary.overflowId();
    }
}
