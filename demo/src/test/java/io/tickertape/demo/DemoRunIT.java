package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tickertape.testkit.Json;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.Test;

/**
 * The whole demo, as a user runs it, for a few seconds at a high rate, watched through its HTTP API: every
 * order that fills was first new, positions match fills, no engine dies, and drops (if any) are reported.
 */
class DemoRunIT
{
    private static final int RATE = 200_000;

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunTheDemoAtAHighRateWithConsistentOrdersAndPositions() throws Exception
    {
        final RunningDemo demo = new RunningDemo("--port", "0", "--rate", String.valueOf(RATE), "--history", "2000000");
        try
        {
            final String base = demo.baseUrl();
            try (SseClient stream = SseClient.open(base + "/api/telemetry/stream?event_type=order_event,position_event,dropped&last_event_id=0"))
            {
                await().atMost(Duration.ofSeconds(60)).until(() -> stream.events("message").size() > 3000);
                final HttpResponse<String> statsResponse = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/api/telemetry/stats")).build(), HttpResponse.BodyHandlers.ofString());
                final Map<String, Object> stats = Json.object(statsResponse.body());
                final List<Map<String, Object>> producers = (List<Map<String, Object>>)stats.get("producers");
                assertThat(producers).extracting(p -> p.get("name")).containsExactlyInAnyOrder("universe", "market_data", "strategy", "execution");
                assertThat((Long)stats.get("dropped")).isEqualTo(producers.stream().mapToLong(p -> (Long)p.get("dropped")).sum());
                assertThat((Long)stats.get("published")).isPositive();

                demo.stop();
                await().atMost(Duration.ofSeconds(10)).until(stream::ended);

                assertThat(stream.events("gap")).as("the order stream was never lapped").isEmpty();
                checkOrdersAndPositions(stream.events("message"));
            }
        }
        finally
        {
            demo.close();
        }
        final String printed = demo.output();
        assertThat(printed).contains("Stopped.").doesNotContain("DIED");
        assertThat(printed).containsPattern("engine execution: stopped, 0 errors");
    }

    /**
     * Orders and positions checked against each other, exactly as far as the stream allows. A position event must
     * equal the symbol's previous position plus the fills received since. When the execution engine's ring was full,
     * the collector announced the loss with {@code dropped} events: the events counted by an announcement would
     * have had sequences after the previous announcement and before this one, so a position whose span since its
     * previous position overlaps such a window is not checked (a lost fill cannot be attributed to a symbol), and
     * neither is "new before filled". With no drops announced, every position and every order is checked.
     */
    @SuppressWarnings("unchecked")
    private static void checkOrdersAndPositions(final List<SseEvent> frames)
    {
        final List<Long> announcements = new ArrayList<>();
        long announcedDrops = 0;
        for (final SseEvent frame : frames)
        {
            final Map<String, Object> event = frame.json();
            final Map<String, Object> p = (Map<String, Object>)event.get("payload");
            if ("dropped".equals(event.get("type")) && "execution".equals(p.get("source")))
            {
                announcements.add((Long)event.get("seq"));
                announcedDrops += (Long)p.get("count");
            }
        }

        final Set<String> opened = new HashSet<>();
        final Map<String, Long> position = new HashMap<>();
        final Map<String, Long> positionSeq = new HashMap<>();
        final Map<String, Long> fillsSince = new HashMap<>();
        int fills = 0;
        int positionsChecked = 0;
        int positionsSeen = 0;
        for (final SseEvent frame : frames)
        {
            final Map<String, Object> event = frame.json();
            final Map<String, Object> p = (Map<String, Object>)event.get("payload");
            final long seq = (Long)event.get("seq");
            final String symbol = (String)p.get("symbol");
            if ("order_event".equals(event.get("type")))
            {
                final String id = (String)p.get("order_id");
                final String status = (String)p.get("status");
                if ("new".equals(status))
                {
                    assertThat(opened.add(id)).as("order %s is new once", id).isTrue();
                }
                else if (announcements.isEmpty())
                {
                    assertThat(opened).as("order %s was new before it was %s", id, status).contains(id);
                }
                if ("filled".equals(status) || "partially_filled".equals(status))
                {
                    fills++;
                    final long qty = (Long)p.get("fill_qty");
                    fillsSince.merge(symbol, "BUY".equals(p.get("side")) ? qty : -qty, Long::sum);
                }
            }
            else if ("position_event".equals(event.get("type")))
            {
                positionsSeen++;
                final long quantity = (Long)p.get("position_size");
                if (!lossWithin(announcements, positionSeq.getOrDefault(symbol, 0L), seq))
                {
                    assertThat(quantity).as("position of %s at seq %d: previous position plus the fills since", symbol, seq)
                        .isEqualTo(position.getOrDefault(symbol, 0L) + fillsSince.getOrDefault(symbol, 0L));
                    positionsChecked++;
                }
                position.put(symbol, quantity);
                positionSeq.put(symbol, seq);
                fillsSince.remove(symbol);
            }
        }
        assertThat(fills).as("orders filled during the run").isPositive();
        if (announcements.isEmpty())
        {
            assertThat(positionsChecked).as("with no drops announced, every position is checked").isEqualTo(positionsSeen);
        }
        assertThat(positionsChecked).as("positions checked (%d execution events announced dropped)", announcedDrops)
            .isPositive();
    }

    /** Whether an announced loss may lie between sequences {@code from} (exclusive) and {@code to}. */
    private static boolean lossWithin(final List<Long> announcements, final long from, final long to)
    {
        long windowStart = 0;
        for (final long announcement : announcements)
        {
            if (windowStart < to && announcement > from)
            {
                return true;
            }
            windowStart = announcement;
        }
        return false;
    }
}
