package io.tickertape.transport;

import io.netty.buffer.ByteBuf;
import io.tickertape.bus.EventFilter;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.HistoryRing;
import io.tickertape.bus.ReadResult;
import io.tickertape.bus.RecordHandler;
import io.tickertape.bus.journal.JournalReader;
import io.tickertape.bus.journal.JournalRecord;

/**
 * {@code GET /api/telemetry/events}: events from the history, oldest first, with where they stand in the run:
 * <pre>
 * {"ok":true,"epoch":"9f3c2a71","head_seq":9000,"oldest_seq":4001,"events":[...],"count":n,
 *  "last_id":"9f3c2a71-4100","truncated":false[,"gap":{"from_seq":..,"to_seq":..,"missed":..}]
 *  [,"reset":true,"from_epoch":"77b1e0c4"]}
 * </pre>
 * The events are the collector's JSON bytes copied as they are, never decoded and re-encoded. A page ends at
 * {@code limit} events, or before the event that would take the events' bytes over the reply's cap (never before
 * the first: a reply holds at least one event when one matches), or, once it holds an event, at a record that was
 * overwritten while it was read (the next page, after its last event, reports that gap). Records whose type does
 * not pass the filter are passed over in the history's index, never copied.
 */
final class EventsQuery implements RecordHandler
{
    static final int LIMIT_DEFAULT = 100;
    static final int LIMIT_MAX = 1000;

    private static final byte[] OPEN = SseFrames.ascii("{\"ok\":true,\"epoch\":\"");
    private static final byte[] HEAD = SseFrames.ascii("\",\"head_seq\":");
    private static final byte[] OLDEST = SseFrames.ascii(",\"oldest_seq\":");
    private static final byte[] EVENTS = SseFrames.ascii(",\"events\":[");
    private static final byte[] COUNT = SseFrames.ascii("],\"count\":");
    private static final byte[] LAST_ID = SseFrames.ascii(",\"last_id\":\"");
    private static final byte[] TRUNCATED = SseFrames.ascii("\",\"truncated\":true");
    private static final byte[] NOT_TRUNCATED = SseFrames.ascii("\",\"truncated\":false");
    private static final byte[] GAP_FROM = SseFrames.ascii(",\"gap\":{\"from_seq\":");
    private static final byte[] GAP_TO = SseFrames.ascii(",\"to_seq\":");
    private static final byte[] GAP_MISSED = SseFrames.ascii(",\"missed\":");
    private static final byte[] RESET = SseFrames.ascii(",\"reset\":true,\"from_epoch\":\"");

    private final ByteBuf out;
    private final HistoryRing history;
    private final JournalReader journal;
    private byte[] copy = new byte[1024];
    private final EventFilter filter;
    private final int limit;
    private final long maxBytes;
    private final long fromNanos;
    private final long toNanos;
    private int count;
    private long bytes;
    private long lastSeq;
    private boolean truncated;
    private long gapFrom = -1;
    private long gapTo = -1;
    private boolean journalRead;
    private boolean pastTo;

    private EventsQuery(
        final ByteBuf out, final HistoryRing history, final JournalReader journal, final EventsRequest request, final int maxBytes)
    {
        this.out = out;
        this.history = history;
        this.journal = journal;
        this.filter = request.filter();
        this.limit = request.limit();
        this.maxBytes = maxBytes;
        this.fromNanos = request.fromNanos();
        this.toNanos = request.toNanos();
    }

