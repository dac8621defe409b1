package io.tickertape.transport;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.IsoTimestamp;

/**
 * Writes Server-Sent Events frames straight into a {@link ByteBuf}, without allocating: events are unnamed
 * {@code data:} frames carrying the collector's JSON as it is (never re-encoded), with {@code id:} the sequence;
 * control frames are named {@code connection}, {@code heartbeat} and {@code gap} so {@code onmessage} sees only
 * events.
 * <pre>
 * id: 42
 * data: {"seq":42,"type":"order_event",...}
 *
 * event: heartbeat
 * data: {"type":"heartbeat","timestamp":"...","payload":{"head_seq":42}}
 *
 * event: gap
 * data: {"type":"gap","timestamp":"...","payload":{"from_seq":43,"to_seq":9000,"missed":8958}}
 * </pre>
 * The collector's JSON never holds a raw newline (JSON escapes them), so one {@code data:} line is always enough.
 * Written here because Netty has no SSE encoder, and the drain path must not allocate a message object per frame.
 */
final class SseFrames
{
    private static final byte[] ID = ascii("id: ");
    private static final byte[] DATA = ascii("\ndata: ");
    private static final byte[] END = ascii("\n\n");
    private static final byte[] HEARTBEAT = ascii("event: heartbeat\ndata: {\"type\":\"heartbeat\",\"timestamp\":\"");
    private static final byte[] HEARTBEAT_PAYLOAD = ascii("\",\"payload\":{\"head_seq\":");
    private static final byte[] GAP = ascii("event: gap\ndata: {\"type\":\"gap\",\"timestamp\":\"");
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

    static void event(final ByteBuf out, final HistoryRecord record)
    {
        out.writeBytes(ID);
        putLong(out, record.seq());
        out.writeBytes(DATA);
        out.writeBytes(record.buffer(), 0, record.length());
        out.writeBytes(END);
    }

    static void heartbeat(final ByteBuf out, final IsoTimestamp timestamp, final long nowNanos, final long headSeq)
    {
        out.writeBytes(HEARTBEAT);
        putTimestamp(out, timestamp, nowNanos);
        out.writeBytes(HEARTBEAT_PAYLOAD);
        putLong(out, headSeq);
        out.writeBytes(CLOSE_PAYLOAD);
    }

    static void gap(final ByteBuf out, final IsoTimestamp timestamp, final long nowNanos, final long fromSeq, final long toSeq)
    {
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
