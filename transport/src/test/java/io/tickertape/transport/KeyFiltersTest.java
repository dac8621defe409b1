package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.journal.JournalContext;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.ServerFixture;
import io.tickertape.testkit.SseClient;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code symbol}, {@code strategy} and {@code source} on {@code /api/telemetry/events} and the stream: alone, together,
 * with {@code event_type}, from memory and from the journal beyond it, and their limits.
 */
class KeyFiltersTest
{
    private static final String[] SYMBOLS = {"NIFTY", "BANKNIFTY", "RELIANCE", "TCS"};
    private static final String[] STRATEGIES = {"momentum", "mean_reversion"};
    private static final int EVENTS = 600;
    private static final int HISTORY = 100;

    @TempDir
    Path dir;

    private TelemetryBus bus;
    private TelemetryServer server;
    private ServerFixture http;
    private Producer execution;
    private Producer strategy;

    /** Event n: a signal of the strategy producer when n % 3 == 0 (strategy_name), else an order of execution. */
    private static boolean isSignal(final int n)
    {
        return n % 3 == 0;
    }

    private static String symbol(final int n)
    {
        return SYMBOLS[n % SYMBOLS.length];
    }

    private static String strategyOf(final int n)
    {
        return STRATEGIES[n % STRATEGIES.length];
    }

    private void publish(final int from, final int to)
    {
        for (int n = from; n <= to; n++)
        {
            final int id = n;
            final boolean accepted;
            if (isSignal(n))
            {
                try (EventWriter e = Events.beginSignal(strategy, symbol(n), strategyOf(n), "BUY"))
                {
                    accepted = e.put("n", id).isAccepted();
                }
            }
            else
            {
                try (EventWriter e = Events.beginOrder(execution, "O" + n, symbol(n), "BUY", "new", 1, 1.0))
                {
                    accepted = e.put("n", id).isAccepted();
                }
            }
            assertThat(accepted).isTrue();
        }
        final long published = to;
        await().atMost(Duration.ofSeconds(20)).until(() -> bus.history().head() >= published && bus.journal().lastSeq() >= published);
    }

    @BeforeEach
    void start() throws Exception
    {
        bus = TelemetryBus.launch(new BusContext().historyCapacity(HISTORY).journal(new JournalContext().directory(dir).segmentBytes(4 << 20)));
        execution = bus.producer("execution", 1024);
        strategy = bus.producer("strategy", 1024);
        publish(1, EVENTS);
        server = TelemetryServer.start(bus, new ServerContext().port(0));
        http = new ServerFixture(server.baseUrl());
    }

