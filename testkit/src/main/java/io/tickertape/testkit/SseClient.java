package io.tickertape.testkit;

import static org.awaitility.Awaitility.await;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * A Server-Sent Events client for ordinary stream assertions, on OkHttp's {@link EventSource}: it keeps the
 * response's status and headers, every dispatched event, and whether and how the stream ended.
 * <p>
 * A counting client keeps only named events: unnamed ones are counted, and their ids checked to run 1, 2, 3...
 * without a hole (a {@code gap} moves the next expected id past its {@code to_seq}), for streams too long to keep.
 * <p>
 * A stream the server ends by closing the connection (end of input or a reset, mid-frame or not) ends the client
 * without a failure, as it ends a browser's; anything else that stops it (a malformed response, a non-stream
 * content type) is its {@link #failure()}.
 */
public final class SseClient implements AutoCloseable
{
    private static final Pattern TO_SEQ = Pattern.compile("\"to_seq\":(\\d+)");
    private static final OkHttpClient HTTP = http();

    private final boolean keepMessages;
    private final List<SseEvent> events = new ArrayList<>();
    private final EventSource source;
    private volatile int status;
    private volatile Map<String, String> headers = Map.of();
    private volatile boolean ended;
    private volatile boolean closing;
    private volatile Throwable failure;
    private volatile long messageCount;
    private volatile long lastMessageId;
    private volatile String orderViolation;

    private SseClient(final String url, final Map<String, String> requestHeaders, final boolean keepMessages)
    {
        this.keepMessages = keepMessages;
        final Request.Builder request = new Request.Builder().url(url);
        requestHeaders.forEach(request::header);
        source = EventSources.createFactory(HTTP).newEventSource(request.build(), new Listener());
    }

    /**
     * Open a stream that keeps every event.
     *
     * @param url the stream's URL.
     * @return the client, connecting.
     */
    public static SseClient open(final String url)
    {
        return new SseClient(url, Map.of(), true);
    }

    /**
     * Open a stream that keeps every event, sending extra request headers (a {@code Last-Event-ID}, a cookie).
     *
     * @param url     the stream's URL.
     * @param headers the extra request headers.
     * @return the client, connecting.
     */
    public static SseClient open(final String url, final Map<String, String> headers)
    {
        return new SseClient(url, headers, true);
    }

    /**
     * Open a stream that keeps only named events and counts unnamed ones, checking their ids run without a hole.
     *
     * @param url the stream's URL.
     * @return the client, connecting.
     */
    public static SseClient counting(final String url)
    {
        return new SseClient(url, Map.of(), false);
    }

    /**
     * Every event kept so far, in arrival order.
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
     * The events of one name kept so far, in arrival order.
     *
     * @param type the event name, {@link SseEvent#MESSAGE} for unnamed events.
     * @return a copy.
     */
    public List<SseEvent> events(final String type)
    {
        final List<SseEvent> out = new ArrayList<>();
        for (final SseEvent e : events())
        {
            if (e.type().equals(type))
            {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Wait until at least {@code count} events of a name have arrived.
     *
     * @param type   the event name.
     * @param count  how many.
     * @param within the deadline.
     * @return the events of that name.
     */
    public List<SseEvent> awaitEvents(final String type, final int count, final Duration within)
    {
        await().atMost(within).until(() -> events(type).size() >= count);
        return events(type);
    }

    /**
     * Wait (10 s at most) for the stream's {@code connection} event.
     *
     * @return the event.
     */
    public SseEvent awaitConnected()
    {
        return awaitEvents("connection", 1, Duration.ofSeconds(10)).get(0);
    }

    /**
     * The response's status, 0 until it has arrived.
     *
     * @return the status code.
     */
    public int status()
    {
        return status;
    }

    /**
     * The response's headers, names in lower case; empty until it has arrived.
     *
     * @return the headers (the last value of a repeated one).
     */
    public Map<String, String> headers()
    {
        return headers;
    }

    /**
     * Unnamed events dispatched so far, kept or not.
     *
     * @return the count.
     */
    public long messageCount()
    {
        return messageCount;
    }

    /**
     * The id of the last unnamed event, or the {@code to_seq} of a later {@code gap}.
     *
     * @return the sequence.
     */
    public long lastMessageId()
    {
        return lastMessageId;
    }

    /**
     * For a counting client, the first id that did not follow its predecessor.
     *
     * @return a description, or null while ids ran in order.
     */
    public String orderViolation()
    {
        return orderViolation;
    }

    /**
     * Whether the stream has ended (closed by the server, failed, or refused).
     *
     * @return true once it has.
     */
    public boolean ended()
    {
        return ended;
    }

    /**
     * What stopped the stream, if it was not the server closing it.
     *
     * @return the error, or null.
     */
    public Throwable failure()
    {
        return failure;
    }

    @Override
    public void close()
    {
        closing = true;
        source.cancel();
    }

    private void dispatch(final String id, final String type, final String data)
    {
        final String name = null == type ? SseEvent.MESSAGE : type;
        if (SseEvent.MESSAGE.equals(name))
        {
            final long seq = Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
            if (!keepMessages && seq != lastMessageId + 1 && null == orderViolation)
            {
                orderViolation = "id " + seq + " after " + lastMessageId;
            }
            lastMessageId = seq;
            messageCount++;
            if (!keepMessages)
            {
                return;
            }
        }
        else if ("gap".equals(name))
        {
            // After a gap the stream goes on from the oldest event held: ids continue after to_seq.
            final Matcher to = TO_SEQ.matcher(data);
            if (to.find())
            {
                lastMessageId = Long.parseLong(to.group(1));
            }
        }
        synchronized (events)
        {
            events.add(new SseEvent(name, id, data, System.nanoTime()));
        }
    }

    private void respond(final Response response)
    {
        final Map<String, String> map = new LinkedHashMap<>();
        for (final String name : response.headers().names())
        {
            map.put(name.toLowerCase(), response.header(name));
        }
        headers = map;
        status = response.code();
    }

    private static boolean endedByPeer(final Throwable t)
    {
        return t instanceof EOFException || t instanceof SocketException ||
            (t instanceof IOException && String.valueOf(t.getMessage()).contains("unexpected end of stream"));
    }

    private static OkHttpClient http()
    {
        final Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(4096); // one call per open stream: fan-out tests hold hundreds
        dispatcher.setMaxRequestsPerHost(4096);
        return new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ZERO) // a stalled server is the test's to detect, with its own deadline
            .retryOnConnectionFailure(false)
            .build();
    }

    /** OkHttp's callbacks, on its dispatcher thread for this stream. */
    private final class Listener extends EventSourceListener
    {
        @Override
        public void onOpen(final EventSource eventSource, final Response response)
        {
            respond(response);
        }

        @Override
        public void onEvent(final EventSource eventSource, final String id, final String type, final String data)
        {
            dispatch(id, type, data);
        }

        @Override
        public void onClosed(final EventSource eventSource)
        {
            ended = true;
        }

        @Override
        public void onFailure(final EventSource eventSource, final Throwable t, final Response response)
        {
            if (null != response)
            {
                respond(response);
            }
            if (null != t && !closing && !endedByPeer(t))
            {
                failure = t;
            }
            ended = true;
        }
    }
}
