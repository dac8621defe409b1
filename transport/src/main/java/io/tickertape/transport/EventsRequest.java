package io.tickertape.transport;

import io.tickertape.bus.HistoryRing;
import io.tickertape.bus.TypeFilter;

/**
 * What a {@code GET /api/telemetry/events} asks for, read from its parameters and checked: which types, how many,
 * and where to page from.
 * <ul>
 *   <li>neither {@code after_seq} nor {@code after_id}: the newest {@code limit} matching events;</li>
 *   <li>{@code after_seq=N}: the first matching events after {@code N}, a sequence of this run, 0 to 2^63-1;
 *       none when {@code N} is at or beyond the head;</li>
 *   <li>{@code after_id=<epoch>-<seq>} (or a bare sequence, of this run): by the stream's resume rule
 *       ({@link Resume}): continue after it, or from the oldest held with a {@code reset}.</li>
 * </ul>
 *
 * @param filter   which types to return.
 * @param limit    most events to return, 1 to {@link EventsQuery#LIMIT_MAX}.
 * @param afterSeq the position to page after; -1 for the newest events.
 * @param resume   where an {@code after_id} resumes from; null without one.
 */
record EventsRequest(TypeFilter filter, int limit, long afterSeq, Resume resume)
{
    static final String AFTER_SEQ = "after_seq";
    static final String AFTER_ID = "after_id";

    /**
     * Read a request.
     *
     * @param params  the request's parameters.
     * @param epoch   this run's epoch.
     * @param history the history the request pages through (to place an {@code after_id}).
     * @return the request.
     * @throws BadRequestException saying what is wrong with it.
     */
    static EventsRequest of(final QueryParams params, final String epoch, final HistoryRing history)
    {
        final int limit = (int)params.longParam("limit", 1, EventsQuery.LIMIT_MAX, EventsQuery.LIMIT_DEFAULT);
        final TypeFilter filter = params.typeFilter();
        if (params.has(AFTER_SEQ) && params.has(AFTER_ID))
        {
            throw new BadRequestException(AFTER_SEQ + " and " + AFTER_ID + " cannot be used together: give one of them");
        }
        if (params.has(AFTER_ID))
        {
            final Resume resume = Resume.of(afterId(params.string(AFTER_ID)), epoch, history);
            return new EventsRequest(filter, limit, resume.afterSeq(), resume);
        }
        return new EventsRequest(filter, limit, params.longParam(AFTER_SEQ, 0, Long.MAX_VALUE, -1), null);
    }

    private static EventId afterId(final String value)
    {
        final String raw = null == value ? "" : value.trim();
        try
        {
            return EventId.parse(AFTER_ID, raw);
        }
        catch (final BadRequestException ex)
        {
            if (raw.indexOf('-') < 0)
            {
                // Say what an id looks like, not only that a bare sequence is a number.
                throw new BadRequestException(AFTER_ID + " must be <epoch>-<seq> (an event's id) or a sequence from 0 to " +
                    Long.MAX_VALUE + ", got '" + QueryParams.clip(raw) + "'");
            }
            throw ex;
        }
    }
}
