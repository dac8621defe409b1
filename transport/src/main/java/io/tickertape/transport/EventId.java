package io.tickertape.transport;

/**
 * An event id as clients hold it: {@code <epoch>-<seq>}, the run of the bus and a position in it. The old form, a
 * bare sequence, is still read, as a position in the current run ({@link #epoch()} is then null).
 *
 * @param epoch the run the id was issued by, or null for a bare sequence.
 * @param seq   the sequence, 0 to 2^63-1.
 */
record EventId(String epoch, long seq)
{
    /** Most characters of an epoch (see {@code BusContext.epoch}). */
    static final int MAX_EPOCH_LENGTH = 16;

    /**
     * Read an id.
     *
     * @param name what the id came in, for the message.
     * @param raw  the text.
     * @return the id.
     * @throws BadRequestException saying what is wrong with it.
     */
    static EventId parse(final String name, final String raw)
    {
        final int dash = raw.lastIndexOf('-');
        if (dash < 0)
        {
            return new EventId(null, QueryParams.parseBounded(name, raw, 0, Long.MAX_VALUE));
        }
        final String epoch = raw.substring(0, dash);
        if (epoch.isEmpty() || epoch.length() > MAX_EPOCH_LENGTH || !isEpoch(epoch))
        {
            throw new BadRequestException(name + " must be <epoch>-<seq> (an epoch of 1 to " + MAX_EPOCH_LENGTH +
                " characters from [0-9a-z]) or a sequence, got '" + QueryParams.clip(raw) + "'");
        }
        return new EventId(epoch, QueryParams.parseBounded(name + "'s sequence", raw.substring(dash + 1), 0, Long.MAX_VALUE));
    }

    private static boolean isEpoch(final String epoch)
    {
        for (int i = 0; i < epoch.length(); i++)
        {
            final char c = epoch.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z'))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The id's text.
     *
     * @param epoch the epoch.
     * @param seq   the sequence.
     * @return {@code <epoch>-<seq>}.
     */
    static String format(final String epoch, final long seq)
    {
        return epoch + '-' + seq;
    }
}
