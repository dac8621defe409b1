package io.tickertape.engines.execution;

/**
 * Paper order ids, {@code PAPER-000001} onwards, written into one reused builder so making an id allocates
 * nothing.
 */
final class OrderIds
{
    private static final String PREFIX = "PAPER-";
    /** Ids are padded with zeros to at least six digits: the largest power of ten below a million. */
    private static final long PAD_FROM = 100_000;

    private final StringBuilder id = new StringBuilder(PREFIX.length() + 20);
    private long last;

    /**
     * The next id. Valid until the next call: copy it to keep it.
     *
     * @return the id.
     */
    CharSequence next()
    {
        last++;
        id.setLength(0);
        id.append(PREFIX);
        for (long limit = PAD_FROM; limit > last; limit /= 10)
        {
            id.append('0');
        }
        id.append(last);
        return id;
    }

    /** @return ids made so far. */
    long count()
    {
        return last;
    }
}
