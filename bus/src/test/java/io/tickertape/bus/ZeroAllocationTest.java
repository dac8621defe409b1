package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.sun.management.ThreadMXBean;

/**
 * The publish and collect paths allocate nothing: measured with the JVM's per-thread allocation counter, on the
 * publishing thread around 100,000 publishes of an order event, and on the collector's thread over rounds lasting
 * long enough for it to resample the clock, after warm-up (there, less than a thousandth of a byte an event: the JVM's
 * own one-time work on the thread, below).
 */
class ZeroAllocationTest
{
    private static final ThreadMXBean THREADS =
        (ThreadMXBean)ManagementFactory.getThreadMXBean();

    private static final String[] SYMBOLS = {"NIFTY", "BANKNIFTY", "RELIANCE", "INFY"};
    private final StringBuilder orderId = new StringBuilder(32);

    @Test
    void shouldPublishWithoutAllocating()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1024)))
        {
            final Producer producer = bus.producer("execution", 1 << 17);
            final long threadId = Thread.currentThread().getId();
            THREADS.getThreadAllocatedBytes(threadId); // load the counter's own code before measuring

            for (int round = 0; round < 5; round++)
            {
                publish(producer, 100_000, round);
                await().atMost(Duration.ofSeconds(30)).until(() -> producer.depth() == 0);
            }

            final long before = THREADS.getThreadAllocatedBytes(threadId);
            publish(producer, 100_000, 9);
            final long allocated = THREADS.getThreadAllocatedBytes(threadId) - before;

            assertThat(producer.dropped()).as("the ring was never full").isZero();
            assertThat(allocated).as("bytes allocated by 100,000 publishes through the claim API and every helper").isZero();
        }
    }

    @Test
    void shouldCollectWithoutAllocating()
    {
        final BusContext context = new BusContext().historyCapacity(1024);
        try (TelemetryBus bus = TelemetryBus.launch(context))
        {
            final Producer producer = bus.producer("execution", 1 << 17);
            final long collector = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("tickertape-collector")).findFirst().orElseThrow().getId();
            for (int round = 0; round < 5; round++)
            {
                publish(producer, 100_000, round);
                await().atMost(Duration.ofSeconds(30)).until(() -> producer.depth() == 0);
            }

            // Long enough for the collector to resample the default clock twice.
            final SampledEpochClock clock = (SampledEpochClock)context.clock();
            final long sampledBefore = clock.sampledAt();
            final PayloadShapes shapes = bus.collectorShapes();
            final long writersBefore = shapes.writers();
            final long shapeWrittenBefore = shapes.written();
            final long before = THREADS.getThreadAllocatedBytes(collector);
            final long start = System.nanoTime();
            int round = 0;
            while (System.nanoTime() - start < 2 * SampledEpochClock.RESAMPLE_INTERVAL_NANOS + 500_000_000L)
            {
                publish(producer, 100_000, round++);
                await().atMost(Duration.ofSeconds(30)).until(() -> producer.depth() == 0);
            }
            final long allocated = THREADS.getThreadAllocatedBytes(collector) - before;

            assertThat(SampledEpochClock.readsWithoutAllocating()).as("the system clock read through the JDK's call").isTrue();
            assertThat(clock.sampledAt()).as("the clock resampled while measured").isNotEqualTo(sampledBefore);
            assertThat(producer.dropped()).as("the ring was never full").isZero();
            // Not exactly zero: the JVM may allocate a few hundred bytes on the collector's thread in this window
            // (seen: 80 to 464 bytes, a String and its bytes at a time, on a method's first line), when its calls
            // make a method due for C2 and HotSpot's compile broker first resolves the string constants of the
            // method's class (its messages) on that thread, once for each class. An allocation per event would be 16 bytes an event at the least,
            // tens of megabytes over these rounds; the bound is a thousandth of a byte an event.
            final long events = round * 100_000L;
            assertThat(allocated).as("bytes the collector allocated over %d rounds of 100,000 events", round)
                .isLessThan(events / 1_000);
            // The payloads were written by the writers made for their shapes during the warm-up, and none was made since.
            await().atMost(Duration.ofSeconds(10)).until(() -> shapes.written() - shapeWrittenBefore > events / 2);
            assertThat(shapes.writers()).as("writers made while measured").isEqualTo(writersBefore).isPositive();
        }
    }

    private void publish(final Producer producer, final int count, final int round)
    {
        for (int i = 0; i < count; i++)
        {
            orderId.setLength(0);
            orderId.append("PAPER-").append(round).append('-').append(i);
            switch (i & 7)
            {
                case 0 ->
                {
                    try (EventWriter e = producer.claim(EventType.ORDER))
                    {
                        e.put("order_id", orderId).put("symbol", SYMBOLS[i & 3]).put("side", "BUY").put("status", "filled")
                            .put("qty", 50).put("price", 19755.0 + i);
                    }
                }
                case 1 -> Events.order(producer, orderId, SYMBOLS[i & 3], "SELL", "new", 25, 19750.5);
                case 2 ->
                {
                    try (EventWriter e = Events.beginSignal(producer, SYMBOLS[i & 3], "momentum", "BUY"))
                    {
                        e.put("confidence", 0.85).put("reason", "ema cross").put("timeframe", "5m");
                    }
                }
                case 3 -> Events.position(producer, SYMBOLS[i & 3], i, 19750.5, 12.5, -3.25);
                case 4 ->
                {
                    try (EventWriter e = Events.beginDecisionTrace(producer, "momentum", SYMBOLS[i & 3], "HOLD"))
                    {
                        e.put("reason", "no crossover").put("confidence", 1.0).put("close_price", 19750.5);
                    }
                }
                case 5 -> Events.performanceUpdate(producer, 1520.75, 0.6, 1.25);
                case 6 ->
                {
                    try (EventWriter e = Events.beginIndicator(producer, SYMBOLS[i & 3], "5m"))
                    {
                        e.put("rsi", 55.5).put("ema_20", 19740.5);
                    }
                }
                default -> Events.data(producer, EventType.ENGINE_HEALTH, orderId);
            }
        }
    }
}
