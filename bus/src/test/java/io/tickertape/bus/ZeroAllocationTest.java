package io.tickertape.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.sun.management.ThreadMXBean;

/**
 * The publish path allocates nothing: measured with the JVM's per-thread allocation counter around 100,000
 * publishes of an order event, after warm-up, while the collector runs.
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
            assertThat(allocated).as("bytes allocated by 100,000 publishes").isZero();
        }
    }

    private void publish(final Producer producer, final int count, final int round)
    {
        for (int i = 0; i < count; i++)
        {
            orderId.setLength(0);
            orderId.append("PAPER-").append(round).append('-').append(i);
            if ((i & 1) == 0)
            {
                try (EventWriter e = producer.claim(EventType.ORDER))
                {
                    e.put("order_id", orderId).put("symbol", SYMBOLS[i & 3]).put("side", "BUY").put("status", "filled")
                        .put("qty", 50).put("price", 19755.0 + i);
                }
            }
            else
            {
                Events.order(producer, orderId, SYMBOLS[i & 3], "SELL", "new", 25, 19750.5);
            }
        }
    }
}
