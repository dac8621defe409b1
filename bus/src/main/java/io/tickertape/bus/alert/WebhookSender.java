package io.tickertape.bus.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers alert firings to webhooks: POSTs of JSON with an {@code Idempotency-Key} header, asynchronous (the JDK's
 * HTTP client on two daemon threads of its own), from a bounded queue (a firing that finds it full is dropped and
 * counted), at most {@value #IN_FLIGHT} at once. A POST that fails to connect, times out ({@value #TIMEOUT_SECONDS}
 * s) or is answered 408, 429 or 5xx is retried with the same key, after 0.25 s, then twice as long each time up to
 * 8 s, {@value #MAX_ATTEMPTS} attempts in all: at least once for a receiver that comes back, exactly once for one
 * that honours the key. Any other answer but 2xx fails it at once. Nothing here ever waits on the thread that
 * submits.
 */
final class WebhookSender implements AutoCloseable
{
    static final int QUEUE = 1024;
    static final int IN_FLIGHT = 8;
    static final int MAX_ATTEMPTS = 6;
    static final long TIMEOUT_SECONDS = 5;
    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 8_000;

    /** One firing to deliver. */
    record Delivery(URI webhook, String body, String idempotencyKey)
    {
    }

    private final ArrayBlockingQueue<Delivery> queue = new ArrayBlockingQueue<>(QUEUE);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tickertape-alert-webhooks"));
    private final ExecutorService clientThreads = Executors.newFixedThreadPool(2, r -> daemon(r, "tickertape-alert-http"));
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
        .executor(clientThreads).build();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    private static Thread daemon(final Runnable runnable, final String name)
    {
        final Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Queue a delivery; never waits.
     *
     * @param delivery what to POST where.
     */
    void submit(final Delivery delivery)
    {
        if (closed || !queue.offer(delivery))
        {
            dropped.incrementAndGet();
            return;
        }
        pumpLater();
    }

    private void pumpLater()
    {
        try
        {
            scheduler.execute(this::pump);
        }
        catch (final RejectedExecutionException ex)
        {
            // closed meanwhile: what is queued is dropped at close
        }
    }

    private void pump()
    {
        while (!closed && inFlight.get() < IN_FLIGHT)
        {
            final Delivery delivery = queue.poll();
            if (null == delivery)
            {
                return;
            }
            inFlight.incrementAndGet();
            attempt(delivery, 1);
        }
    }

    private void attempt(final Delivery delivery, final int attempt)
    {
        final HttpRequest request = HttpRequest.newBuilder(delivery.webhook())
            .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
            .header("content-type", "application/json")
            .header("idempotency-key", delivery.idempotencyKey())
            .header("user-agent", "tickertape-alerts")
            .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
            .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) ->
        {
            final int status = null == response ? 0 : response.statusCode();
            if (null == failure && status / 100 == 2)
            {
                delivered.incrementAndGet();
                finished();
            }
            else if ((null != failure || status == 408 || status == 429 || status / 100 == 5) && attempt < MAX_ATTEMPTS && !closed)
            {
                retried.incrementAndGet();
                final long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << (attempt - 1));
                try
                {
                    scheduler.schedule(() -> attempt(delivery, attempt + 1), backoff, TimeUnit.MILLISECONDS);
                }
                catch (final RejectedExecutionException ex)
                {
                    failed.incrementAndGet(); // closing
                    inFlight.decrementAndGet();
                }
            }
            else
            {
                failed.incrementAndGet();
                finished();
            }
        });
    }

    private void finished()
    {
        inFlight.decrementAndGet();
        pumpLater();
    }

    long delivered()
    {
        return delivered.get();
    }

    long retried()
    {
        return retried.get();
    }

    long failed()
    {
        return failed.get();
    }

    long dropped()
    {
        return dropped.get();
    }

    /** @return deliveries queued or under way. */
    long pending()
    {
        return queue.size() + inFlight.get();
    }

    @Override
    public void close()
    {
        closed = true;
        dropped.addAndGet(queue.size());
        queue.clear();
        scheduler.shutdownNow();
        clientThreads.shutdownNow();
    }
}
