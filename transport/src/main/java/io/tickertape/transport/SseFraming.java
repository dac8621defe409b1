package io.tickertape.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.LastHttpContent;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.IsoTimestamp;

/** Frames as Server-Sent Events ({@link SseFrames}), each with the {@code id: <epoch>-<seq>} the resume rule reads. */
final class SseFraming extends StreamFraming
{
    private final byte[] idPrefix;

    SseFraming(final byte[] idPrefix)
    {
        this.idPrefix = idPrefix;
    }

    @Override
    void event(final ByteBuf out, final HistoryRecord record)
    {
        SseFrames.event(out, idPrefix, record);
    }

    @Override
    void event(final ByteBuf out, final long seq, final byte[] json, final int length)
    {
        SseFrames.event(out, idPrefix, seq, json, length);
    }

    @Override
    void heartbeat(final ByteBuf out, final long passedSeq, final IsoTimestamp timestamp, final long nowNanos, final long headSeq)
    {
        SseFrames.heartbeat(out, idPrefix, passedSeq, timestamp, nowNanos, headSeq);
    }

    @Override
    void gap(final ByteBuf out, final IsoTimestamp timestamp, final long nowNanos, final long fromSeq, final long toSeq)
    {
        SseFrames.gap(out, idPrefix, timestamp, nowNanos, fromSeq, toSeq);
    }

    @Override
    Object end()
    {
        return LastHttpContent.EMPTY_LAST_CONTENT; // the terminating chunk
    }
}
