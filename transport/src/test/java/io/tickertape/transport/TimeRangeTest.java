package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.journal.JournalContext;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.ServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code from} and {@code to} on {@code /api/telemetry/events}: a page by time, from memory and, with a journal,
 * beyond it; bad times are a 400 that says which.
 */
class TimeRangeTest
{
    /** Event n is published at T0 + n ms (whole milliseconds, so epoch-millisecond bounds are exact). */
    private static final long T0 = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli() * 1_000_000L;

    @TempDir
    Path dir;

    private static long millisOf(final long n)
    {
        return (T0 + n * 1_000_000L) / 1_000_000L;
    }

    private static TelemetryBus launch(final BusContext context, final int events)
    {
        final AtomicLong next = new AtomicLong();
        final TelemetryBus bus = TelemetryBus.launch(context.clock(() -> T0 + next.incrementAndGet() * 1_000_000L));
        final Producer producer = bus.producer("test", 4096);
        for (int i = 1; i <= events; i++)
        {
            try (EventWriter e = producer.claim(i % 2 == 0 ? EventType.ORDER : EventType.SIGNAL))
            {
                e.put("n", i);
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> bus.history().head() >= events);
        return bus;
    }

    @SuppressWarnings("unchecked")
    private static List<Long> seqs(final HttpResponse<String> response)
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ((List<Map<String, Object>>)Json.object(response.body()).get("events")).stream().map(e -> (Long)e.get("seq")).toList();
    }

    private static List<Long> range(final long from, final long to)
    {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void shouldPageByTimeFromMemory() throws Exception
    {
        try (TelemetryBus bus = launch(new BusContext().historyCapacity(10_000), 1_000);
             TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0)))
        {
            final ServerFixture http = new ServerFixture(server.baseUrl());
            assertThat(seqs(http.get("/api/telemetry/events?from=" + millisOf(100) + "&limit=10"))).isEqualTo(range(100, 109));
            assertThat(seqs(http.get("/api/telemetry/events?from=" + millisOf(100) + "&to=" + millisOf(104)))).isEqualTo(range(100, 104));
            assertThat(seqs(http.get("/api/telemetry/events?to=" + millisOf(3)))).as("to alone: from the oldest").isEqualTo(range(1, 3));
            final String iso = Instant.ofEpochMilli(millisOf(500)).toString();
            assertThat(seqs(http.get("/api/telemetry/events?from=" + iso + "&to=" + iso))).containsExactly(500L);
            assertThat(seqs(http.get("/api/telemetry/events?from=" + millisOf(100) + "&to=" + millisOf(120) + "&event_type=order_event")))
                .isEqualTo(LongStream.rangeClosed(100, 120).filter(n -> n % 2 == 0).boxed().toList());
            assertThat(seqs(http.get("/api/telemetry/events?from=" + millisOf(100) + "&to=" + millisOf(200) + "&after_seq=150&limit=5")))
                .as("paging inside a time range").isEqualTo(range(151, 155));
            assertThat(seqs(http.get("/api/telemetry/events?from=" + millisOf(5_000)))).as("after the newest").isEmpty();

            final HttpResponse<String> bad = http.get("/api/telemetry/events?from=yesterday");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(Json.object(bad.body()).get("error")).asString().startsWith("from must be an ISO-8601 instant").contains("'yesterday'");
            final HttpResponse<String> reversed = http.get("/api/telemetry/events?from=" + millisOf(10) + "&to=" + millisOf(5));
            assertThat(reversed.statusCode()).isEqualTo(400);
            assertThat(Json.object(reversed.body()).get("error")).asString().contains("from (" + millisOf(10) + ") is after to (" + millisOf(5) + ")");
            assertThat(http.get("/api/telemetry/events?to=2026-13-01T00:00:00Z").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void shouldPageByTimeBeyondMemoryFromTheJournal() throws Exception
    {
        final BusContext context = new BusContext().historyCapacity(100).journal(new JournalContext().directory(dir).segmentBytes(4 << 20));
        try (TelemetryBus bus = launch(context, 1_000);
             TelemetryServer server = TelemetryServer.start(bus, new ServerContext().port(0)))
        {
            await().atMost(Duration.ofSeconds(20)).until(() -> bus.journal().lastSeq() >= 1_000);
            assertThat(bus.history().tail()).isGreaterThan(800);
            final ServerFixture http = new ServerFixture(server.baseUrl());
            assertThat(seqs(http.get("/api/telemetry/events?from=" + millisOf(100) + "&to=" + millisOf(109)))).isEqualTo(range(100, 109));
            assertThat(seqs(http.get("/api/telemetry/events?from=" + millisOf(850) + "&limit=1000"))).as("across the journal and memory")
                .isEqualTo(range(850, 1_000));
        }
    }
}
