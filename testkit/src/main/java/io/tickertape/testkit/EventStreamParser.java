package io.tickertape.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The WHATWG event stream interpretation, fed with decoded body bytes: fields split at the first colon, one
 * leading space dropped, comments ignored, data lines joined with LF, dispatch on a blank line, {@code id} kept as
 * the last event id, LF, CR or CRLF line ends. Kept beside okhttp-sse, which does the same for ordinary streams,
 * because the raw client reads from a socket it controls (stalling, reading chunks) and okhttp's parser cannot be fed
 * from one.
 */
final class EventStreamParser
{
    private final Consumer<SseEvent> dispatch;
    private final LongConsumer retry;
    private final StringBuilder data = new StringBuilder();
    private byte[] line = new byte[512];
    private int lineLength;
    private String eventType = "";
    private String lastEventId;
    private boolean dataSeen;
    private boolean lastWasCr;

    EventStreamParser(final Consumer<SseEvent> dispatch, final LongConsumer retry)
    {
        this.dispatch = dispatch;
        this.retry = retry;
    }

    void feed(final byte[] bytes, final int offset, final int length)
    {
        for (int i = offset; i < offset + length; i++)
        {
            final byte b = bytes[i];
            if (b == '\n' && lastWasCr)
            {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r')
            {
                processLine(new String(line, 0, lineLength, StandardCharsets.UTF_8));
                lineLength = 0;
            }
            else
            {
                if (lineLength == line.length)
                {
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[lineLength++] = b;
            }
        }
    }

    private void processLine(final String text)
    {
        if (text.isEmpty())
        {
            dispatch();
            return;
        }
        if (text.startsWith(":"))
        {
            return;
        }
        final int colon = text.indexOf(':');
        final String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" "))
        {
            value = value.substring(1);
        }
        switch (field)
        {
            case "event" -> eventType = value;
            case "data" ->
            {
                data.append(value).append('\n');
                dataSeen = true;
            }
            case "id" ->
            {
                if (value.indexOf('\0') < 0)
                {
                    lastEventId = value;
                }
            }
            case "retry" ->
            {
                if (value.matches("\\d+"))
                {
                    retry.accept(Long.parseLong(value));
                }
            }
            default ->
            {
            }
        }
    }

    private void dispatch()
    {
        if (!dataSeen)
        {
            eventType = "";
            return;
        }
        String payload = data.toString();
        if (payload.endsWith("\n"))
        {
            payload = payload.substring(0, payload.length() - 1);
        }
        final String type = eventType.isEmpty() ? SseEvent.MESSAGE : eventType;
        data.setLength(0);
        dataSeen = false;
        eventType = "";
        dispatch.accept(new SseEvent(type, lastEventId, payload, System.nanoTime()));
    }
}
