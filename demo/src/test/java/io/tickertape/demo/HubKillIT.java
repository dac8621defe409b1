package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.kafka.ExporterContext;
import io.tickertape.kafka.HubContext;
import io.tickertape.kafka.KafkaExporter;
import io.tickertape.kafka.KafkaLogLevels;
import io.tickertape.kafka.hub.EmbeddedKafka;
import io.tickertape.kafka.hub.HubMain;
import io.tickertape.testkit.RawSseStream;
import io.tickertape.testkit.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub program with a journal, {@code kill -9}ed in a child JVM while a host exports and a monitor follows it,
 * then started again: the monitor resumes from its last id and, across the two streams, sees every event of the host
 * once and in order, told of a {@code gap} over the sequences the killed hub may have given out and did not journal.
 * The one exception the resume rule allows: a monitor that had been sent events the hub had not yet journaled
 * resumes from an id the restarted hub skipped and is told {@code reset}; it then sees the events held from the
 * restart on, still each once and in order, and nothing is lost.
 */
class HubKillIT
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int EVENTS = 30_000;
    private static final long EVENTS_PER_SECOND = 5_000;

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void shouldResumeItsMonitorWithNoEventTwiceAfterAKill() throws Exception
    {
        KafkaLogLevels.warningsOnly();
        final int hubPort = freePort();
        try (EmbeddedKafka broker = EmbeddedKafka.start(freePort(), dir.resolve("kafka"), HubContext.TOPIC_DEFAULT, 2);
             TelemetryBus host = TelemetryBus.launch(new BusContext().historyCapacity(65_536));
             KafkaExporter exporter = KafkaExporter.start(host, new ExporterContext().bootstrapServers(broker.bootstrapServers()).host("alpha")))
        {
            final List<String> hubArgs = List.of("--kafka", broker.bootstrapServers(), "--port", Integer.toString(hubPort),
                "--journal", dir.resolve("hub-journal").toString(), "--history", "100000",
                // The killed hub's consumer stays in the group until its session times out (45 s by default), and
                // the restarted one gets the partitions only then: the shortest the broker allows.
                "--kafka-property", "session.timeout.ms=6000", "--kafka-property", "heartbeat.interval.ms=2000");
            Process hub = startHub(hubArgs, 1);
            final Thread publisher = new Thread(() -> publish(host.producer("execution", 4096)), "publisher");
            publisher.start();

            final RawSseStream first = RawSseStream.open(hubPort, "/api/telemetry/stream");
            await("the monitor follows the hub").atMost(Duration.ofSeconds(60)).until(() -> orders(first).size() >= 5_000);
            hub.destroyForcibly(); // SIGKILL
            assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(hub.exitValue()).as("128 + SIGKILL").isEqualTo(137);
            await().atMost(Duration.ofSeconds(10)).until(() -> first.ended() || null != first.failure());
            final List<SseEvent> before = orders(first);
            final String lastId = before.get(before.size() - 1).id();
            first.close();

            hub = startHub(hubArgs, 2);
            try (RawSseStream second = RawSseStream.open(hubPort, "/api/telemetry/stream?last_event_id=" + lastId))
            {
                publisher.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(publisher.isAlive()).isFalse();
                await("every event, the last one included").atMost(Duration.ofSeconds(60))
                    .until(() -> !orders(second).isEmpty() && originSeq(last(orders(second))) == EVENTS);

                final boolean reset = !second.events("reset").isEmpty();
                final List<Long> seen = new ArrayList<>();
                if (!reset)
                {
                    before.forEach(e -> seen.add(originSeq(e)));
                }
                orders(second).forEach(e -> seen.add(originSeq(e)));
                System.out.printf("HubKillIT: the monitor had %d events when the hub was killed (last id %s); after the " +
                    "restart it resumed %s and got %d more%n", before.size(), lastId,
                    reset ? "with a reset (it had been sent events not yet journaled)" : "exactly", orders(second).size());
                assertThat(seen).as("origin sequences across the streams").isSorted().doesNotHaveDuplicates();
                if (reset)
                {
                    // Nothing lost: what the first stream saw and what the second saw after its reset cover every event.
                    assertThat(originSeq(before.get(0))).isEqualTo(1);
                    assertThat(originSeq(orders(second).get(0))).isLessThanOrEqualTo(originSeq(last(before)) + 1);
                    assertThat(seen).as("after the reset, every event from the first held on").hasSize(
                        (int)(EVENTS - originSeq(orders(second).get(0)) + 1));
                }
                else
                {
                    assertThat(seen).as("every event once").hasSize(EVENTS).startsWith(1L).endsWith((long)EVENTS);
                    // The restarted hub goes on after every sequence the killed one may have given out: the stream
                    // says so with one gap after the last event its journal held (those events, relayed again from
                    // the hub's last commit, came under new ids, as counted above), and nothing else.
                    final long resumedAfter = Long.parseLong(lastId.substring(lastId.indexOf('-') + 1));
                    assertThat(second.events("gap")).singleElement().satisfies(gap ->
                        assertThat((Long)((Map<String, Object>)gap.json().get("payload")).get("from_seq")).isGreaterThan(resumedAfter));
                }
                assertThat(exporter.holes()).isZero();
            }
            finally
            {
                hub.destroyForcibly();
                hub.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void publish(final Producer producer)
    {
        final long start = System.nanoTime();
        for (int n = 1; n <= EVENTS; n++)
        {
            final long due = start + n * (1_000_000_000L / EVENTS_PER_SECOND);
            while (System.nanoTime() < due)
            {
                Thread.onSpinWait();
            }
            while (producer.depth() >= producer.ringSize() - 1)
            {
                Thread.onSpinWait();
            }
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                e.put("n", n).put("symbol", "RELIANCE").put("qty", 10);
            }
        }
    }

    private Process startHub(final List<String> args, final int run) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
            HubMain.class.getName()));
        command.addAll(args);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("hub-" + run + ".log").toFile()).start();
        final int port = Integer.parseInt(args.get(args.indexOf("--port") + 1));
        await("hub run " + run + " answers").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> !process.isAlive() || healthy(port));
        assertThat(process.isAlive()).as("hub run " + run + " is running").isTrue();
        return process;
    }

    /** @return whether the hub answers {@code /healthz} (whatever it says). */
    private static boolean healthy(final int port)
    {
        try
        {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() > 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<SseEvent> orders(final RawSseStream stream)
    {
        return stream.events(SseEvent.MESSAGE);
    }

    private static SseEvent last(final List<SseEvent> events)
    {
        return events.get(events.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private static long originSeq(final SseEvent event)
    {
        return ((Number)((Map<String, Object>)event.json().get("origin")).get("seq")).longValue();
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket probe = new ServerSocket(0))
        {
            return probe.getLocalPort();
        }
    }
}
