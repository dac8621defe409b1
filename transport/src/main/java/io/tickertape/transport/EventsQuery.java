package io.tickertape.transport;

import io.netty.buffer.ByteBuf;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.HistoryRing;
import io.tickertape.bus.RecordHandler;
import io.tickertape.bus.TypeFilter;

/**
 * {@code GET /api/telemetry/events}: events from the history as
 * {@code {"ok":true,"events":[...],"count":n}}, oldest first. The events are the collector's JSON bytes copied as
 * they are, never decoded and re-encoded.
 */
final class EventsQuery implements RecordHandler
{
    static final int LIMIT_DEFAULT = 100;
    static final int LIMIT_MAX = 1000;

    private static final byte[] OPEN = SseFrames.ascii("{\"ok\":true,\"events\":[");
    private static final byte[] COUNT = SseFrames.ascii("],\"count\":");

    private final ByteBuf out;
    private int count;

    private EventsQuery(final ByteBuf out)
    {
        this.out = out;
    }

    /**
     * Write the answer to {@code out}.
     *
     * @param afterSeq -1 for the newest {@code limit} matches; otherwise the first {@code limit} after it.
     */
    static void write(
        final ByteBuf out, final HistoryRing history, final TypeFilter filter, final int limit, final long afterSeq)
    {
        final EventsQuery query = new EventsQuery(out);
        out.writeBytes(OPEN);
        final HistoryRecord scratch = new HistoryRecord(history);
        if (afterSeq < 0)
        {
            history.newest(filter, limit, scratch, query);
        }
        else
        {
            history.after(afterSeq, filter, limit, scratch, query);
        }
        out.writeBytes(COUNT);
        SseFrames.putLong(out, query.count);
        out.writeByte('}');
    }

    @Override
    public boolean onRecord(final HistoryRecord record)
    {
        if (count > 0)
        {
            out.writeByte(',');
        }
        out.writeBytes(record.buffer(), 0, record.length());
        count++;
        return true;
    }
}
