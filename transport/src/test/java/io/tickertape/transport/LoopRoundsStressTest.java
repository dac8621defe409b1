package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.testkit.SseClient;
import org.junit.jupiter.api.Test;

/**
 * Drains in rounds under load, with Netty's leak detection at PARANOID (every buffer tracked): a producer publishes
 * flat out into a small history while streams on one I/O thread are served in rounds that continue after the loop's I/O.
 * Every stream must keep receiving to the end (a continuation that stopped would leave streams silent), in order but
 * for the gaps it is told of, and the loop must keep answering requests meanwhile: rounds queued straight into the
 * task queue, by the collector's wake after every batch, kept a request here waiting past its 30 s timeout.
 */
class LoopRoundsStressTest
{
    private static final int STREAMS = 8;
    /** One: with two on this two-core machine, one run answered only three checks in three seconds. */
    private static final int PRODUCERS = 1;
    private static final long PUBLISH_MILLIS = 3_000;

    @Test
    void shouldKeepEveryStreamGoingWhileProducersPublishFlatOut() throws Exception
    {
        try (TelemetryFixture fixture = new TelemetryFixture(
            new BusContext().historyCapacity(1 << 14), new ServerContext().ioThreads(1)))
        {
            final List<SseClient> streams = new ArrayList<>();
            final List<Thread> producers = new ArrayList<>();
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong published = new AtomicLong();
            try
            {
                for (int i = 0; i < STREAMS; i++)
                {
                    streams.add(fixture.countingStream("/api/telemetry/stream"));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> fixture.server.subscriberCount() == STREAMS);
                for (int i = 0; i < PRODUCERS; i++)
                {
                    final Producer producer = fixture.bus.producer("flat-out-" + i, 1 << 14);
                    final Thread thread = new Thread(() ->
                    {
                        long n = 0;
                        while (!stop.get())
                        {
                            try (EventWriter e = producer.claim(EventType.ORDER))
                            {
                                e.put("n", ++n).put("symbol", "RELIANCE");
                            }
                        }
                        published.addAndGet(producer.published());
                    }, "flat-out-" + i);
                    thread.start();
                    producers.add(thread);
                }

                int answered = 0;
                final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PUBLISH_MILLIS);
                while (System.nanoTime() < end)
                {
                    assertThat(fixture.get("/healthz").statusCode()).isEqualTo(200);
                    answered++;
                    Thread.sleep(50);
                }
                stop.set(true);
                for (final Thread thread : producers)
                {
                    thread.join(10_000);
                }

                final long head = fixture.bus.history().head();
                await().atMost(Duration.ofSeconds(60)).until(() -> streams.stream().allMatch(s -> s.lastMessageId() >= head));
                for (final SseClient s : streams)
                {
                    assertThat(s.failure()).as("stream failure").isNull();
                    assertThat(s.ended()).as("stream ended").isFalse();
                    assertThat(s.orderViolation()).as("in order but for announced gaps").isNull();
                    assertThat(s.messageCount()).as("events received").isPositive();
                }
                // How many depends on how much of two cores the flat-out producers leave; LoopFairnessTest bounds the wait.
                assertThat(answered).as("/healthz answered while the producers ran").isPositive();
                System.out.printf("rounds under load: %d published, head %d, %d health checks answered; events per stream %s%n",
                    published.get(), head, answered, streams.stream().map(s -> Long.toString(s.messageCount())).toList());
            }
            finally
            {
                stop.set(true);
                for (final Thread thread : producers)
                {
                    thread.join(10_000);
                }
                for (final SseClient s : streams)
                {
                    s.close();
                }
            }
        }
    }
}
