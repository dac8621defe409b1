package io.tickertape.transport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A stream client over a plain socket: it decodes HTTP/1.1 chunked transfer coding and parses the event stream
 * by the WHATWG rules (fields split at the first colon, one leading space dropped, comments ignored, data lines
 * joined with LF, dispatch on a blank line, {@code id} kept as the last event id, LF, CR or CRLF line ends).
 * It can stop reading on request to play a stalled client.
 */
final class SseTestClient implements AutoCloseable
{
    /** One dispatched event. */
    record Event(String type, String data, String lastEventId, long receivedNanos)
    {
    }

    private final Socket socket;
    private final InputStream in;
    private final List<Event> events = java.util.Collections.synchronizedList(new ArrayList<>());
    private final boolean keepMessages;
    private volatile long messageCount;
    private volatile long lastMessageId;
    private volatile String orderViolation;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Thread reader;
    private volatile Consumer<Event> listener = e -> { };
    private volatile int status;
    private volatile boolean ended;
    private volatile Integer retry;
    private volatile Throwable failure;

    private SseTestClient(
        final int port, final String pathAndQuery, final Map<String, String> requestHeaders, final boolean read,
        final boolean keepMessages) throws IOException
    {
        this.keepMessages = keepMessages;
        socket = new Socket("127.0.0.1", port);
        socket.setReceiveBufferSize(64 * 1024);
        final StringBuilder request = new StringBuilder()
            .append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
            .append("Host: 127.0.0.1:").append(port).append("\r\n")
            .append("Accept: text/event-stream\r\n");
        requestHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        final OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        reader = new Thread(this::run, "sse-test-client");
        reader.setDaemon(true);
        if (read)
        {
            reader.start();
        }
    }

    static SseTestClient open(final int port, final String pathAndQuery) throws IOException
    {
        return new SseTestClient(port, pathAndQuery, Map.of(), true, true);
    }

    /**
     * A client that keeps only control events, and for unnamed events checks that ids run 1, 2, 3... without a
     * gap and counts them: for streams too long to keep in memory.
     */
    static SseTestClient counting(final int port, final String pathAndQuery) throws IOException
    {
        return new SseTestClient(port, pathAndQuery, Map.of(), true, false);
    }

    static SseTestClient open(final int port, final String pathAndQuery, final Map<String, String> headers) throws IOException
    {
        return new SseTestClient(port, pathAndQuery, headers, true, true);
    }

    /** Connect and send the request, but do not read anything until {@link #startReading()}. */
    static SseTestClient stalled(final int port, final String pathAndQuery) throws IOException
    {
        return new SseTestClient(port, pathAndQuery, Map.of(), false, false);
    }

    void startReading()
    {
        reader.start();
    }

    void onEvent(final Consumer<Event> listener)
    {
        this.listener = listener;
    }

    private void run()
    {
        try
        {
            readHeaders();
            final boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
            final Parser parser = new Parser();
            if (!chunked)
            {
                final byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; )
                {
                    parser.feed(buffer, 0, n);
                }
            }
            else
            {
                byte[] chunk = new byte[8192];
                while (true)
                {
                    final int size = Integer.parseInt(line().trim(), 16);
                    if (size == 0)
                    {
                        break;
                    }
                    if (chunk.length < size)
                    {
                        chunk = new byte[size];
                    }
                    readFully(chunk, size);
                    parser.feed(chunk, 0, size);
                    line(); // CRLF after the chunk
                }
            }
        }
        catch (final SocketException ex)
        {
            // closed
        }
        catch (final Throwable t)
        {
            failure = t;
        }
        finally
        {
            ended = true;
        }
    }

    private void readHeaders() throws IOException
    {
        final String statusLine = line();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String header = line(); !header.isEmpty(); header = line())
        {
            final int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(), header.substring(colon + 1).trim());
        }
    }

    private String line() throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read())
        {
            if (c < 0)
            {
                throw new SocketException("end of stream");
            }
            if (c != '\r')
            {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private void readFully(final byte[] buffer, final int size) throws IOException
    {
        for (int read = 0; read < size; )
        {
            final int n = in.read(buffer, read, size - read);
            if (n < 0)
            {
                throw new SocketException("end of stream");
            }
            read += n;
        }
    }

    /** The WHATWG event stream interpretation, fed with decoded bytes. */
    private final class Parser
    {
        private byte[] line = new byte[512];
        private int lineLength;
        private final StringBuilder data = new StringBuilder();
        private String eventType = "";
        private String lastEventId = "";
        private boolean dataSeen;
        private boolean lastWasCr;

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
                    if (!keepMessages && eventType.isEmpty() && lineLength >= 5 && line[0] == 'd' && line[1] == 'a' &&
                        line[2] == 't' && line[3] == 'a' && line[4] == ':')
                    {
                        dataSeen = true; // an event's data that this client only counts: not decoded
                    }
                    else
                    {
                        processLine(new String(line, 0, lineLength, StandardCharsets.UTF_8));
                    }
                    lineLength = 0;
                }
                else
                {
                    if (lineLength == line.length)
                    {
                        line = java.util.Arrays.copyOf(line, line.length * 2);
                    }
                    line[lineLength++] = b;
                }
            }
        }

        private void processLine(final String line)
        {
            if (line.isEmpty())
            {
                dispatch();
                return;
            }
            if (line.startsWith(":"))
            {
                return;
            }
            final int colon = line.indexOf(':');
            final String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" "))
            {
                value = value.substring(1);
            }
            switch (field)
            {
                case "event" -> eventType = value;
                case "data" ->
                {
                    if (keepMessages || !eventType.isEmpty())
                    {
                        data.append(value).append('\n');
                    }
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
                        retry = Integer.parseInt(value);
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
            final String type = eventType.isEmpty() ? "message" : eventType;
            data.setLength(0);
            dataSeen = false;
            eventType = "";
            if (type.equals("message"))
            {
                final long id = Long.parseLong(lastEventId);
                if (!keepMessages && id != lastMessageId + 1 && null == orderViolation)
                {
                    orderViolation = "id " + id + " after " + lastMessageId;
                }
                lastMessageId = id;
                messageCount++;
                if (!keepMessages)
                {
                    return;
                }
            }
            if (type.equals("gap"))
            {
                // After a gap the stream goes on from the oldest event held: ids continue after to_seq.
                final java.util.regex.Matcher to = java.util.regex.Pattern.compile("\"to_seq\":(\\d+)").matcher(payload);
                if (to.find())
                {
                    lastMessageId = Long.parseLong(to.group(1));
                }
            }
            final Event event = new Event(type, payload, lastEventId, System.nanoTime());
            events.add(event);
            listener.accept(event);
        }
    }

    List<Event> events()
    {
        synchronized (events)
        {
            return new ArrayList<>(events);
        }
    }

    long messageCount()
    {
        return messageCount;
    }

    long lastMessageId()
    {
        return lastMessageId;
    }

    String orderViolation()
    {
        return orderViolation;
    }

    /** The dispatched events of one type ({@code message} for unnamed ones). */
    List<Event> events(final String type)
    {
        final List<Event> out = new ArrayList<>();
        for (final Event e : events())
        {
            if (e.type().equals(type))
            {
                out.add(e);
            }
        }
        return out;
    }

    int status()
    {
        return status;
    }

    Map<String, String> headers()
    {
        return headers;
    }

    Integer retry()
    {
        return retry;
    }

    boolean ended()
    {
        return ended;
    }

    Throwable failure()
    {
        return failure;
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
