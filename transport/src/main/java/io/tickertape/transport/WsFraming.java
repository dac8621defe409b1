package io.tickertape.transport;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.IsoTimestamp;

/**
 * Frames as WebSocket text messages, written as bytes straight after the subscriber's other frames: an unmasked
 * final text frame's header (RFC 6455 section 5.2: two bytes, or four with a 16-bit length, or ten with a 64-bit
 * one, always the shortest) then the message. Netty's encoder would take a frame object per message; writing the
 * header by hand keeps the drain free of allocation, as the SSE stream's is. An event is the collector's JSON;
 * heartbeats and gaps are the SSE stream's JSON with the {@code id} an SSE frame would carry as a member.
 */
final class WsFraming extends StreamFraming
{
    private static final int FIN_TEXT = 0x81;
    private static final byte[] HEARTBEAT = SseFrames.ascii("{\"type\":\"heartbeat\",\"id\":\"");
    private static final byte[] GAP = SseFrames.ascii("{\"type\":\"gap\",\"id\":\"");
    private static final byte[] TIMESTAMP = SseFrames.ascii("\",\"timestamp\":\"");
    private static final byte[] HEAD_SEQ = SseFrames.ascii("\",\"payload\":{\"head_seq\":");
    private static final byte[] FROM_SEQ = SseFrames.ascii("\",\"payload\":{\"from_seq\":");
    private static final byte[] TO_SEQ = SseFrames.ascii(",\"to_seq\":");
    private static final byte[] MISSED = SseFrames.ascii(",\"missed\":");
    private static final byte[] CLOSE = SseFrames.ascii("}}");

    private final byte[] idPrefix;

    /** @param epoch the bus's epoch: an id is {@code <epoch>-<seq>}. */
    WsFraming(final String epoch)
    {
        this.idPrefix = (epoch + "-").getBytes(StandardCharsets.US_ASCII);
    }

    /** The header of an unmasked, final text frame of {@code length} bytes. */
    static void header(final ByteBuf out, final int length)
    {
        out.writeByte(FIN_TEXT);
        if (length < 126)
        {
            out.writeByte(length);
        }
        else if (length < 65_536)
        {
            out.writeByte(126);
            out.writeShort(length);
        }
        else
        {
            out.writeByte(127);
            out.writeLong(length);
        }
    }

    /** A whole text message. */
    static void message(final ByteBuf out, final byte[] json)
    {
        header(out, json.length);
        out.writeBytes(json);
    }

    @Override
    void event(final ByteBuf out, final HistoryRecord record)
    {
        header(out, record.length());
        out.writeBytes(record.buffer(), 0, record.length());
    }

    @Override
    void event(final ByteBuf out, final long seq, final byte[] json, final int length)
    {
        header(out, length);
        out.writeBytes(json, 0, length);
    }

    @Override
    void heartbeat(final ByteBuf out, final long passedSeq, final IsoTimestamp timestamp, final long nowNanos, final long headSeq)
    {
        header(out, HEARTBEAT.length + idPrefix.length + digits(passedSeq) + TIMESTAMP.length + IsoTimestamp.LENGTH + HEAD_SEQ.length +
            digits(headSeq) + CLOSE.length);
        out.writeBytes(HEARTBEAT);
        out.writeBytes(idPrefix);
        SseFrames.putLong(out, passedSeq);
        out.writeBytes(TIMESTAMP);
        out.writeBytes(timestamp.formatAscii(nowNanos), 0, IsoTimestamp.LENGTH);
        out.writeBytes(HEAD_SEQ);
        SseFrames.putLong(out, headSeq);
        out.writeBytes(CLOSE);
    }

    @Override
    void gap(final ByteBuf out, final IsoTimestamp timestamp, final long nowNanos, final long fromSeq, final long toSeq)
    {
        final long missed = toSeq - fromSeq + 1;
        header(out, GAP.length + idPrefix.length + digits(toSeq) + TIMESTAMP.length + IsoTimestamp.LENGTH + FROM_SEQ.length +
            digits(fromSeq) + TO_SEQ.length + digits(toSeq) + MISSED.length + digits(missed) + CLOSE.length);
        out.writeBytes(GAP);
        out.writeBytes(idPrefix);
        SseFrames.putLong(out, toSeq);
        out.writeBytes(TIMESTAMP);
        out.writeBytes(timestamp.formatAscii(nowNanos), 0, IsoTimestamp.LENGTH);
        out.writeBytes(FROM_SEQ);
        SseFrames.putLong(out, fromSeq);
        out.writeBytes(TO_SEQ);
        SseFrames.putLong(out, toSeq);
        out.writeBytes(MISSED);
        SseFrames.putLong(out, missed);
        out.writeBytes(CLOSE);
    }

    /** The number of ASCII digits {@link SseFrames#putLong} writes for a non-negative value. */
    static int digits(final long value)
    {
        int n = 1;
        for (long v = value; v >= 10; v /= 10)
        {
            n++;
        }
        return n;
    }

    @Override
    Object end()
    {
        return new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "server closing");
    }
}