    /**
     * Write the answer to {@code out}.
     *
     * @param out      the reply's body.
     * @param history  the history to read.
     * @param journal  this thread's reader of the bus's journal, or null when the bus has none: a page from a position
     *                 older than the history is read from it, then from the history.
     * @param epoch    this run's epoch.
     * @param maxBytes most bytes of event JSON in one reply (one event is returned whatever its length).
     * @param request  what was asked.
     * @return whether the journal was read.
     */
    static boolean write(
        final ByteBuf out, final HistoryRing history, final JournalReader journal, final String epoch, final int maxBytes,
        final EventsRequest request)
    {
        // The tail first: read the other way round, a busy writer could move it past the head read before it.
        final long tail = history.tail();
        final long head = history.head();
        final EventsQuery query = new EventsQuery(out, history, journal, request, maxBytes);
        final long journalFirst = null == journal ? 0 : journal.firstSeq();
        out.writeBytes(OPEN);
        writeAscii(out, epoch);
        out.writeBytes(HEAD);
        SseFrames.putLong(out, head);
        out.writeBytes(OLDEST);
        // 0 while nothing is held, as in the stats; with a journal, its oldest event.
        SseFrames.putLong(out, journalFirst > 0 && journalFirst < tail ? journalFirst : head < tail ? 0 : tail);
        out.writeBytes(EVENTS);
        final long passed;
        final long afterSeq = request.afterSeq() < 0 && request.byTime() ?
            query.startAt(request.fromNanos(), tail) - 1 : request.afterSeq();
        if (afterSeq < 0)
        {
            history.newest(query.filter, query.limit, new HistoryRecord(history), query);
            passed = head;
        }
        else if (afterSeq >= head)
        {
            passed = afterSeq; // nothing after it; beyond the head, head_seq says so (and after_id resets instead)
        }
        else
        {
            passed = query.pageAfter(afterSeq, tail, head);
        }
        out.writeBytes(COUNT);
        SseFrames.putLong(out, query.count);
        out.writeBytes(LAST_ID);
        writeAscii(out, epoch);
        out.writeByte('-');
        SseFrames.putLong(out, query.count > 0 ? query.lastSeq : passed);
        out.writeBytes(query.truncated ? TRUNCATED : NOT_TRUNCATED);
        if (query.gapFrom >= 0)
        {
            out.writeBytes(GAP_FROM);
            SseFrames.putLong(out, query.gapFrom);
            out.writeBytes(GAP_TO);
            SseFrames.putLong(out, query.gapTo);
            out.writeBytes(GAP_MISSED);
            SseFrames.putLong(out, query.gapTo - query.gapFrom + 1);
            out.writeByte('}');
        }
        final Resume resume = request.resume();
        if (null != resume && resume.reset())
        {
            out.writeBytes(RESET);
            writeAscii(out, resume.fromEpoch());
            out.writeByte('"');
        }
        out.writeByte('}');
        return query.journalRead;
    }

    /**
     * Page forward from {@code afterSeq}, which is below {@code head}. A position older than the oldest held is
     * reported as a gap up to it, and so is every record overwritten before this page holds an event.
     *
     * @return the position read up to, for an empty page.
     */
    private long pageAfter(final long afterSeq, final long tail, final long head)
    {
        final HistoryRecord scratch = new HistoryRecord(history);
        long seq = afterSeq + 1;
        if (afterSeq < tail - 1)
        {
            if (null != journal)
            {
                journalRead = true;
                seq = pageFromJournal(seq);
                if (count >= limit || truncated || pastTo || seq < history.tail() && count > 0)
                {
                    return seq - 1;
                }
            }
            if (seq < history.tail())
            {
                if (gapFrom < 0)
                {
                    gapFrom = seq;
                }
                gapTo = history.tail() - 1;
                seq = history.tail();
            }
        }
        while (seq <= head && count < limit)
        {
            final ReadResult result = history.read(seq, filter, scratch);
            if (result == ReadResult.OK)
            {
                if (filter.matches(scratch) && !onRecord(scratch))
                {
                    break;
                }
                seq++;
            }
            else if (result == ReadResult.SKIPPED)
            {
                seq++;
            }
            else if (result == ReadResult.LAPPED)
            {
                if (count > 0)
                {
                    break; // the page ends at its last event; the next one reports the gap from there
                }
                // Overwritten before this page held anything: one gap from the position asked for (records passed
                // over for their type are inside it, as in the stream's gaps, which count every type).
                if (gapFrom < 0)
                {
                    gapFrom = seq;
                }
                gapTo = Math.max(seq, history.tail() - 1);
                seq = gapTo + 1;
            }
            else
            {
                break;
            }
        }
        return seq - 1;
    }

