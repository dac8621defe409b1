package io.tickertape.testkit;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event stream read over a {@link RawClient}, for what {@link SseClient} cannot see or do: the bytes on the wire
 * (the {@code retry} field, the exact response headers, chunked framing, decoded here by hand) and a client that
 * stops reading. It sends the request at once; reading starts then, or on {@link #startReading()} for a stalled
 * client. Events are parsed by the WHATWG rules and kept; a close or reset by the server ends it without a failure.
 */
public final class RawSseStream implements AutoCloseable
{
    private final RawClient connection;
    private final Thread reader;
    private final List<SseEvent> events = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private volatile int status;
    private volatile long retry = -1;
    private volatile boolean ended;
    private volatile Throwable failure;

    private RawSseStream(final int port, final String pathAndQuery, final Map<String, String> requestHeaders, final boolean read)
        throws IOException
    {
        connection = RawClient.connect(port);
        connection.receiveBuffer(64 * 1024);
        final StringBuilder request = new StringBuilder()
            .append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
            .append("Host: 127.0.0.1:").append(port).append("\r\n")
            .append("Accept: text/event-stream\r\n");
        requestHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        connection.send(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        reader = new Thread(this::run, "raw-sse-stream");
        reader.setDaemon(true);
        if (read)
        {
            reader.start();
        }
    }

    /**
     * Open a stream and read it.
     *
     * @param port         the server's port.
     * @param pathAndQuery the stream's path and query.
     * @return the stream, reading.
     * @throws IOException if the connection is refused.
     */
    public static RawSseStream open(final int port, final String pathAndQuery) throws IOException
    {
        return new RawSseStream(port, pathAndQuery, Map.of(), true);
    }

    /**
     * Connect and send the request, but read nothing until {@link #startReading()}.
     *
     * @param port         the server's port.
     * @param pathAndQuery the stream's path and query.
     * @return the stream, not reading.
     * @throws IOException if the connection is refused.
     */
    public static RawSseStream stalled(final int port, final String pathAndQuery) throws IOException
    {
        return new RawSseStream(port, pathAndQuery, Map.of(), false);
    }

    /** Start reading a stalled stream. */
    public void startReading()
    {
        reader.start();
    }

    private void run()
    {
        try
        {
            readHead();
            final EventStreamParser parser = new EventStreamParser(this::add, ms -> retry = ms);
            byte[] buffer = new byte[8192];
            if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding")))
            {
                for (int n; (n = connection.read(buffer)) > 0; )
                {
                    parser.feed(buffer, 0, n);
                }
                return;
            }
            for (int size; (size = Integer.parseInt(connection.readLine().trim(), 16)) > 0; )
            {
                if (buffer.length < size)
                {
                    buffer = new byte[size];
                }
                connection.readFully(buffer, size);
                parser.feed(buffer, 0, size);
                connection.readLine(); // the CRLF after the chunk
            }
        }
        catch (final SocketException ex)
        {
            // closed or reset by the server (or by close())
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

    private void readHead() throws IOException
    {
        final String statusLine = connection.readLine();
        final Map<String, String> head = new LinkedHashMap<>();
        for (String header = connection.readLine(); !header.isEmpty(); header = connection.readLine())
        {
            final int colon = header.indexOf(':');
            head.put(header.substring(0, colon).trim().toLowerCase(), header.substring(colon + 1).trim());
        }
        synchronized (headers)
        {
            headers.putAll(head);
        }
        status = Integer.parseInt(statusLine.split(" ")[1]);
    }

    private void add(final SseEvent event)
    {
        synchronized (events)
        {
            events.add(event);
        }
    }

    /**
     * Every event so far, in arrival order.
     *
     * @return a copy.
     */
    public List<SseEvent> events()
    {
        synchronized (events)
        {
            return new ArrayList<>(events);
        }
    }

    /**
     * The events of one name so far.
     *
     * @param type the event name, {@link SseEvent#MESSAGE} for unnamed events.
     * @return a copy.
     */
    public List<SseEvent> events(final String type)
    {
        return events().stream().filter(e -> e.type().equals(type)).toList();
    }

    /**
     * The response's status, 0 until its head has been read.
     *
     * @return the status code.
     */
    public int status()
    {
        return status;
    }

    /**
     * The response's headers as sent, names in lower case.
     *
     * @return a copy.
     */
    public Map<String, String> headers()
    {
        synchronized (headers)
        {
            return new LinkedHashMap<>(headers);
        }
    }

    /**
     * The last {@code retry} field the stream sent.
     *
     * @return milliseconds, or -1 if none came.
     */
    public long retry()
    {
        return retry;
    }

    /**
     * Whether reading has ended.
     *
     * @return true once the server closed the stream, or reading failed.
     */
    public boolean ended()
    {
        return ended;
    }

    /**
     * What stopped reading, if it was not the connection closing.
     *
     * @return the error, or null.
     */
    public Throwable failure()
    {
        return failure;
    }

    @Override
    public void close() throws IOException
    {
        connection.close();
    }
}
