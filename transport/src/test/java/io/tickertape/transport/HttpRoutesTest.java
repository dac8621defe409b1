package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.RawClient;
import io.tickertape.testkit.RawSseStream;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRoutesTest
{
    private final TelemetryFixture fixture;

    HttpRoutesTest() throws InterruptedException
    {
        fixture = new TelemetryFixture();
    }

    @AfterEach
    void close()
    {
        fixture.close();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(final HttpResponse<String> response)
    {
        final Map<String, Object> body = Json.object(response.body());
        assertThat(body).containsEntry("ok", true);
        final List<Map<String, Object>> events = (List<Map<String, Object>>)body.get("events");
        assertThat(body).containsEntry("count", (long)events.size());
        return events;
    }

    @SuppressWarnings("unchecked")
    private static long n(final Map<String, Object> event)
    {
        return (Long)((Map<String, Object>)event.get("payload")).get("n");
    }

    @Test
    void shouldReturnTheNewestEventsOldestFirst() throws Exception
    {
        fixture.publishAndAwait(EventType.ORDER, 150);

        final HttpResponse<String> all = fixture.get("/api/telemetry/events");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        final List<Map<String, Object>> events = events(all);
        assertThat(events).hasSize(100);
        assertThat(n(events.get(0))).isEqualTo(51);
        assertThat(n(events.get(99))).isEqualTo(150);

        assertThat(events(fixture.get("/api/telemetry/events?limit=3"))).extracting(HttpRoutesTest::n).containsExactly(148L, 149L, 150L);
    }

    @Test
    void shouldPageForwardWithAfterSeq() throws Exception
    {
        fixture.publishAndAwait(EventType.ORDER, 20);
        final List<Map<String, Object>> page = events(fixture.get("/api/telemetry/events?after_seq=5&limit=4"));
        assertThat(page).extracting(e -> e.get("seq")).containsExactly(6L, 7L, 8L, 9L);
        assertThat(events(fixture.get("/api/telemetry/events?after_seq=20"))).isEmpty();
    }

    @Test
    void shouldFilterByTypeAndTreatUnknownTypesAsEmpty() throws Exception
    {
        fixture.publishAndAwait(EventType.ORDER, 3);
        fixture.publishAndAwait(EventType.SIGNAL, 2);
        fixture.publishAndAwait(EventType.POSITION, 1);

        assertThat(events(fixture.get("/api/telemetry/events?event_type=signal_event"))).hasSize(2)
            .allSatisfy(e -> assertThat(e).containsEntry("type", "signal_event"));
        assertThat(events(fixture.get("/api/telemetry/events?event_type=signal_event,position_event"))).hasSize(3);
        assertThat(events(fixture.get("/api/telemetry/events?event_type=signal_event&event_type=order_event"))).hasSize(5);
        assertThat(events(fixture.get("/api/telemetry/events?event_type=no_such_type"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/telemetry/events?limit=0|limit must be an integer from 1 to 1000",
        "/api/telemetry/events?limit=-5|limit must be an integer from 1 to 1000",
        "/api/telemetry/events?limit=1001|limit must be an integer from 1 to 1000",
        "/api/telemetry/events?limit=abc|limit must be an integer from 1 to 1000",
        "/api/telemetry/events?limit=|limit must be an integer from 1 to 1000",
        "/api/telemetry/events?limit=1.5|limit must be an integer from 1 to 1000",
        "/api/telemetry/events?limit=99999999999999999999999|limit must be an integer from 1 to 1000",
        "/api/telemetry/events?limit=5&limit=6|limit given more than once",
        "/api/telemetry/events?after_seq=-1|after_seq must be an integer",
        "/api/telemetry/events?after_seq=x|after_seq must be an integer",
        "/api/telemetry/stream?last_event_id=abc|last_event_id must be an integer",
        "/api/telemetry/stats?subscribers=none|subscribers must be all or count, got 'none'",
    })
    void shouldAnswerBadInputWith400AndChangeNothing(final String pathAndQuery, final String error) throws Exception
    {
        fixture.publishAndAwait(EventType.ORDER, 5);
        final HttpResponse<String> response = fixture.get(pathAndQuery);

        assertThat(response.statusCode()).isEqualTo(400);
        final Map<String, Object> body = Json.object(response.body());
        assertThat(body).containsEntry("ok", false);
        assertThat((String)body.get("error")).contains(error);
        assertThat(fixture.bus.history().head()).isEqualTo(5);
        assertThat(fixture.get("/healthz").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/telemetry/events?event-type=order_event|unknown parameter 'event-type' (/api/telemetry/events takes event_type, symbol, strategy, source, host, limit, after_seq, after_id, from, to, token)",
        "/api/telemetry/events?limit=5&afterseq=3|unknown parameter 'afterseq' (/api/telemetry/events takes event_type, symbol, strategy, source, host, limit, after_seq, after_id, from, to, token)",
        "/api/telemetry/stream?evnt_type=order_event|unknown parameter 'evnt_type' (/api/telemetry/stream takes event_type, symbol, strategy, source, host, last_event_id, token)",
        "/api/telemetry/stream?limit=5|unknown parameter 'limit' (/api/telemetry/stream takes event_type, symbol, strategy, source, host, last_event_id, token)",
        "/api/telemetry/stats?event_type=order_event|unknown parameter 'event_type' (/api/telemetry/stats takes subscribers, token)",
        "/metrics?format=json|unknown parameter 'format' (/metrics takes only token)",
        "/healthz?verbose|unknown parameter 'verbose' (/healthz takes only token)",
        "/?tokne=abc|unknown parameter 'tokne' (/ takes only token)",
        "/index.html?v=2|unknown parameter 'v' (/index.html takes only token)",
        "/monitor.js?v=2|unknown parameter 'v' (/monitor.js takes only token)",
        "/monitor.css?v=2|unknown parameter 'v' (/monitor.css takes only token)",
    })
    void shouldRefuseAParameterTheRouteDoesNotTakeNamingIt(final String pathAndQuery, final String error) throws Exception
    {
        fixture.publishAndAwait(EventType.ORDER, 3);
        final HttpResponse<String> response = fixture.get(pathAndQuery);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(Json.object(response.body())).containsEntry("ok", false).containsEntry("error", error);
        assertThat(fixture.server.subscriberCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"/api/telemetry/events", "/api/telemetry/stats", "/api/telemetry/stream", "/metrics", "/healthz", "/", "/index.html",
        "/monitor.js", "/monitor.css"})
    void shouldTakeTheTokenParameterOnEveryRouteEvenWithoutATokenConfigured(final String path) throws Exception
    {
        // HEAD: answered like GET, and on the stream without making a subscriber.
        final HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri(path + "?token=some-token-the-page-carries"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerUnknownPathsWith404AndOtherMethodsWith405() throws Exception
    {
        final HttpResponse<String> missing = fixture.get("/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.object(missing.body())).containsEntry("ok", false);

        final HttpResponse<String> post = fixture.send(HttpRequest.newBuilder(fixture.uri("/api/telemetry/events"))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");

        final HttpResponse<String> delete = fixture.send(HttpRequest.newBuilder(fixture.uri("/api/telemetry/stats")).DELETE().build());
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    @Test
    void shouldAnswerHeadWithHeadersOnly() throws Exception
    {
        fixture.publishAndAwait(EventType.ORDER, 2);
        final HttpResponse<String> get = fixture.get("/api/telemetry/events");
        final HttpResponse<String> head = fixture.send(HttpRequest.newBuilder(fixture.uri("/api/telemetry/events"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("content-length")).hasValue(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));

        final HttpResponse<String> streamHead = fixture.send(HttpRequest.newBuilder(fixture.uri("/api/telemetry/stream"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(streamHead.statusCode()).isEqualTo(200);
        assertThat(streamHead.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
    }

    @Test
    void shouldAnswerHeadOnTheStreamWithExactlyTheHeadersOfGetAndNoBody() throws Exception
    {
        final String origin = "https://ops.example";
        try (TelemetryFixture cors = new TelemetryFixture(new BusContext(), new ServerContext().corsOrigins(Set.of(origin)));
             RawClient get = RawClient.connect(cors.port());
             RawClient head = RawClient.connect(cors.port()))
        {
            final String request = " /api/telemetry/stream?event_type=order_event HTTP/1.1\r\nHost: x\r\nOrigin: " + origin + "\r\n\r\n";
            get.timeout(Duration.ofSeconds(10)).send("GET" + request);
            final List<String> getHead = responseHead(get);
            head.timeout(Duration.ofSeconds(10)).send("HEAD" + request);
            final List<String> headHead = responseHead(head);

            assertThat(headHead).isEqualTo(getHead);
            assertThat(getHead).contains("HTTP/1.1 200 OK", "content-type: text/event-stream; charset=utf-8",
                "cache-control: no-cache", "x-accel-buffering: no", "x-content-type-options: nosniff",
                "transfer-encoding: chunked", "access-control-allow-origin: " + origin,
                "access-control-allow-credentials: true").noneMatch(h -> h.startsWith("content-length"));
            // No body, not even a terminating chunk: the next answer on the connection follows the head at once.
            head.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(head.readResponse()).startsWith("HTTP/1.1 200 OK").endsWith("{\"status\":\"UP\"}");
            // The GET's subscriber is counted once its loop has registered it, which may come just after its head.
            await().atMost(Duration.ofSeconds(10)).until(() -> cors.server.subscriberCount() >= 1);
            assertThat(cors.server.subscriberCount()).as("a HEAD makes no subscriber").isEqualTo(1);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldServeAbsoluteFormTargetsAsOriginFormOnes() throws Exception
    {
        fixture.publishAndAwait(EventType.ORDER, 3);
        fixture.publishAndAwait(EventType.SIGNAL, 2);
        final String origin = "http://127.0.0.1:" + fixture.port();

        final Map<String, Object> stats = Json.object(body(raw("GET " + origin + "/api/telemetry/stats HTTP/1.1\r\nHost: x\r\n\r\n")));
        assertThat(stats).containsEntry("ok", true).containsEntry("head_seq", 5L);

        final String events = raw("GET " + origin + "/api/telemetry/events?event_type=order_event&limit=2 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(events).startsWith("HTTP/1.1 200");
        assertThat((List<Map<String, Object>>)Json.object(body(events)).get("events")).extracting(e -> e.get("seq"))
            .containsExactly(2L, 3L);

        assertThat(raw("GET " + origin + "/api/telemetry/events?limit=0 HTTP/1.1\r\nHost: x\r\n\r\n"))
            .as("its parameters are read").startsWith("HTTP/1.1 400").contains("limit must be an integer from 1 to 1000");
        assertThat(raw("GET HTTP://127.0.0.1:" + fixture.port() + "/healthz HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(raw("GET " + origin + " HTTP/1.1\r\nHost: x\r\n\r\n")).as("no path is the page")
            .startsWith("HTTP/1.1 200").contains("content-type: text/html");
        assertThat(raw("GET " + origin + "/nope HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 404");

        try (RawSseStream stream = RawSseStream.open(fixture.port(), origin + "/api/telemetry/stream?event_type=signal_event"))
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events("connection").isEmpty());
            assertThat(stream.status()).isEqualTo(200);
            final Map<String, Object> connection = Json.object(stream.events("connection").get(0).data());
            assertThat((Map<String, Object>)connection.get("payload")).containsEntry("event_type_filter", "signal_event");
            fixture.publishAndAwait(EventType.ORDER, 1);
            fixture.publishAndAwait(EventType.SIGNAL, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events("message").isEmpty());
            assertThat(stream.events("message")).extracting(SseEvent::seq).containsExactly(7L);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldReportStatsWithTheSeedFieldsAndProducerDepth() throws Exception
    {
        fixture.publishAndAwait(EventType.SIGNAL, 2);
        fixture.publishAndAwait(EventType.INDICATOR, 1);

        final HttpResponse<String> response = fixture.get("/api/telemetry/stats");
        assertThat(response.statusCode()).isEqualTo(200);
        final Map<String, Object> stats = Json.object(response.body());
        assertThat(stats).containsEntry("ok", true).containsEntry("total_events", 3L).containsEntry("buffer_size", 10_000L)
            .containsEntry("head_seq", 3L).containsEntry("published", 3L).containsEntry("dropped", 0L)
            .containsEntry("truncated", 0L).containsKeys("uptime_s", "subscribers");
        assertThat((List<String>)stats.get("event_types")).contains("signal_event", "indicator_event");
        assertThat((Map<String, Object>)stats.get("event_counts")).containsEntry("signal_event", 2L).containsEntry("indicator_event", 1L);
        final List<Map<String, Object>> producers = (List<Map<String, Object>>)stats.get("producers");
        assertThat(producers).hasSize(1);
        assertThat(producers.get(0)).containsEntry("name", "test").containsEntry("ring_size", 65536L)
            .containsEntry("depth", 0L).containsEntry("published", 3L).containsEntry("dropped", 0L).containsEntry("truncated", 0L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldLeaveTheSubscribersListOutWhenAskedForTheirCount() throws Exception
    {
        try (RawSseStream stream = RawSseStream.open(fixture.port(), "/api/telemetry/stream"))
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.server.subscriberCount() == 1);
            final Map<String, Object> all = Json.object(fixture.get("/api/telemetry/stats?subscribers=all").body());
            assertThat((List<Object>)all.get("subscribers")).hasSize(1);
            final Map<String, Object> count = Json.object(fixture.get("/api/telemetry/stats?subscribers=count").body());
            assertThat(count).doesNotContainKey("subscribers");
            assertThat((Map<String, Object>)count.get("sse")).containsEntry("subscribers", 1L);
        }
    }

    @Test
    void shouldExposePrometheusMetrics() throws Exception
    {
        fixture.publishAndAwait(EventType.ORDER, 4);
        final HttpResponse<String> response = fixture.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        final String text = response.body();
        assertThat(text).contains("# TYPE tickertape_producer_published_total counter\n")
            .contains("tickertape_producer_published_total{producer=\"test\"} 4\n")
            .contains("tickertape_history_events{type=\"order_event\"} 4\n")
            .contains("tickertape_up 1\n");
        for (final String line : text.split("\n"))
        {
            assertThat(line).matches("(# (HELP|TYPE) \\w+ .+)|(\\w+(\\{\\w+=\"([^\"\\\\]|\\\\.)*\"\\})? -?[0-9.E]+)");
        }
    }

    @Test
    void shouldReportHealthAndGoDownWhenTheCollectorStops() throws Exception
    {
        final HttpResponse<String> up = fixture.get("/healthz");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(Json.object(up.body())).containsEntry("status", "UP");

        fixture.bus.close();
        final HttpResponse<String> down = fixture.get("/healthz");
        assertThat(down.statusCode()).isEqualTo(503);
    }

    @Test
    void shouldServeTheMonitorPage() throws Exception
    {
        final HttpResponse<String> page = fixture.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"monitor.js\"></script>", "<link rel=\"stylesheet\" href=\"monitor.css\">")
            .doesNotContain("<style", "<script>", "style=")
            .doesNotContainPattern(" on[a-z]+=");
        assertThat(page.headers().firstValue("content-security-policy"))
            .hasValue("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:");
        assertThat(fixture.get("/index.html").headers().firstValue("content-security-policy")).isEqualTo(
            page.headers().firstValue("content-security-policy"));
        assertThat(page.headers().firstValue("referrer-policy")).hasValue("no-referrer");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/monitor.js|text/javascript; charset=utf-8|new EventSource(",
        "/monitor.css|text/css; charset=utf-8|.bar > span",
    })
    void shouldServeThePageScriptAndStyleSheetLikeThePage(final String path, final String contentType, final String content)
        throws Exception
    {
        final HttpResponse<String> page = fixture.get("/");
        final HttpResponse<String> file = fixture.get(path);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("content-type")).hasValue(contentType);
        assertThat(file.headers().firstValue("cache-control")).hasValue("no-cache").isEqualTo(page.headers().firstValue("cache-control"));
        assertThat(file.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(file.body()).contains(content);

        final HttpResponse<String> head = fixture.send(HttpRequest.newBuilder(fixture.uri(path))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("content-type")).hasValue(contentType);
        assertThat(head.headers().firstValue("content-length")).hasValue(String.valueOf(file.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(fixture.get(path).body()).as("a HEAD leaves the file whole").isEqualTo(file.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "request line|GET /api/telemetry/events?x=@10000 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|414|request too large: An HTTP line is larger than 4096 bytes.",
        "headers|GET /healthz HTTP/1.1\\r\\nHost: x\\r\\nX-Big: @20000\\r\\n\\r\\n|431|request too large: HTTP header is larger than 8192 bytes.",
        "content-length|POST /healthz HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 100000\\r\\n\\r\\n@100000|413|request too large: body larger than 8192 bytes",
        "content-length, 100-continue|POST /healthz HTTP/1.1\\r\\nHost: x\\r\\nExpect: 100-continue\\r\\nContent-Length: 100000\\r\\n\\r\\n|413|request too large: body larger than 8192 bytes",
        "chunked body|POST /healthz HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2710\\r\\n@10000\\r\\n0\\r\\n\\r\\n|413|request too large: body larger than 8192 bytes",
        "expectation|GET /healthz HTTP/1.1\\r\\nHost: x\\r\\nExpect: 200-ok\\r\\n\\r\\n|417|unsupported expectation: Expect: 200-ok",
        "bad chunk|POST /healthz HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n|400|malformed request: ",
        "bad content-length|GET /healthz HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: -4\\r\\n\\r\\n|400|malformed request: ",
    })
    void shouldRefuseRequestsTheCodecCannotTakeWithTheJsonErrorBody(
        final String name, final String template, final int status, final String error) throws Exception
    {
        // '@N' stands for N filler bytes; the escapes are the request's line ends.
        final Matcher filler = Pattern.compile("@(\\d+)").matcher(template.replace("\\r\\n", "\r\n"));
        final StringBuilder request = new StringBuilder();
        while (filler.find())
        {
            filler.appendReplacement(request, "b".repeat(Integer.parseInt(filler.group(1))));
        }
        filler.appendTail(request);

        final String answer = raw(request.toString());
        assertThat(answer).as(name).startsWith("HTTP/1.1 " + status + " ")
            .containsIgnoringCase("content-type: application/json; charset=utf-8").containsIgnoringCase("connection: close");
        final Map<String, Object> body = Json.object(body(answer));
        assertThat(body).as(name).containsEntry("ok", false);
        assertThat((String)body.get("error")).as(name).startsWith(error);
        assertThat(fixture.server.counters().value(TransportCounter.CLIENT_ERRORS)).as("counted as a 4xx").isEqualTo(1);
        assertThat(fixture.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerAContinueExpectationWithinTheLimitAndServeTheRequest() throws Exception
    {
        try (RawClient client = RawClient.connect(fixture.port()))
        {
            client.timeout(Duration.ofSeconds(10)).send("GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
            assertThat(client.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(client.readLine()).isEmpty();
            client.send("{}");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"UP\"}");
        }
    }

    @Test
    void shouldRejectMalformedPercentEncoding() throws Exception
    {
        final String response = raw("GET /api/telemetry/events?event_type=%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400").contains("malformed request URI");
        assertThat(fixture.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldKeepJsonConnectionsAlive() throws Exception
    {
        try (RawClient client = RawClient.connect(fixture.port()))
        {
            for (int i = 0; i < 3; i++)
            {
                client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                final String response = client.readResponse();
                assertThat(response).startsWith("HTTP/1.1 200").contains("{\"status\":\"UP\"}");
            }
        }
    }

    private String raw(final String request) throws IOException
    {
        return RawClient.request(fixture.port(), request);
    }

    private static String body(final String response)
    {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    /** The status line, then the header lines (names in lower case) in order of name. */
    private static List<String> responseHead(final RawClient client) throws IOException
    {
        final String status = client.readLine();
        final List<String> headers = new ArrayList<>();
        for (String line = client.readLine(); !line.isEmpty(); line = client.readLine())
        {
            final int colon = line.indexOf(':');
            headers.add(line.substring(0, colon).toLowerCase() + line.substring(colon));
        }
        headers.sort(null);
        headers.add(0, status);
        return headers;
    }
}
