package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paging contract of {@code /api/telemetry/events}, over real HTTP: where a reply stands in the run
 * ({@code epoch}, {@code head_seq}, {@code oldest_seq}, {@code last_id}), {@code after_seq} over its whole range,
 * {@code after_id} with the stream's resume rule (continue, {@code gap}, {@code reset}), and the cap on a reply's
 * bytes.
 */
class EventsPagingTest
{
    private static final String EVENTS = "/api/telemetry/events";
    /** A history this small has overwritten the first events of a test that publishes {@link #PUBLISHED}. */
    private static final int SMALL_HISTORY = 16;
    private static final int PUBLISHED = 50;

    private static TelemetryFixture fixture() throws InterruptedException
    {
        return new TelemetryFixture();
    }

    private static TelemetryFixture smallHistory() throws InterruptedException
    {
        return new TelemetryFixture(new BusContext().historyCapacity(SMALL_HISTORY), new ServerContext());
    }

    private static TelemetryFixture capped(final int maxBytes) throws InterruptedException
    {
        return new TelemetryFixture(new BusContext().historyCapacity(10_000), new ServerContext().maxEventsReplyBytes(maxBytes));
    }

    /** GET a page: 200, well-formed, {@code count} agreeing with the events. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> page(final TelemetryFixture f, final String query) throws Exception
    {
        final HttpResponse<String> response = f.get(EVENTS + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        final Map<String, Object> body = Json.object(response.body());
        assertThat(body).containsEntry("ok", true).containsKeys("epoch", "head_seq", "oldest_seq", "events", "count", "last_id",
            "truncated");
        assertThat(body).containsEntry("count", (long)((List<Object>)body.get("events")).size());
        return body;
    }

    @SuppressWarnings("unchecked")
    private static List<Long> seqs(final Map<String, Object> page)
    {
        return ((List<Map<String, Object>>)page.get("events")).stream().map(e -> (Long)e.get("seq")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> gap(final Map<String, Object> page)
    {
        return (Map<String, Object>)page.get("gap");
    }

    private static List<Long> range(final long from, final long to)
    {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static Map<String, Object> badRequest(final TelemetryFixture f, final String query) throws Exception
    {
        final HttpResponse<String> response = f.get(EVENTS + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        final Map<String, Object> body = Json.object(response.body());
        assertThat(body).containsEntry("ok", false).containsKey("error");
        return body;
    }

    @Test
    void shouldStateEpochHeadAndOldestInEveryReply() throws Exception
    {
        try (TelemetryFixture f = smallHistory())
        {
            f.publishAndAwait(EventType.ORDER, PUBLISHED);
            final String epoch = f.bus.epoch();
            final long oldest = f.bus.history().tail();
            assertThat(oldest).isEqualTo(PUBLISHED - SMALL_HISTORY + 1);

            for (final String query : new String[] {"", "?limit=3", "?after_seq=40", "?after_id=" + epoch + "-40",
                "?event_type=order_event&after_seq=45", "?event_type=no_such_type"})
            {
                final Map<String, Object> page = page(f, query);
                assertThat(page).as(query).containsEntry("epoch", epoch).containsEntry("head_seq", (long)PUBLISHED)
                    .containsEntry("oldest_seq", oldest).containsEntry("truncated", false).doesNotContainKeys("gap", "reset");
                final List<Long> seqs = seqs(page);
                final long last = seqs.isEmpty() ? PUBLISHED : seqs.get(seqs.size() - 1);
                assertThat(page).as(query).containsEntry("last_id", epoch + "-" + last);
            }
        }
    }

    @Test
    void shouldStateZeroAsTheOldestOfAnEmptyHistory() throws Exception
    {
        try (TelemetryFixture f = fixture())
        {
            final Map<String, Object> page = page(f, "?after_seq=0");
            assertThat(page).containsEntry("head_seq", 0L).containsEntry("oldest_seq", 0L).containsEntry("count", 0L)
                .containsEntry("last_id", f.bus.epoch() + "-0").doesNotContainKeys("gap", "reset");
        }
    }

    @Test
    void shouldAnswerAfterSeqOfTheLargestSequenceWithAnEmptyPageAndTheHead() throws Exception
    {
        try (TelemetryFixture f = fixture())
        {
            f.publishAndAwait(EventType.ORDER, 20);
            final Map<String, Object> page = page(f, "?after_seq=" + Long.MAX_VALUE);
            assertThat(seqs(page)).as("not the oldest page").isEmpty();
            assertThat(page).containsEntry("head_seq", 20L).containsEntry("oldest_seq", 1L)
                .containsEntry("last_id", f.bus.epoch() + "-" + Long.MAX_VALUE).doesNotContainKeys("gap", "reset");

            assertThat(seqs(page(f, "?after_seq=21"))).as("just past the head").isEmpty();
            assertThat(seqs(page(f, "?after_seq=19"))).containsExactly(20L);
        }
    }

    @Test
    void shouldReportAGapWhenAfterSeqIsOlderThanTheOldestHeld() throws Exception
    {
        try (TelemetryFixture f = smallHistory())
        {
            f.publishAndAwait(EventType.ORDER, PUBLISHED);
            final long oldest = PUBLISHED - SMALL_HISTORY + 1;

            final Map<String, Object> page = page(f, "?after_seq=10&limit=5");
            assertThat(gap(page)).containsExactly(Map.entry("from_seq", 11L), Map.entry("to_seq", oldest - 1),
                Map.entry("missed", oldest - 1 - 11 + 1));
            assertThat(seqs(page)).isEqualTo(range(oldest, oldest + 4));
            assertThat(page).doesNotContainKey("reset");

            assertThat(page(f, "?after_seq=" + (oldest - 1))).as("right before the oldest: nothing missed").doesNotContainKey("gap");
        }
    }

    @Test
    void shouldContinueAfterAnIdOfThisRun() throws Exception
    {
        try (TelemetryFixture f = fixture())
        {
            f.publishAndAwait(EventType.ORDER, 20);
            final String epoch = f.bus.epoch();

            final Map<String, Object> page = page(f, "?after_id=" + epoch + "-5&limit=4");
            assertThat(seqs(page)).containsExactly(6L, 7L, 8L, 9L);
            assertThat(page).containsEntry("last_id", epoch + "-9").doesNotContainKeys("gap", "reset");

            final Map<String, Object> next = page(f, "?after_id=" + page.get("last_id"));
            assertThat(seqs(next)).isEqualTo(range(10, 20));
            final Map<String, Object> caughtUp = page(f, "?after_id=" + next.get("last_id"));
            assertThat(seqs(caughtUp)).isEmpty();
            assertThat(caughtUp).containsEntry("last_id", epoch + "-20").doesNotContainKeys("gap", "reset");
        }
    }

    @Test
    void shouldReportAGapWhenAfterIdIsOlderThanTheOldestHeld() throws Exception
    {
        try (TelemetryFixture f = smallHistory())
        {
            f.publishAndAwait(EventType.ORDER, PUBLISHED);
            final long oldest = PUBLISHED - SMALL_HISTORY + 1;
            assertThat(f.bus.history().tail()).isEqualTo(oldest);

            final Map<String, Object> page = page(f, "?after_id=" + f.bus.epoch() + "-10");
            assertThat(gap(page)).containsExactly(Map.entry("from_seq", 11L), Map.entry("to_seq", oldest - 1),
                Map.entry("missed", oldest - 11));
            assertThat(seqs(page)).isEqualTo(range(oldest, PUBLISHED));
            assertThat(page).doesNotContainKey("reset");
        }
    }

    @Test
    void shouldResetAndPageFromTheOldestWhenAfterIdIsOfAnotherRun() throws Exception
    {
        try (TelemetryFixture f = smallHistory())
        {
            f.publishAndAwait(EventType.ORDER, PUBLISHED);
            final long oldest = PUBLISHED - SMALL_HISTORY + 1;
            final String otherRun = "zz" + f.bus.epoch();

            final Map<String, Object> page = page(f, "?after_id=" + otherRun + "-20&limit=5");
            assertThat(page).containsEntry("reset", true).containsEntry("from_epoch", otherRun).doesNotContainKey("gap");
            assertThat(seqs(page)).isEqualTo(range(oldest, oldest + 4));
            assertThat(page).containsEntry("last_id", f.bus.epoch() + "-" + (oldest + 4));
        }
    }

    @Test
    void shouldResetWhenAfterIdIsAheadOfTheHead() throws Exception
    {
        try (TelemetryFixture f = fixture())
        {
            f.publishAndAwait(EventType.ORDER, 20);
            final String epoch = f.bus.epoch();

            final Map<String, Object> page = page(f, "?after_id=" + epoch + "-21");
            assertThat(page).containsEntry("reset", true).containsEntry("from_epoch", epoch).doesNotContainKey("gap");
            assertThat(seqs(page)).isEqualTo(range(1, 20));

            assertThat(page(f, "?after_id=" + epoch + "-" + Long.MAX_VALUE)).containsEntry("reset", true);
            assertThat(page(f, "?after_id=" + epoch + "-20")).as("the head itself is held").doesNotContainKey("reset");
        }
    }

    @Test
    void shouldReadABareAfterIdAsASequenceOfThisRun() throws Exception
    {
        try (TelemetryFixture f = fixture())
        {
            f.publishAndAwait(EventType.ORDER, 20);

            final Map<String, Object> page = page(f, "?after_id=5&limit=3");
            assertThat(seqs(page)).containsExactly(6L, 7L, 8L);
            assertThat(page).doesNotContainKeys("gap", "reset");

            assertThat(page(f, "?after_id=500")).as("ahead of the head").containsEntry("reset", true)
                .containsEntry("from_epoch", f.bus.epoch());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "-5", "ABC-5", "a_b-5", "epoch-", "epoch-x", "epoch-1.5", "a-b-5", "12345678901234567-5",
        "epoch-9223372036854775808", "9223372036854775808", "%20"})
    void shouldRefuseAMalformedAfterId(final String afterId) throws Exception
    {
        try (TelemetryFixture f = fixture())
        {
            f.publishAndAwait(EventType.ORDER, 5);
            final Map<String, Object> body = badRequest(f, "?after_id=" + afterId);
            assertThat((String)body.get("error")).startsWith("after_id").contains("must be");
            assertThat(f.bus.history().head()).isEqualTo(5);
        }
    }

    @Test
    void shouldSayWhatAnAfterIdLooksLike() throws Exception
    {
        try (TelemetryFixture f = fixture())
        {
            assertThat((String)badRequest(f, "?after_id=abc").get("error"))
                .isEqualTo("after_id must be <epoch>-<seq> (an event's id) or a sequence from 0 to 9223372036854775807, got 'abc'");
            assertThat((String)badRequest(f, "?after_id=e-x").get("error")).contains("after_id's sequence must be an integer");
        }
    }

    @Test
    void shouldRefuseAfterSeqTogetherWithAfterId() throws Exception
    {
        try (TelemetryFixture f = fixture())
        {
            f.publishAndAwait(EventType.ORDER, 5);
            final Map<String, Object> body = badRequest(f, "?after_seq=1&after_id=" + f.bus.epoch() + "-1");
            assertThat((String)body.get("error")).contains("after_seq").contains("after_id");
        }
    }

    @Test
    void shouldCapRepliesByBytesAndPageOnFromTheLastEventWithoutLossOrDuplicates() throws Exception
    {
        final int maxBytes = 1000;
        try (TelemetryFixture f = capped(maxBytes))
        {
            f.publishAndAwait(EventType.ORDER, 100);

            final Map<String, Object> first = page(f, "?after_seq=0&limit=1000");
            assertThat(first).containsEntry("truncated", true);
            assertThat(first.get("count")).isNotEqualTo(100L);
            final List<Long> seqs = new ArrayList<>(seqs(first));
            assertThat(first).containsEntry("last_id", f.bus.epoch() + "-" + seqs.get(seqs.size() - 1));

            // by after_id, with the last_id of each reply
            Map<String, Object> page = first;
            int pages = 1;
            while (Boolean.TRUE.equals(page.get("truncated")))
            {
                final String next = "?limit=1000&after_id=" + page.get("last_id");
                page = page(f, next);
                if ((Long)page.get("count") > 1)
                {
                    assertThat(eventBytes(f, next)).isLessThanOrEqualTo(maxBytes);
                }
                seqs.addAll(seqs(page));
                assertThat(++pages).isLessThan(100);
            }
            assertThat(seqs).as("every event once, in order").isEqualTo(range(1, 100));
            assertThat(pages).isGreaterThan(2);

            // by after_seq, with the seq of the last event of each reply
            final List<Long> bySeq = new ArrayList<>();
            long after = 0;
            do
            {
                page = page(f, "?limit=1000&after_seq=" + after);
                final List<Long> got = seqs(page);
                bySeq.addAll(got);
                after = got.isEmpty() ? after : got.get(got.size() - 1);
            }
            while (Boolean.TRUE.equals(page.get("truncated")));
            assertThat(bySeq).isEqualTo(range(1, 100));

            // the newest events, capped too: the page goes on from its last event
            final Map<String, Object> newest = page(f, "?limit=1000");
            assertThat(newest).containsEntry("truncated", true);
            final List<Long> newestSeqs = seqs(newest);
            assertThat(newestSeqs.get(0)).isEqualTo(1L);
            assertThat(seqs(page(f, "?after_id=" + newest.get("last_id"))).get(0)).isEqualTo(newestSeqs.get(newestSeqs.size() - 1) + 1);
        }
    }

    @Test
    void shouldReturnOneEventWhenItAloneIsOverTheCap() throws Exception
    {
        try (TelemetryFixture f = capped(1))
        {
            f.publishAndAwait(EventType.ORDER, 3);
            final Map<String, Object> page = page(f, "?after_seq=0");
            assertThat(seqs(page)).containsExactly(1L);
            assertThat(page).containsEntry("truncated", true);
            assertThat(seqs(page(f, "?after_id=" + page.get("last_id")))).containsExactly(2L);
            final Map<String, Object> last = page(f, "?after_seq=2");
            assertThat(seqs(last)).containsExactly(3L);
            assertThat(last).as("nothing after it").containsEntry("truncated", false);
        }
    }

    @Test
    void shouldApplyTheTypeFilterToCappedGapAndResetPages() throws Exception
    {
        try (TelemetryFixture f = new TelemetryFixture(new BusContext().historyCapacity(SMALL_HISTORY),
            new ServerContext().maxEventsReplyBytes(200)))
        {
            for (int i = 0; i < PUBLISHED / 2; i++)
            {
                f.publish(EventType.ORDER);
                f.publish(EventType.SIGNAL);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> f.bus.history().head() >= PUBLISHED);
            final String epoch = f.bus.epoch();
            final long oldest = PUBLISHED - SMALL_HISTORY + 1; // odd seqs are orders, even ones signals
            final String signals = "?event_type=signal_event&limit=1000";

            Map<String, Object> page = page(f, signals + "&after_id=" + epoch + "-2");
            assertThat(gap(page)).containsExactly(Map.entry("from_seq", 3L), Map.entry("to_seq", oldest - 1),
                Map.entry("missed", oldest - 3));
            final List<Long> seqs = new ArrayList<>(seqs(page));
            while (Boolean.TRUE.equals(page.get("truncated")))
            {
                page = page(f, signals + "&after_id=" + page.get("last_id"));
                assertThat(page).doesNotContainKeys("gap", "reset");
                seqs.addAll(seqs(page));
            }
            assertThat(seqs).isEqualTo(LongStream.rangeClosed(oldest, PUBLISHED).filter(s -> s % 2 == 0).boxed().toList());

            final Map<String, Object> reset = page(f, signals + "&after_id=other-1");
            assertThat(reset).containsEntry("reset", true).containsEntry("from_epoch", "other");
            assertThat(seqs(reset).get(0)).isEqualTo(oldest + 1);

            final Map<String, Object> none = page(f, "?event_type=position_event&after_id=" + epoch + "-" + (oldest + 2));
            assertThat(seqs(none)).isEmpty();
            assertThat(none).as("an empty page has read to the head").containsEntry("last_id", epoch + "-" + PUBLISHED);
        }
    }

    /** Bytes of the events' JSON in a reply, as sent (without the commas between them). */
    private static long eventBytes(final TelemetryFixture f, final String query) throws Exception
    {
        final String body = f.get(EVENTS + query).body();
        final String events = body.substring(body.indexOf("\"events\":[") + 10, body.indexOf("],\"count\":"));
        final long count = (Long)Json.object(body).get("count");
        return events.getBytes(StandardCharsets.UTF_8).length - Math.max(0, count - 1);
    }
}
