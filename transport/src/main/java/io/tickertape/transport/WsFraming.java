package io.tickertape.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.IsoTimestamp;

/**
 * Frames as WebSocket text messages, written as bytes straight after the subscriber's other frames: an unmasked
 * final text frame's header (RFC 6455 section 5.2: two bytes, or four with a 16-bit length, or ten with a 64-bit
 * one, always the shortest) then the message. Netty's encoder would take a frame object per message; writing the
 * header by hand keeps the drain free of allocation, as the SSE stream's is. An event is the collector's JSON,
 * compressed (RFC 7692, RSV1 set) when the client agreed to permessage-deflate; heartbeats and gaps are the SSE
 * stream's JSON with the {@code id} an SSE frame would carry as a member, never compressed (a message says whether
 * it is).
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

    /** First header byte of a final text frame compressed by permessage-deflate (RSV1 set). */
    private static final int FIN_RSV1_TEXT = 0xC1;
    /** What a sync flush ends with, and permessage-deflate leaves out (RFC 7692 section 7.2.1). */
    private static final int FLUSH_TAIL = 4;

    private final byte[] idPrefix;
    private final Deflater deflater;
    private byte[] compressed;

    /**
     * @param epoch    the bus's epoch: an id is {@code <epoch>-<seq>}.
     * @param deflater the connection's compressor when permessage-deflate was agreed (events are then sent
     *                 compressed, each message flushed, the window kept from one to the next), or null.
     */
    WsFraming(final String epoch, final Deflater deflater)
    {
        this.idPrefix = (epoch + "-").getBytes(StandardCharsets.US_ASCII);
        this.deflater = deflater;
        this.compressed = null == deflater ? null : new byte[4096];
    }

    /** A message of the collector's JSON: compressed when agreed. */
    private void json(final ByteBuf out, final byte[] json, final int offset, final int length)
    {
        if (null == deflater)
        {
            header(out, length);
            out.writeBytes(json, offset, length);
            return;
        }
        deflater.setInput(json, offset, length);
        if (compressed.length < length + 64)
        {
            compressed = new byte[Math.max(length + 64, compressed.length * 2)];
        }
        int n = 0;
        while (true)
        {
            n += deflater.deflate(compressed, n, compressed.length - n, Deflater.SYNC_FLUSH);
            if (n < compressed.length)
            {
                break;
            }
            compressed = Arrays.copyOf(compressed, compressed.length * 2);
        }
        header(out, FIN_RSV1_TEXT, n - FLUSH_TAIL);
        out.writeBytes(compressed, 0, n - FLUSH_TAIL);
    }

    /** The header of an unmasked, final text frame of {@code length} bytes. */
    static void header(final ByteBuf out, final int length)
    {
        header(out, FIN_TEXT, length);
    }

    private static void header(final ByteBuf out, final int first, final int length)
    {
        out.writeByte(first);
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
        json(out, record.buffer(), 0, record.length());
    }

    @Override
    void event(final ByteBuf out, final long seq, final byte[] json, final int length)
    {
        json(out, json, 0, length);
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
