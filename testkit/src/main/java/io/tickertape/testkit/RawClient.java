package io.tickertape.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain socket to a loopback server, for what an HTTP client library will not do: send malformed or oversized
 * requests byte for byte, dribble a request, hold a connection without reading, read a response's raw bytes, and
 * reset a connection part way through a response. {@link RawSseStream} reads an event stream over one.
 */
public final class RawClient implements AutoCloseable
{
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: (\\d+)");
    private static final int READ_LIMIT = 65_536;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(final int port) throws IOException
    {
        socket = new Socket("127.0.0.1", port);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /**
     * Connect to a port on the loopback address.
     *
     * @param port the server's port.
     * @return the connected client.
     * @throws IOException if the connection is refused.
     */
    public static RawClient connect(final int port) throws IOException
    {
        return new RawClient(port);
    }

    /**
     * Send one request on a new connection, half-close it, and read what comes back until the server closes, goes
     * quiet for {@code quiet}, resets, or 64 KiB arrived.
     *
     * @param port    the server's port.
     * @param request the request's bytes, ISO-8859-1 so any byte can be written.
     * @param quiet   how long a silence ends the answer.
     * @return the answer as ISO-8859-1 text, empty if there was none.
     * @throws IOException if the connection is refused.
     */
    public static String exchange(final int port, final String request, final Duration quiet) throws IOException
    {
        try (RawClient client = connect(port))
        {
            client.timeout(quiet);
            client.sendQuietly(request);
            client.halfClose();
            return client.readToEnd();
        }
    }

    /**
     * Send one request on a new connection and read one response whose body has a {@code content-length}.
     *
     * @param port    the server's port.
     * @param request the request's bytes, ISO-8859-1.
     * @return the response's head and body.
     * @throws IOException if the connection is refused or nothing arrives within 10 s.
     */
    public static String request(final int port, final String request) throws IOException
    {
        try (RawClient client = connect(port))
        {
            client.timeout(Duration.ofSeconds(10));
            client.sendQuietly(request);
            return client.readResponse();
        }
    }

    /**
     * Set how long a read may block before it throws {@link SocketTimeoutException}.
     *
     * @param timeout the timeout; zero for none.
     * @return this client.
     * @throws SocketException if the socket is closed.
     */
    public RawClient timeout(final Duration timeout) throws SocketException
    {
        socket.setSoTimeout((int)timeout.toMillis());
        return this;
    }

    /**
     * Send bytes and flush them.
     *
     * @param bytes the bytes.
     * @return this client.
     * @throws IOException if the server has closed or reset the connection.
     */
    public RawClient send(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Send text as ISO-8859-1 bytes (one byte a character) and flush it.
     *
     * @param text the text.
     * @return this client.
     * @throws IOException if the server has closed or reset the connection.
     */
    public RawClient send(final String text) throws IOException
    {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Send text as ISO-8859-1 bytes, ignoring a failure: the server may answer and close before reading it all.
     *
     * @param text the text.
     * @return this client.
     */
    public RawClient sendQuietly(final String text)
    {
        try
        {
            send(text);
        }
        catch (final IOException ex)
        {
            // what the server answered before closing is still there to read
        }
        return this;
    }

    /**
     * Shut the sending half down, so the server reads an end of input; ignored if the connection is gone.
     *
     * @return this client.
     */
    public RawClient halfClose()
    {
        try
        {
            socket.shutdownOutput();
        }
        catch (final IOException ex)
        {
            // already closed or reset by the server
        }
        return this;
    }

    /**
     * Read one byte.
     *
     * @return the byte, or -1 at end of input.
     * @throws IOException on a reset or a timeout.
     */
    public int read() throws IOException
    {
        return in.read();
    }

    /**
     * Read what is there, up to a buffer's length, waiting for at least one byte.
     *
     * @param buffer where.
     * @return how many bytes were read, or -1 at end of input.
     * @throws IOException on a reset or a timeout.
     */
    public int read(final byte[] buffer) throws IOException
    {
        return in.read(buffer);
    }

    /**
     * Read exactly {@code count} bytes, or fewer if the input ends.
     *
     * @param count how many.
     * @return the bytes.
     * @throws IOException on a reset or a timeout.
     */
    public byte[] readBytes(final int count) throws IOException
    {
        return in.readNBytes(count);
    }

    /**
     * Read until the server closes, the read times out, the connection is reset, or 64 KiB arrived.
     *
     * @return what arrived, as ISO-8859-1 text.
     */
    public String readToEnd()
    {
        final ByteArrayOutputStream answer = new ByteArrayOutputStream();
        final byte[] buffer = new byte[8192];
        try
        {
            for (int n; answer.size() < READ_LIMIT && (n = in.read(buffer)) > 0; )
            {
                answer.write(buffer, 0, n);
            }
        }
        catch (final IOException ex)
        {
            // quiet or reset: what arrived is the answer
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Read one response: the head up to its blank line, then as many body bytes as its {@code content-length} says.
     *
     * @return the head and body (the body as UTF-8).
     * @throws IOException on a reset or a timeout.
     */
    public String readResponse() throws IOException
    {
        final StringBuilder head = new StringBuilder();
        while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4)
        {
            final int c = in.read();
            if (c < 0)
            {
                break;
            }
            head.append((char)c);
        }
        final Matcher m = CONTENT_LENGTH.matcher(head);
        final int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /**
     * Read one line, ending at LF, without its CR LF.
     *
     * @return the line.
     * @throws IOException at end of input, on a reset or a timeout.
     */
    public String readLine() throws IOException
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
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Read exactly {@code size} bytes into a buffer.
     *
     * @param buffer where.
     * @param size   how many.
     * @throws IOException at end of input before them, on a reset or a timeout.
     */
    public void readFully(final byte[] buffer, final int size) throws IOException
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

    /**
     * Set the receive buffer, before reading starts, so a stalled reader fills the server's side sooner.
     *
     * @param bytes the size.
     * @throws SocketException if the socket is closed.
     */
    public void receiveBuffer(final int bytes) throws SocketException
    {
        socket.setReceiveBufferSize(bytes);
    }

    /**
     * Close with a reset (linger zero) instead of an orderly close: the server sees the connection fail mid-write.
     *
     * @throws IOException if the socket cannot be closed.
     */
    public void reset() throws IOException
    {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /**
     * Whether the server has closed the connection: reads a byte, without waiting longer than the timeout set.
     *
     * @return true at end of input or on a reset; false if a byte arrived or the read timed out.
     */
    public boolean closedByServer()
    {
        try
        {
            return in.read() < 0;
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
