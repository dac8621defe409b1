package io.tickertape.transport;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.IsoTimestamp;

/**
 * Writes Server-Sent Events frames straight into a {@link ByteBuf}, without allocating: events are unnamed
 * {@code data:} frames carrying the collector's JSON as it is (never re-encoded); control frames are named
 * {@code connection}, {@code heartbeat}, {@code gap} and {@code reset} so {@code onmessage} sees only events. Every
 * frame a client may resume from has the id {@code <epoch>-<seq>}: an event its sequence, a heartbeat the position
 * the subscriber's cursor has passed, a gap its last missed sequence.
 * <pre>
 * id: 9f3c2a71-42
 * data: {"seq":42,"type":"order_event",...}
 *
 * id: 9f3c2a71-42
 * event: heartbeat
 * data: {"type":"heartbeat","timestamp":"...","payload":{"head_seq":42}}
 *
 * id: 9f3c2a71-9000
 * event: gap
 * data: {"type":"gap","timestamp":"...","payload":{"from_seq":43,"to_seq":9000,"missed":8958}}
 *
 * event: reset
 * data: {"type":"reset","timestamp":"...","payload":{"from_epoch":"77b1e0c4","to_epoch":"9f3c2a71"}}
 * </pre>
 * The collector's JSON never holds a raw newline (JSON escapes them), so one {@code data:} line is always enough.
 * Written here because Netty has no SSE encoder, and the drain path must not allocate a message object per frame.
 */
final class SseFrames
{
    private static final byte[] DATA = ascii("\ndata: ");
    private static final byte[] END = ascii("\n\n");
    private static final byte[] HEARTBEAT = ascii("\nevent: heartbeat\ndata: {\"type\":\"heartbeat\",\"timestamp\":\"");
    private static final byte[] HEARTBEAT_PAYLOAD = ascii("\",\"payload\":{\"head_seq\":");
    private static final byte[] GAP = ascii("\nevent: gap\ndata: {\"type\":\"gap\",\"timestamp\":\"");
    private static final byte[] RESET_EVENT = ascii("event: reset\ndata: ");
    private static final byte[] RESET = ascii("{\"type\":\"reset\",\"timestamp\":\"");
    private static final byte[] RESET_FROM = ascii("\",\"payload\":{\"from_epoch\":\"");
    private static final byte[] RESET_TO = ascii("\",\"to_epoch\":\"");
    private static final byte[] RESET_CLOSE = ascii("\"}}");
    private static final byte[] GAP_FROM = ascii("\",\"payload\":{\"from_seq\":");
    private static final byte[] GAP_TO = ascii(",\"to_seq\":");
    private static final byte[] GAP_MISSED = ascii(",\"missed\":");
    private static final byte[] CLOSE_PAYLOAD = ascii("}}\n\n");

    private SseFrames()
    {
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The start of every id line of a run: {@code id: <epoch>-}.
     *
     * @param epoch the bus's epoch.
     * @return the bytes, made once per server.
     */
    static byte[] idPrefix(final String epoch)
    {
        return ascii("id: " + epoch + "-");
    }

    static void event(final ByteBuf out, final byte[] idPrefix, final HistoryRecord record)
    {
        out.writeBytes(idPrefix);
        putLong(out, record.seq());
        out.writeBytes(DATA);
        out.writeBytes(record.buffer(), 0, record.length());
        out.writeBytes(END);
    }

    static void event(final ByteBuf out, final byte[] idPrefix, final long seq, final byte[] json, final int length)
    {
        out.writeBytes(idPrefix);
        putLong(out, seq);
        out.writeBytes(DATA);
        out.writeBytes(json, 0, length);
        out.writeBytes(END);
    }

    static void heartbeat(
        final ByteBuf out, final byte[] idPrefix, final long passedSeq, final IsoTimestamp timestamp, final long nowNanos,
        final long headSeq)
    {
        out.writeBytes(idPrefix);
        putLong(out, passedSeq);
        out.writeBytes(HEARTBEAT);
        putTimestamp(out, timestamp, nowNanos);
        out.writeBytes(HEARTBEAT_PAYLOAD);
        putLong(out, headSeq);
        out.writeBytes(CLOSE_PAYLOAD);
    }

    static void gap(
        final ByteBuf out, final byte[] idPrefix, final IsoTimestamp timestamp, final long nowNanos, final long fromSeq,
        final long toSeq)
    {
        out.writeBytes(idPrefix);
        putLong(out, toSeq);
        out.writeBytes(GAP);
        putTimestamp(out, timestamp, nowNanos);
        out.writeBytes(GAP_FROM);
        putLong(out, fromSeq);
        out.writeBytes(GAP_TO);
        putLong(out, toSeq);
        out.writeBytes(GAP_MISSED);
        putLong(out, toSeq - fromSeq + 1);
        out.writeBytes(CLOSE_PAYLOAD);
    }

    static void reset(
        final ByteBuf out, final IsoTimestamp timestamp, final long nowNanos, final String fromEpoch, final String toEpoch)
    {
        out.writeBytes(RESET_EVENT);
        resetJson(out, timestamp, nowNanos, fromEpoch, toEpoch);
        out.writeBytes(END);
    }

    /** The {@code reset} message's JSON (the SSE frame's data, a WebSocket's whole message). */
    static void resetJson(
        final ByteBuf out, final IsoTimestamp timestamp, final long nowNanos, final String fromEpoch, final String toEpoch)
    {
        out.writeBytes(RESET);
        putTimestamp(out, timestamp, nowNanos);
        out.writeBytes(RESET_FROM);
        out.writeCharSequence(fromEpoch, StandardCharsets.US_ASCII);
        out.writeBytes(RESET_TO);
        out.writeCharSequence(toEpoch, StandardCharsets.US_ASCII);
        out.writeBytes(RESET_CLOSE);
    }

    private static void putTimestamp(final ByteBuf out, final IsoTimestamp timestamp, final long nowNanos)
    {
        out.writeBytes(timestamp.formatAscii(nowNanos), 0, IsoTimestamp.LENGTH);
    }

    /** ASCII digits of a non-negative long, without the String that Long.toString would allocate. */
    static void putLong(final ByteBuf out, final long value)
    {
        if (value < 0)
        {
            out.writeBytes(ascii(Long.toString(value))); // never for sequences; kept correct all the same
            return;
        }
        if (value < 10)
        {
            out.writeByte('0' + (int)value);
            return;
        }
        long divisor = 1;
        while (value / divisor >= 10)
        {
            divisor *= 10;
        }
        for (long d = divisor; d > 0; d /= 10)
        {
            out.writeByte('0' + (int)((value / d) % 10));
        }
    }
}
