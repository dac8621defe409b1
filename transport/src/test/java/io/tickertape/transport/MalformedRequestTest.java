package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.Json;
import io.tickertape.testkit.RawClient;
import io.tickertape.testkit.SseClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile requests over a raw socket: none gets a 5xx, none costs the server a thread or an event
 * loop, and the server keeps serving after each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedRequestTest
{
    private static final int IO_THREADS = 2;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length: (\\d+)$");
    private static TelemetryFixture fixture;

    @BeforeAll
    static void start() throws Exception
    {
        fixture = new TelemetryFixture(new BusContext(), new ServerContext().ioThreads(IO_THREADS).rateLimit(0, 0).requestTimeout(Duration.ofSeconds(2)));
        fixture.publishAndAwait(EventType.ORDER, 10);
    }

    @AfterAll
    static void stop()
    {
        fixture.close();
    }

    private static String get(final String target)
    {
        return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    static Stream<Arguments> requests()
    {
        final List<Arguments> cases = new ArrayList<>();
        final String events = "/api/telemetry/events";
        // bad numbers
        for (final String limit : new String[] {"0", "-1", "1001", "abc", "", "1e3", "0x10", "+5", " 5", "5 ", "١٢", "9223372036854775808",
            "99999999999999999999999999", "5%00", "NaN", "1.0"})
        {
            cases.add(Arguments.of("limit=" + limit, get(events + "?limit=" + limit.replace(" ", "%20").replace("١٢", "%D9%A1%D9%A2"))));
        }
        for (final String seq : new String[] {"-5", "x", "1.5", "18446744073709551616", "%FF"})
        {
            cases.add(Arguments.of("after_seq=" + seq, get(events + "?after_seq=" + seq)));
            cases.add(Arguments.of("last_event_id=" + seq, get("/api/telemetry/stream?last_event_id=" + seq)));
        }
        // repeated and odd parameters
        cases.add(Arguments.of("repeated limit", get(events + "?limit=1&limit=2")));
        cases.add(Arguments.of("repeated after_seq", get(events + "?after_seq=1&after_seq=2")));
        cases.add(Arguments.of("many types", get(events + "?event_type=" + "a,".repeat(200))));
        cases.add(Arguments.of("unicode type", get(events + "?event_type=%E2%82%B9%F0%9F%9A%80")));
        cases.add(Arguments.of("empty keys", get(events + "?=&&&=x")));
        cases.add(Arguments.of("bad escape", get(events + "?event_type=%zz")));
        cases.add(Arguments.of("truncated escape", get(events + "?event_type=%E")));
        cases.add(Arguments.of("overlong utf8", get(events + "?event_type=%C0%AF")));
        cases.add(Arguments.of("nul in path", get("/api/telemetry/ev%00ents")));
        // absurd paths
        cases.add(Arguments.of("dot dot", get("/../../etc/passwd")));
        cases.add(Arguments.of("double slash", get("//api//telemetry//events")));
        cases.add(Arguments.of("long path", get("/" + "x".repeat(3000))));
        cases.add(Arguments.of("absolute uri", get("http://evil.example/api/telemetry/stats")));
        cases.add(Arguments.of("asterisk", get("*")));
        cases.add(Arguments.of("no slash", get("api/telemetry/stats")));
        cases.add(Arguments.of("fragment", get(events + "#frag")));
        cases.add(Arguments.of("unicode path", get("/%F0%9F%9A%80")));
        // methods
        for (final String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "OPTIONS", "BREW", "get"})
        {
            cases.add(Arguments.of("method " + method, method + " " + events + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
        }
        // broken protocol
        cases.add(Arguments.of("garbage bytes", "\u0000\u0001\u0002\u00ff\u00fe garbage\r\n\r\n"));
        cases.add(Arguments.of("tls hello on plain port", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003"));
        cases.add(Arguments.of("http/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        cases.add(Arguments.of("http/0.9", "GET /\r\n"));
        cases.add(Arguments.of("bad version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n"));
        cases.add(Arguments.of("no version", "GET /healthz\r\n\r\n"));
        cases.add(Arguments.of("header without colon", "GET /healthz HTTP/1.1\r\nHost x\r\n\r\n"));
        cases.add(Arguments.of("huge header", "GET /healthz HTTP/1.1\r\nX: " + "y".repeat(20_000) + "\r\n\r\n"));
        cases.add(Arguments.of("many headers", "GET /healthz HTTP/1.1\r\n" + "X-A: b\r\n".repeat(3000) + "\r\n"));
        cases.add(Arguments.of("bad content-length", "GET /healthz HTTP/1.1\r\nContent-Length: -4\r\n\r\n"));
        cases.add(Arguments.of("two content-lengths", "GET /healthz HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"));
        cases.add(Arguments.of("huge content-length", "POST /healthz HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n"));
        cases.add(Arguments.of("unsupported expectation", "GET /healthz HTTP/1.1\r\nExpect: 200-ok\r\n\r\n"));
        cases.add(Arguments.of("oversized chunked body", "POST /healthz HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4000\r\n" +
            "z".repeat(0x4000) + "\r\n0\r\n\r\n"));
        cases.add(Arguments.of("bad chunk", "POST /healthz HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
        cases.add(Arguments.of("truncated request line", "GET /api/tele"));
        cases.add(Arguments.of("truncated headers", "GET /healthz HTTP/1.1\r\nHost: loc"));
        cases.add(Arguments.of("bare LF", "GET /healthz HTTP/1.1\nHost: x\n\n"));
        cases.add(Arguments.of("header injection", "GET /healthz HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n"));
        cases.add(Arguments.of("bad last-event-id header", "GET /api/telemetry/stream HTTP/1.1\r\nLast-Event-ID: 12abc\r\n\r\n"));
        cases.add(Arguments.of("negative last-event-id header", "GET /api/telemetry/stream HTTP/1.1\r\nLast-Event-ID: -3\r\n\r\n"));
        cases.add(Arguments.of("bearer garbage", "GET /api/telemetry/stats HTTP/1.1\r\nAuthorization: Bearer \u00ff\u00fe\r\n\r\n"));
        cases.add(Arguments.of("cookie garbage", "GET /api/telemetry/stats HTTP/1.1\r\nCookie: ;;;=;tickertape_token\r\n\r\n"));
        cases.add(Arguments.of("pipelined", get("/healthz") + get("/api/telemetry/events?limit=0") + get("/nope")));
        return cases.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void shouldNeverAnswer5xxAndKeepServing(final String name, final String request) throws Exception
    {
        final String answer = send(request);
        if (answer.startsWith("HTTP/"))
        {
            final int status = Integer.parseInt(answer.substring(9, 12));
            assertThat(status).as(name + " -> " + firstLine(answer)).isLessThan(500);
        }
        assertEveryRefusalHasTheJsonErrorBody(name, answer);
        assertThat(fixture.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(fixture.get("/api/telemetry/events?limit=1").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void shouldStillHaveEveryEventLoop() throws Exception
    {
        // After all the cases above (connections are spread over the loops in turn): every loop thread is alive,
        // and streams on both loops still flow.
        assertThat(ioThreads()).isEqualTo(IO_THREADS);
        try (SseClient first = fixture.stream("/api/telemetry/stream");
             SseClient second = fixture.stream("/api/telemetry/stream"))
        {
            await().until(() -> fixture.server.subscriberCount() == 2);
            fixture.publish(EventType.ORDER);
            await().until(() -> first.events("message").size() == 1 && second.events("message").size() == 1);
        }
    }

    private static int ioThreads()
    {
        return (int)Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("tickertape-io")).count();
    }

    /** Each 4xx among the answers (several when pipelined) says why in the documented JSON body. */
    private static void assertEveryRefusalHasTheJsonErrorBody(final String name, final String answers)
    {
        int at = 0;
        while (answers.startsWith("HTTP/1.1 ", at))
        {
            final int headEnd = answers.indexOf("\r\n\r\n", at);
            assertThat(headEnd).as(name + ": a whole head").isPositive();
            final String head = answers.substring(at, headEnd);
            final Matcher length = CONTENT_LENGTH.matcher(head);
            final int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
            final String body = answers.substring(headEnd + 4, Math.min(answers.length(), headEnd + 4 + bodyLength));
            if (head.charAt(9) == '4')
            {
                assertThat(head).as(name).containsIgnoringCase("\r\ncontent-type: application/json; charset=utf-8");
                final Map<String, Object> error = Json.object(body);
                assertThat(error).as(name + ": " + firstLine(head)).containsEntry("ok", false).containsKey("error");
                assertThat(error.get("error")).as(name).isInstanceOf(String.class);
            }
            at = headEnd + 4 + bodyLength;
        }
    }

    private static String firstLine(final String answer)
    {
        final int end = answer.indexOf('\r');
        return end < 0 ? answer : answer.substring(0, end);
    }

    /** Send the bytes and read what comes back until the server closes, goes quiet, or 64 KiB arrived. */
    private static String send(final String request) throws IOException
    {
        return RawClient.exchange(fixture.port(), request, Duration.ofSeconds(3));
    }
}
