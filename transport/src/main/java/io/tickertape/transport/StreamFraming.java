package io.tickertape.transport;

import io.netty.buffer.ByteBuf;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.IsoTimestamp;

/**
 * How a subscriber's frames are written: as Server-Sent Events ({@link SseFraming}) or as WebSocket text messages
 * ({@link WsFraming}). Either way an event is the collector's JSON unchanged, and a subscriber's drain, flow
 * control, heartbeats, gaps and cut-off are the same ({@link SseSubscriber}).
 */
abstract class StreamFraming
{
    /** An event from the history. */
    abstract void event(ByteBuf out, HistoryRecord record);

    /** An event read from the journal: its sequence and JSON. */
    abstract void event(ByteBuf out, long seq, byte[] json, int length);

    /** A heartbeat: the stream is alive, has passed {@code passedSeq}, and the history's head is {@code headSeq}. */
    abstract void heartbeat(ByteBuf out, long passedSeq, IsoTimestamp timestamp, long nowNanos, long headSeq);

    /** The events from {@code fromSeq} to {@code toSeq} are missed. */
    abstract void gap(ByteBuf out, IsoTimestamp timestamp, long nowNanos, long fromSeq, long toSeq);

    /** @return what ends the stream in order (the server is closing). */
    abstract Object end();
}
