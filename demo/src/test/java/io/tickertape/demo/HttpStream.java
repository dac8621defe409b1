package io.tickertape.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.tickertape.bus.Json;

/**
 * Reads an SSE stream with the JDK's HTTP client, keeping each dispatched frame's event name, id and data (this
 * server's frames have one {@code data:} line each).
 */
final class HttpStream implements AutoCloseable
{
    /** One frame. */
    record Frame(String event, String id, String data)
    {
        Map<String, Object> json()
        {
            return Json.object(data);
        }
    }

    private final List<Frame> frames = new ArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile boolean ended;
    private volatile Stream<String> lines;

    HttpStream(final String url)
    {
        response = HttpClient.newHttpClient().sendAsync(
            HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.ofLines());
        final Thread reader = new Thread(this::read, "http-stream");
        reader.setDaemon(true);
        reader.start();
    }

    private void read()
    {
        try
        {
            lines = response.join().body();
            final String[] current = {null, null, null};
            lines.forEach(line ->
            {
                if (line.isEmpty())
                {
                    if (null != current[2])
                    {
                        synchronized (frames)
                        {
                            frames.add(new Frame(null == current[0] ? "message" : current[0], current[1], current[2]));
                        }
                    }
                    current[0] = null;
                    current[2] = null;
                }
                else if (line.startsWith("event: "))
                {
                    current[0] = line.substring(7);
                }
                else if (line.startsWith("id: "))
                {
                    current[1] = line.substring(4);
                }
                else if (line.startsWith("data: "))
                {
                    current[2] = line.substring(6);
                }
            });
        }
        catch (final RuntimeException ex)
        {
            // closed
        }
        finally
        {
            ended = true;
        }
    }

    List<Frame> frames(final String event)
    {
        synchronized (frames)
        {
            return frames.stream().filter(f -> f.event().equals(event)).toList();
        }
    }

    boolean ended()
    {
        return ended;
    }

    @Override
    public void close()
    {
        final Stream<String> open = lines;
        if (null != open)
        {
            open.close();
        }
        response.cancel(true);
    }
}
