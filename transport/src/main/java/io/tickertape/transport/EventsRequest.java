package io.tickertape.transport;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.tickertape.bus.HistoryRing;
import io.tickertape.bus.EventFilter;

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
 * {@code from} and {@code to} (ISO-8601 instants, or milliseconds since the epoch) select by time: without a
 * position, the page starts at the first event at or after {@code from} (the oldest held without it); either way
 * events before {@code from} are passed over and the page ends before the first event after {@code to}.
 *
 * @param filter    which events to return (types, symbols, strategies, sources).
 * @param limit     most events to return, 1 to {@link EventsQuery#LIMIT_MAX}.
 * @param afterSeq  the position to page after; -1 for the newest events.
 * @param resume    where an {@code after_id} resumes from; null without one.
 * @param fromNanos the earliest timestamp wanted, nanoseconds since the epoch; {@link Long#MIN_VALUE} for none.
 * @param toNanos   the latest timestamp wanted; {@link Long#MAX_VALUE} for none.
 */
record EventsRequest(EventFilter filter, int limit, long afterSeq, Resume resume, long fromNanos, long toNanos)
{
    static final String FROM = "from";
    static final String TO = "to";

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
        final EventFilter filter = params.eventFilter(history);
        if (params.has(AFTER_SEQ) && params.has(AFTER_ID))
        {
            throw new BadRequestException(AFTER_SEQ + " and " + AFTER_ID + " cannot be used together: give one of them");
        }
        final long from = time(params, FROM, Long.MIN_VALUE);
        final long to = time(params, TO, Long.MAX_VALUE);
        if (from > to)
        {
            throw new BadRequestException(FROM + " (" + params.string(FROM).trim() + ") is after " + TO + " (" + params.string(TO).trim() +
                "): give a from at or before the to");
        }
        if (params.has(AFTER_ID))
        {
            final Resume resume = Resume.of(afterId(params.string(AFTER_ID)), epoch, history);
            return new EventsRequest(filter, limit, resume.afterSeq(), resume, from, to);
        }
        return new EventsRequest(filter, limit, params.longParam(AFTER_SEQ, 0, Long.MAX_VALUE, -1), null, from, to);
    }

    /** @return whether the request selects by time. */
    boolean byTime()
    {
        return fromNanos != Long.MIN_VALUE || toNanos != Long.MAX_VALUE;
    }

    /** A time parameter: an ISO-8601 instant, or milliseconds since the epoch. */
    private static long time(final QueryParams params, final String name, final long absent)
    {
        if (!params.has(name))
        {
            return absent;
        }
        final String raw = null == params.string(name) ? "" : params.string(name).trim();
        try
        {
            if (!raw.isEmpty() && raw.chars().allMatch(Character::isDigit) && raw.length() <= 15)
            {
                return Math.multiplyExact(Long.parseLong(raw), 1_000_000L);
            }
            final Instant instant = Instant.parse(raw);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            throw new BadRequestException(name + " must be an ISO-8601 instant (2026-12-03T10:15:30Z) or milliseconds since " +
                "the epoch, got '" + QueryParams.clip(raw) + "'");
        }
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
