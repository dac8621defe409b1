package io.tickertape.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A server under test, reached at a base URL: an HTTP client for it, its stream clients, and what to close when the
 * test is done. It knows nothing of what the server is: a test starts it (a bus, then a server on port 0) and
 * hands over the base URL and the resources, which {@link #close()} closes in the order given.
 * Modules subclass it to add their own helpers (publishing events, say).
 */
public class ServerFixture implements AutoCloseable
{
    private final String baseUrl;
    private final int port;
    private final List<AutoCloseable> resources;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * A fixture for a server already running.
     *
     * @param baseUrl   the server's base URL, such as {@code http://127.0.0.1:40123}, without a trailing slash.
     * @param resources what to close when done, in that order (the server before what it serves, say).
     */
    public ServerFixture(final String baseUrl, final AutoCloseable... resources)
    {
        this.baseUrl = baseUrl;
        this.port = URI.create(baseUrl).getPort();
        this.resources = List.of(resources);
    }

    /**
     * The base URL.
     *
     * @return the URL, without a trailing slash.
     */
    public String baseUrl()
    {
        return baseUrl;
    }

    /**
     * The server's port.
     *
     * @return the port.
     */
    public int port()
    {
        return port;
    }

    /**
     * A URI on the server.
     *
     * @param pathAndQuery the path and query, starting with a slash.
     * @return the URI.
     */
    public URI uri(final String pathAndQuery)
    {
        return URI.create(baseUrl + pathAndQuery);
    }

    /**
     * GET a path, with the JDK's client.
     *
     * @param pathAndQuery the path and query.
     * @return the response, its body as a string.
     * @throws IOException          if the exchange fails.
     * @throws InterruptedException if interrupted.
     */
    public HttpResponse<String> get(final String pathAndQuery) throws IOException, InterruptedException
    {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /**
     * Send any request, with the JDK's client.
     *
     * @param request the request.
     * @return the response, its body as a string.
     * @throws IOException          if the exchange fails.
     * @throws InterruptedException if interrupted.
     */
    public HttpResponse<String> send(final HttpRequest request) throws IOException, InterruptedException
    {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Open a stream that keeps every event.
     *
     * @param pathAndQuery the stream's path and query.
     * @return the client, connecting.
     */
    public SseClient stream(final String pathAndQuery)
    {
        return SseClient.open(baseUrl + pathAndQuery);
    }

    /**
     * Open a stream that keeps every event, with extra request headers.
     *
     * @param pathAndQuery the stream's path and query.
     * @param headers      the extra request headers.
     * @return the client, connecting.
     */
    public SseClient stream(final String pathAndQuery, final Map<String, String> headers)
    {
        return SseClient.open(baseUrl + pathAndQuery, headers);
    }

    /**
     * Open a stream that counts unnamed events and checks their order, keeping only named ones.
     *
     * @param pathAndQuery the stream's path and query.
     * @return the client, connecting.
     */
    public SseClient countingStream(final String pathAndQuery)
    {
        return SseClient.counting(baseUrl + pathAndQuery);
    }

    /**
     * Close the resources in the order given; every one is closed even if one fails, and the first failure is thrown.
     */
    @Override
    public void close()
    {
        RuntimeException failure = null;
        for (final AutoCloseable resource : resources)
        {
            try
            {
                resource.close();
            }
            catch (final Exception ex)
            {
                if (null == failure)
                {
                    failure = new IllegalStateException("closing " + resource, ex);
                }
                else
                {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (null != failure)
        {
            throw failure;
        }
    }
}
