package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.journal.JournalContext;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.ServerFixture;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads beyond the in-memory history are served from the journal, then from memory, with no duplicate and no
 * loss, in the same run and after a restart on the same journal.
 */
class JournalReadTest
{
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final class Run implements AutoCloseable
    {
        final TelemetryBus bus;
        final TelemetryServer server;
        final ServerFixture http;
        final Producer producer;

        Run() throws InterruptedException
        {
            this(dir);
        }

        Run(final Path journal) throws InterruptedException
        {
            bus = TelemetryBus.launch(new BusContext().historyCapacity(100)
                .journal(new JournalContext().directory(journal).segmentBytes(4 << 20)));
            server = TelemetryServer.start(bus, new ServerContext().port(0));
            http = new ServerFixture(server.baseUrl());
            producer = bus.producer("test", 1024);
        }

        void publish(final int count)
        {
            final long target = bus.history().head() + count;
            for (int i = 0; i < count; i++)
            {
                final EventType type = i % 10 == 0 ? EventType.SIGNAL : EventType.ORDER;
                while (producer.depth() >= producer.ringSize() - 1)
                {
                    Thread.onSpinWait();
                }
                try (EventWriter e = producer.claim(type))
                {
                    e.put("n", i);
                }
            }
            await().atMost(DEADLINE).until(() -> bus.history().head() >= target && bus.journal().lastSeq() >= target);
        }

        Map<String, Object> page(final String query) throws Exception
        {
            return Json.object(http.get("/api/telemetry/events" + query).body());
        }

        @Override
        public void close()
        {
            server.close();
            bus.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Long> seqs(final Map<String, Object> page)
    {
        return ((List<Map<String, Object>>)page.get("events")).stream().map(e -> (Long)e.get("seq")).toList();
    }

    private static List<Long> range(final long from, final long to)
    {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPageFromTheJournalThenFromMemory() throws Exception
    {
        try (Run run = new Run())
        {
            run.publish(1_000);
            assertThat(run.bus.history().tail()).isGreaterThan(800);

            final Map<String, Object> first = run.page("?after_seq=0&limit=1000");
            assertThat(seqs(first)).isEqualTo(range(1, 1_000));
            assertThat(first).containsEntry("oldest_seq", 1L).containsEntry("count", 1000L).doesNotContainKeys("gap", "reset");

            assertThat(seqs(run.page("?after_seq=500&limit=10"))).isEqualTo(range(501, 510));
            final long tail = run.bus.history().tail();
            assertThat(seqs(run.page("?after_seq=" + (tail - 5) + "&limit=10"))).as("across the journal and memory")
                .isEqualTo(range(tail - 4, tail + 5));
            assertThat(seqs(run.page("?after_seq=0&limit=5&event_type=signal_event"))).containsExactly(1L, 11L, 21L, 31L, 41L);

            // The journal's figures: in the stats, in the metrics, and its state in the health check.
            final Map<String, Object> stats = Json.object(run.http.get("/api/telemetry/stats").body());
            final Map<String, Object> journal = (Map<String, Object>)stats.get("journal");
            assertThat(journal).containsEntry("directory", dir.toString()).containsEntry("appended", 1000L)
                .containsEntry("holes", 0L).containsEntry("write_errors", 0L).containsEntry("oldest_seq", 1L)
                .containsEntry("segments", 1L).containsEntry("segments_deleted", 0L);
            assertThat((Long)journal.get("bytes")).isGreaterThanOrEqualTo(4L << 20);
            assertThat((String)journal.get("oldest_time")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat((Map<String, Object>)stats.get("http")).containsEntry("journal_pages", 4L);
            final String metrics = run.http.get("/metrics").body();
            assertThat(metrics).contains("\ntickertape_journal_appended_total 1000\n").contains("\ntickertape_journal_holes_total 0\n")
                .contains("\ntickertape_http_journal_pages_total 4\n");
            assertThat(Json.object(run.http.get("/healthz").body())).containsEntry("status", "UP")
                .containsEntry("journal", Map.of("status", "OK", "holes", 0L, "write_errors", 0L));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldResumeAnIdFromBeforeARestartExactly() throws Exception
    {
        final String epoch;
        try (Run run = new Run())
        {
            epoch = run.bus.epoch();
            run.publish(1_000);
        }
        try (Run run = new Run())
        {
            assertThat(run.bus.epoch()).isEqualTo(epoch);
            run.publish(50);
            final Map<String, Object> page = run.page("?after_id=" + epoch + "-990&limit=100");
            assertThat(seqs(page)).isEqualTo(range(991, 1_050));
            assertThat(page).doesNotContainKeys("gap", "reset");

            try (SseClient stream = SseClient.open(run.server.baseUrl() + "/api/telemetry/stream", Map.of("Last-Event-ID", epoch + "-900")))
            {
                final List<SseEvent> events = stream.awaitEvents(SseEvent.MESSAGE, 150, DEADLINE);
                assertThat(events.stream().map(SseEvent::seq).toList()).isEqualTo(range(901, 1_050));
                assertThat(stream.events("gap")).isEmpty();
                assertThat(stream.events("reset")).isEmpty();
                run.publish(20);
                final List<SseEvent> more = stream.awaitEvents(SseEvent.MESSAGE, 170, DEADLINE);
                final List<Long> all = new ArrayList<>(more.stream().map(SseEvent::seq).toList());
                assertThat(all).as("then live, no duplicate, no loss").isEqualTo(range(901, 1_070));
                assertThat((Map<String, Object>)Json.object(run.http.get("/api/telemetry/stats").body()).get("sse"))
                    .containsEntry("journal_replays", 1L);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldSayGapOrResetForIdsTheJournalNeverGotBeforeACrash(@TempDir final Path crashed) throws Exception
    {
        final String epoch;
        try (Run run = new Run())
        {
            epoch = run.bus.epoch();
            run.publish(1_000);
            // The files as a kill -9 now would leave them: every event journaled, the process never closed.
            try (Stream<Path> files = Files.list(dir))
            {
                for (final Path file : files.toList())
                {
                    Files.copy(file, crashed.resolve(file.getFileName()));
                }
            }
        }
        try (Run run = new Run(crashed))
        {
            final long restartedAfter = run.bus.history().head();
            assertThat(restartedAfter).as("after every sequence the crashed run may have shown").isGreaterThan(1_000);
            run.publish(150); // more than the history holds: this run's first events are in the journal only
            final List<Long> after = range(restartedAfter + 1, restartedAfter + 150);

            // An id the journal holds: its events; the next page, a gap for those it never got, then this run's.
            final Map<String, Object> page = run.page("?after_id=" + epoch + "-990&limit=100");
            assertThat(seqs(page)).isEqualTo(range(991, 1_000));
            assertThat(page).doesNotContainKeys("gap", "reset");
            final Map<String, Object> next = run.page("?after_seq=1000&limit=100");
            assertThat((Map<String, Object>)next.get("gap")).containsEntry("from_seq", 1_001L).containsEntry("to_seq", restartedAfter);
            assertThat(seqs(next)).isEqualTo(after.subList(0, 100));

            // The same by SSE: the journal's events, a gap, this run's.
            try (SseClient stream = SseClient.open(run.server.baseUrl() + "/api/telemetry/stream", Map.of("Last-Event-ID", epoch + "-990")))
            {
                final List<SseEvent> events = stream.awaitEvents(SseEvent.MESSAGE, 160, DEADLINE);
                final List<Long> expected = new ArrayList<>(range(991, 1_000));
                expected.addAll(after);
                assertThat(events.stream().map(SseEvent::seq).toList()).isEqualTo(expected);
                assertThat(stream.events("gap")).singleElement().satisfies(g -> assertThat((Map<String, Object>)g.json().get("payload"))
                    .containsEntry("from_seq", 1_001L).containsEntry("to_seq", restartedAfter));
                assertThat(stream.events("reset")).isEmpty();
            }

            // An id the crashed run may have shown a client and its journal never got: no one can place it, so reset,
            // then every event of this run, the first ones from the journal.
            final long lost = 1_005;
            try (SseClient stream = SseClient.open(run.server.baseUrl() + "/api/telemetry/stream", Map.of("Last-Event-ID", epoch + "-" + lost)))
            {
                final List<SseEvent> events = stream.awaitEvents(SseEvent.MESSAGE, 150, DEADLINE);
                assertThat(events.stream().map(SseEvent::seq).toList()).isEqualTo(after);
                assertThat(stream.events("reset")).hasSize(1);
                assertThat(stream.events("gap")).isEmpty();
            }
            final Map<String, Object> byId = run.page("?after_id=" + epoch + "-" + lost + "&limit=100");
            assertThat(byId).containsEntry("reset", true);
            assertThat(seqs(byId)).isEqualTo(after.subList(0, 100));
        }
    }
}