    @AfterEach
    void stop()
    {
        server.close();
        bus.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(final Map<String, Object> event)
    {
        return (Map<String, Object>)event.get("payload");
    }

    private static List<Integer> numbers(final List<SseEvent> events)
    {
        return events.stream().map(e -> ((Long)payload(e.json()).get("n")).intValue()).sorted().toList();
    }

    private static List<Integer> expected(final IntPredicate wanted, final int to)
    {
        return IntStream.rangeClosed(1, to).filter(wanted).boxed().toList();
    }

    @SuppressWarnings("unchecked")
    private List<Integer> page(final String query) throws Exception
    {
        final HttpResponse<String> response = http.get("/api/telemetry/events?limit=1000&after_seq=0&" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ((List<Map<String, Object>>)Json.object(response.body()).get("events")).stream()
            .map(e -> ((Long)((Map<String, Object>)e.get("payload")).get("n")).intValue()).sorted().toList();
    }

    @Test
    void shouldFilterEventsByEachKeyAndTheirCombinationsFromTheJournalAndMemory() throws Exception
    {
        assertThat(bus.history().tail()).as("most events are only in the journal").isGreaterThan(EVENTS - HISTORY);
        assertThat(page("symbol=NIFTY")).isEqualTo(expected(n -> symbol(n).equals("NIFTY"), EVENTS));
        assertThat(page("symbol=NIFTY,TCS")).isEqualTo(expected(n -> symbol(n).equals("NIFTY") || symbol(n).equals("TCS"), EVENTS));
        assertThat(page("symbol=NIFTY&symbol=TCS")).as("repeated").isEqualTo(page("symbol=NIFTY,TCS"));
        assertThat(page("strategy=momentum")).isEqualTo(expected(n -> isSignal(n) && strategyOf(n).equals("momentum"), EVENTS));
        assertThat(page("source=execution")).isEqualTo(expected(n -> !isSignal(n), EVENTS));
        assertThat(page("source=strategy,execution")).isEqualTo(expected(n -> true, EVENTS));
        assertThat(page("symbol=RELIANCE&strategy=mean_reversion&source=strategy&event_type=signal_event"))
            .isEqualTo(expected(n -> isSignal(n) && symbol(n).equals("RELIANCE") && strategyOf(n).equals("mean_reversion"), EVENTS));
        assertThat(page("symbol=RELIANCE&event_type=order_event"))
            .isEqualTo(expected(n -> !isSignal(n) && symbol(n).equals("RELIANCE"), EVENTS));
        assertThat(page("symbol=NIFTY&source=strategy&strategy=momentum,mean_reversion"))
            .isEqualTo(expected(n -> isSignal(n) && symbol(n).equals("NIFTY"), EVENTS));
        assertThat(page("strategy=momentum&event_type=order_event")).as("orders here carry no strategy").isEmpty();
        assertThat(page("symbol=INFY")).as("a value never seen").isEmpty();
        assertThat(page("source=nobody")).isEmpty();
    }

    /** Every combination of the four filters (bit 0 type, 1 symbol, 2 strategy, 3 source), from the journal and memory. */
    @ParameterizedTest(name = "filters {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    void shouldMatchEveryCombinationOfFiltersOnQueriesAndStreams(final int mask) throws Exception
    {
        final StringBuilder query = new StringBuilder("x=");
        IntPredicate wanted = n -> true;
        if ((mask & 1) != 0)
        {
            query.append("&event_type=signal_event,position_event");
            wanted = wanted.and(KeyFiltersTest::isSignal);
        }
        if ((mask & 2) != 0)
        {
            query.append("&symbol=TCS,NIFTY");
            wanted = wanted.and(n -> symbol(n).equals("TCS") || symbol(n).equals("NIFTY"));
        }
        if ((mask & 4) != 0)
        {
            query.append("&strategy=mean_reversion");
            wanted = wanted.and(n -> isSignal(n) && strategyOf(n).equals("mean_reversion"));
        }
        if ((mask & 8) != 0)
        {
            query.append("&source=strategy");
            wanted = wanted.and(KeyFiltersTest::isSignal);
        }
        final String filters = query.substring(query.indexOf("&") < 0 ? query.length() : query.indexOf("&") + 1);
        final List<Integer> expected = expected(wanted, EVENTS);
        assertThat(page(filters)).as("/events?" + filters).isEqualTo(expected);
        try (SseClient stream = http.stream("/api/telemetry/stream?" + (filters.isEmpty() ? "" : filters + "&") + "last_event_id=" + bus.epoch() + "-0"))
        {
            if (expected.isEmpty())
            {
                // Nothing to wait for but the stream's own word that it has passed every event: a heartbeat at the head.
                await().atMost(Duration.ofSeconds(10)).until(() -> stream.events("heartbeat").stream().anyMatch(h -> h.seq() >= EVENTS));
                assertThat(stream.events(SseEvent.MESSAGE)).isEmpty();
            }
            else
            {
                assertThat(numbers(stream.awaitEvents(SseEvent.MESSAGE, expected.size(), Duration.ofSeconds(20)))).as("/stream?" + filters)
                    .isEqualTo(expected);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldKeepTheByteCapWithFilters() throws Exception
    {
        try (TelemetryServer capped = TelemetryServer.start(bus, new ServerContext().port(0).maxEventsReplyBytes(2_000)))
        {
            final HttpResponse<String> response = new ServerFixture(capped.baseUrl()).get("/api/telemetry/events?after_seq=0&limit=1000&symbol=NIFTY");
            final Map<String, Object> reply = Json.object(response.body());
            assertThat(reply).containsEntry("truncated", true);
            final List<Map<String, Object>> events = (List<Map<String, Object>>)reply.get("events");
            assertThat(events).isNotEmpty().allMatch(e -> "NIFTY".equals(payload(e).get("symbol")));
            assertThat(events).hasSizeGreaterThan(1);
            assertThat(response.body().length()).as("2,000 bytes of events and the reply's own members").isLessThan(2_000 + 400);
        }
    }

    @Test
    void shouldFilterTheNewestPageWithoutAPosition() throws Exception
    {
        final HttpResponse<String> response = http.get("/api/telemetry/events?limit=5&symbol=TCS");
        assertThat(response.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> events = (List<Map<String, Object>>)Json.object(response.body()).get("events");
        assertThat(events.stream().map(e -> payload(e).get("symbol")).toList()).containsOnly("TCS").hasSize(5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "symbol=|symbol has an empty value",
        "strategy=momentum,|strategy has an empty value",
        "source=a,,b|source has an empty value",
        "symbol=A&symbol=|symbol has an empty value",
    })
    void shouldRefuseAnEmptyValueNamingTheParameter(final String query, final String error) throws Exception
    {
        for (final String route : List.of("/api/telemetry/events?", "/api/telemetry/stream?"))
        {
            final HttpResponse<String> response = http.get(route + query);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Json.object(response.body()).get("error")).asString().startsWith(error);
        }
        assertThat(server.subscriberCount()).isZero();
    }

    @Test
    void shouldRefuseMoreThan64Values() throws Exception
    {
        final String many = IntStream.rangeClosed(1, 65).mapToObj(i -> "S" + i).collect(Collectors.joining(","));
        final HttpResponse<String> response = http.get("/api/telemetry/events?strategy=" + many);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.object(response.body()).get("error")).isEqualTo("strategy lists more than 64 values");
        assertThat(http.get("/api/telemetry/events?symbol=" + many.substring(0, many.lastIndexOf(','))).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldStreamOnlyMatchingEventsReplayedFromTheJournalThenLive() throws Exception
    {
        try (SseClient stream = http.stream("/api/telemetry/stream?symbol=NIFTY,RELIANCE&source=execution&last_event_id=" + bus.epoch() + "-0"))
        {
            final Map<String, Object> connection = payload(stream.awaitConnected().json());
            assertThat(connection).containsEntry("symbol_filter", "NIFTY,RELIANCE").containsEntry("source_filter", "execution")
                .containsEntry("strategy_filter", null).containsEntry("event_type_filter", null);
            final IntPredicate wanted = n -> !isSignal(n) && (symbol(n).equals("NIFTY") || symbol(n).equals("RELIANCE"));
            final List<Integer> replayed = expected(wanted, EVENTS);
            assertThat(numbers(stream.awaitEvents(SseEvent.MESSAGE, replayed.size(), Duration.ofSeconds(20)))).isEqualTo(replayed);
            // Live: fewer than the history holds, so that the stream cannot be lapped.
            publish(EVENTS + 1, EVENTS + HISTORY / 2);
            final List<Integer> all = expected(wanted, EVENTS + HISTORY / 2);
            assertThat(numbers(stream.awaitEvents(SseEvent.MESSAGE, all.size(), Duration.ofSeconds(20)))).isEqualTo(all);
            assertThat(stream.events("gap")).isEmpty();
            assertThat(stream.events("reset")).isEmpty();
        }
    }
}