    /**
     * Where a page selected by time starts: the first event at or after {@code from} in memory, or in the journal when
     * memory holds nothing that old; the oldest held without a {@code from}.
     */
    private long startAt(final long from, final long tail)
    {
        final long inMemory = Long.MIN_VALUE == from ? tail : history.seqAtOrAfter(from);
        if (null == journal || inMemory > tail)
        {
            return inMemory;
        }
        final long journalFirst = journal.firstSeq();
        if (journalFirst <= 0 || journalFirst >= tail)
        {
            return inMemory;
        }
        return Long.MIN_VALUE == from ? journalFirst : Math.min(inMemory, journal.seqAtOrAfter(from));
    }

    /**
     * The part of a page older than the in-memory history, from the journal: records from {@code from} until the
     * history's tail (the rest is read from memory). Sequences missing from the journal (holes, or segments deleted
     * by retention) are a gap when the page holds nothing yet, and end the page otherwise.
     *
     * @return the next sequence to read.
     */
    private long pageFromJournal(final long from)
    {
        final long[] expected = {from};
        journal.read(from, Integer.MAX_VALUE, record ->
        {
            final long seq = record.seq();
            if (seq >= history.tail())
            {
                return false; // held in memory: read from there
            }
            if (seq > expected[0])
            {
                if (count > 0)
                {
                    return false; // the page ends at its last event; the next one reports the gap from there
                }
                if (gapFrom < 0)
                {
                    gapFrom = expected[0];
                }
                gapTo = seq - 1;
            }
            if (record.timestampNanos() > toNanos) // past the page's to: it ends here
            {
                pastTo = true;
                return false;
            }
            final int typeId = record.type().id();
            final int length = record.jsonLength();
            if (filter.matchesType(typeId) && record.timestampNanos() >= fromNanos && wanted(record, typeId, length))
            {
                if (count > 0 && bytes + length > maxBytes)
                {
                    truncated = true;
                    return false;
                }
                if (count > 0)
                {
                    out.writeByte(',');
                }
                out.writeBytes(copy, 0, length);
                bytes += length;
                lastSeq = seq;
                count++;
            }
            expected[0] = seq + 1;
            return count < limit;
        });
        return expected[0];
    }

    /** Copy a journal record of a wanted type, and match its keys (if the filter has any) on the copy. */
    private boolean wanted(final JournalRecord record, final int typeId, final int length)
    {
        if (copy.length < length)
        {
            copy = new byte[Math.max(length, copy.length * 2)];
        }
        record.buffer().getBytes(record.jsonOffset(), copy, 0, length);
        return !filter.hasKeys() || filter.matches(typeId, copy, 0, length);
    }

    @Override
    public boolean onRecord(final HistoryRecord record)
    {
        if (record.timestampNanos() > toNanos) // past the page's to: it ends here
        {
            pastTo = true;
            return false;
        }
        if (record.timestampNanos() < fromNanos)
        {
            return true; // published before the page's from (out of order with its neighbours): passed over
        }
        final int length = record.length();
        if (count > 0 && bytes + length > maxBytes)
        {
            truncated = true;
            return false;
        }
        if (count > 0)
        {
            out.writeByte(',');
        }
        out.writeBytes(record.buffer(), 0, length);
        bytes += length;
        lastSeq = record.seq();
        count++;
        return true;
    }

    /** Text known to be ASCII (epochs are [0-9a-z]), written without escaping. */
    private static void writeAscii(final ByteBuf out, final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            out.writeByte(text.charAt(i));
        }
    }
}
