package io.tickertape.demo;

import static io.tickertape.demo.JournalFixture.MILLI;
import static io.tickertape.demo.JournalFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import io.tickertape.testkit.Json;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The journal tools, run as the program runs them ({@link Main#launch} with {@code verify}, {@code dump} or
 * {@code tail} first), on journals written by a real bus.
 */
class JournalToolTest
{
    private static final int EVENTS = 3_000;

    @TempDir
    static Path shared;
    private static Path journal;
    private static String epoch;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeAJournal()
    {
        journal = shared.resolve("journal");
        try (JournalFixture fixture = JournalFixture.launch(journal))
        {
            fixture.publish(EVENTS);
            epoch = fixture.epoch();
        }
        assertThat(JournalFixture.segmentCount(journal)).as("segments").isGreaterThan(5);
    }

    @Test
    void shouldVerifyEveryRecordAndSayWhatTheJournalHolds()
    {
        final Run run = run("verify", journal.toString());
        assertThat(run.status).isEqualTo(0);
        assertThat(run.out).isEqualTo("ok: " + EVENTS + " records, sequences 1 to " + EVENTS + ", " +
            JournalFixture.segmentCount(journal) + " segments, epoch " + epoch + "\n");
        assertThat(run.err).isEmpty();
    }

    @Test
    void shouldNameTheFirstDamagedRecordAndStopTheDumpThere() throws IOException
    {
        JournalFixture.write(dir, 1_000);
        final Path log = dir.resolve("00000000000000000001.log");
        final long position = JournalFixture.positionOf(log, 100);
        JournalFixture.flipByte(log, position + 40); // inside record 100's type name or JSON: its checksum fails
        final String damage = "damaged record in " + log + " at byte " + position + " (after sequence 99)";

        final Run verify = run("verify", dir.toString());
        assertThat(verify.status).isEqualTo(1);
        assertThat(verify.out).isEqualTo("FAILED: " + damage + "\n");
        assertThat(verify.err).isEmpty();

        final Run dump = run("dump", dir.toString());
        assertThat(dump.status).isEqualTo(1);
        assertThat(dump.lines()).hasSize(99).last().satisfies(line -> assertThat(Json.object(line)).containsEntry("seq", 99L));
        assertThat(dump.err).isEqualTo("tickertape: dump: stopped at a " + damage + "; run verify\n");
    }

    @Test
    void shouldDumpEveryEventAsTheBytesTheCollectorMade()
    {
        final Run run = run("dump", journal.toString());
        assertThat(run.status).isEqualTo(0);
        assertThat(run.err).isEmpty();
        final List<String> json = JournalFixture.jsonOf(journal);
        assertThat(json).hasSize(EVENTS);
        assertThat(run.out).isEqualTo(String.join("\n", json) + "\n");
        assertThat(run.lines()).extracting(line -> Json.object(line).get("seq"))
            .containsExactlyElementsOf(LongStream.rangeClosed(1, EVENTS).boxed().toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // event s is stamped T0 + s ms
        "--from T0+1000ms --to T0+2000ms|1000|1999",
        "--from T0+1000.5ms|1001|3000",
        "--to T0+11ms|1|10",
        "--from T0+2990ms --to T0+10000ms|2990|3000",
        "--from T0-1ms --to T0+3ms|1|2",
        "--from T0+5000ms|0|-1",
    })
    void shouldDumpTheEventsOfATimeRange(final String flags, final long first, final long last)
    {
        final List<String> args = new ArrayList<>(List.of("dump", journal.toString()));
        args.addAll(Arrays.stream(flags.split(" ")).map(JournalToolTest::time).toList());
        final Run run = run(args.toArray(new String[0]));
        assertThat(run.status).isEqualTo(0);
        assertThat(run.lines()).extracting(line -> Json.object(line).get("seq"))
            .containsExactlyElementsOf(LongStream.rangeClosed(first, last).boxed().toList());
    }

    @Test
    void shouldTakeTimesAsEpochMillisecondsOrIsoInstantsWithAnOffset()
    {
        final long millis = T0.toEpochMilli();
        final Run run = run("dump", journal.toString(), "--from", String.valueOf(millis + 100),
            "--to", T0.plusMillis(105).atOffset(ZoneOffset.ofHours(5)).toString());
        assertThat(run.lines()).extracting(line -> Json.object(line).get("seq")).containsExactly(100L, 101L, 102L, 103L, 104L);
    }

    @Test
    void shouldDumpTheEventsOfTheGivenTypes()
    {
        final Run run = run("dump", journal.toString(), "--type", "order_event,position_event", "--to", time("T0+31ms"));
        assertThat(run.status).isEqualTo(0);
        // sequence s is of type TYPES[s % 3]: order_event for 0, signal_event for 1, position_event for 2
        assertThat(run.lines()).extracting(line -> Json.object(line).get("seq"))
            .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).filter(s -> s % 3 != 1).boxed().toList());
        assertThat(run.lines()).extracting(line -> Json.object(line).get("type")).containsOnly("order_event", "position_event");
        assertThat(run("dump", journal.toString(), "--type", "signal_event").lines()).hasSize(EVENTS / 3);
        assertThat(run("dump", journal.toString(), "--type", "no_such_event").lines()).isEmpty();
    }

    @Test
    void shouldTailTheEventsJournaledAfterItStartedAcrossNewSegments() throws Exception
    {
        try (JournalFixture fixture = JournalFixture.launch(dir))
        {
            fixture.publish(100);
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final AtomicReference<ShutdownSignalBarrier> barrier = new AtomicReference<>();
            final AtomicInteger status = new AtomicInteger(-1);
            final Thread tail = new Thread(() -> status.set(launch(new String[] {"tail", dir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () ->
                {
                    barrier.set(new ShutdownSignalBarrier());
                    return barrier.get();
                })), "tail-test");
            tail.start();
            // Publish until the tail prints: then it has taken its place at the end of the journal.
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(20)).until(() ->
            {
                fixture.publish(1);
                return out.size() > 0;
            });
            final int segmentsBefore = JournalFixture.segmentCount(dir);
            fixture.publish(2_000);
            assertThat(JournalFixture.segmentCount(dir)).as("segments started while tailing").isGreaterThan(segmentsBefore + 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString(StandardCharsets.UTF_8).endsWith("\"n\":" + fixture.lastSeq() + ",\"symbol\":\"NIFTY\",\"note\":\"event number " + fixture.lastSeq() + "\"}}\n"));
            barrier.get().signal();
            tail.join(30_000);
            assertThat(tail.isAlive()).isFalse();
            assertThat(status.get()).isEqualTo(0);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();

            final List<String> lines = List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
            final long first = (Long)Json.object(lines.get(0)).get("seq");
            assertThat(first).as("the tail starts at the end of the journal").isGreaterThan(100);
            assertThat(lines).extracting(line -> Json.object(line).get("seq"))
                .containsExactlyElementsOf(LongStream.rangeClosed(first, fixture.lastSeq()).boxed().toList());
            assertThat(lines).containsExactlyElementsOf(JournalFixture.jsonOf(dir).subList((int)first - 1, (int)fixture.lastSeq()));
        }
    }

    @Test
    void shouldTailAJournalWrittenByAnotherProcessUntilSigterm() throws Exception
    {
        try (JournalFixture fixture = JournalFixture.launch(dir))
        {
            fixture.publish(100);
            final Process tail = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "tail", dir.toString(), "--type", "order_event")
                .redirectError(dir.resolveSibling(dir.getFileName() + ".err").toFile()).start();
            final List<String> lines = new CopyOnWriteArrayList<>();
            final Thread reader = new Thread(() ->
            {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(tail.getInputStream(), StandardCharsets.UTF_8)))
                {
                    String line;
                    while (null != (line = in.readLine()))
                    {
                        lines.add(line);
                    }
                }
                catch (final IOException ex)
                {
                    lines.add("read failed: " + ex);
                }
            }, "tail-output");
            reader.start();
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(20)).until(() ->
            {
                fixture.publish(3);
                return !lines.isEmpty();
            });
            fixture.publish(600);
            final long lastOrder = fixture.lastSeq() - fixture.lastSeq() % 3;
            await().atMost(Duration.ofSeconds(30)).until(() -> !lines.isEmpty() && lines.get(lines.size() - 1).contains("\"seq\":" + lastOrder + ","));
            tail.destroy(); // SIGTERM
            assertThat(tail.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            assertThat(tail.exitValue()).as("128 + SIGTERM, after a clean stop").isEqualTo(143);
            assertThat(Files.readString(dir.resolveSibling(dir.getFileName() + ".err"))).isEmpty();
            final long first = (Long)Json.object(lines.get(0)).get("seq");
            assertThat(lines).extracting(line -> Json.object(line).get("seq"))
                .containsExactlyElementsOf(LongStream.rangeClosed(first, lastOrder).filter(s -> s % 3 == 0).boxed().toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dump|dump: needs the journal's directory: dump DIR",
        "tail --type order_event|tail: needs the journal's directory: tail DIR",
        "verify {dir} --from 1|verify: unknown option: --from",
        "tail {dir} --to 1|tail: unknown option: --to",
        "dump {dir} -x|dump: unknown option: -x",
        "dump {dir} --from|dump: --from needs a value",
        "dump {dir} --from yesterday|dump: --from must be an ISO-8601 instant (e.g. 2026-03-02T09:15:00Z) or epoch milliseconds, from 1970 to 2262, got 'yesterday'",
        "dump {dir} --to 2026-03-02|dump: --to must be an ISO-8601 instant",
        "dump {dir} --from 2000 --to 1000|dump: --from must be before --to",
        "dump {dir} {dir}|dump: one journal directory only",
        "dump {dir} --type order_event,|dump: --type: event type name must be 1..64 characters",
        "dump {dir} --type a/b|dump: --type: event type name may hold only [A-Za-z0-9_.:-]: a/b",
    })
    void shouldRefuseABadToolFlagInOneLineWithStatus2(final String flags, final String why)
    {
        final Run run = run(flags.replace("{dir}", journal.toString()).split(" "));
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).startsWith("tickertape: " + why).endsWith("\n").doesNotContain("Exception");
        assertThat(run.err.split("\n", -1)).hasSize(2);
        assertThat(run.out).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"verify", "dump", "tail"})
    void shouldSayInOneLineWithStatus1ThatADirectoryHoldsNoJournal(final String tool) throws IOException
    {
        final Path missing = dir.resolve("missing");
        Files.writeString(dir.resolve("notes.txt"), "hello");
        for (final Path none : List.of(dir, missing))
        {
            final Run run = run(tool, none.toString());
            assertThat(run.status).isEqualTo(1);
            assertThat(run.err).isEqualTo("tickertape: " + tool + ": no journal in " + none + " (no journal.meta)\n");
            assertThat(run.out).isEmpty();
        }
        assertThat(missing).doesNotExist();
    }

    @Test
    void shouldPrintTheToolsUsage()
    {
        final Run run = run("dump", "--help");
        assertThat(run.status).isEqualTo(0);
        assertThat(run.out).startsWith("Usage: java -jar demo/target/tickertape.jar verify DIR\n").contains("--from T", "--type TYPES");
        assertThat(run("--help").out).contains("verify|dump|tail DIR");
    }

    @Test
    void shouldSayWhenItsOutputCannotBeWritten()
    {
        final PrintStream closed = new PrintStream(new OutputStream()
        {
            @Override
            public void write(final int b) throws IOException
            {
                throw new IOException("Broken pipe");
            }
        });
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = launch(new String[] {"dump", journal.toString()}, closed, new PrintStream(err, true, StandardCharsets.UTF_8),
            JournalToolTest::noBarrier);
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
            .matches("tickertape: dump: cannot write the output \\(closed, or the device is full\\); stopped after [0-9]+ events\n");
    }

    /** {@code T0+12.5ms} as an ISO-8601 instant, {@code T0-1ms} too; other arguments as they are. */
    private static String time(final String arg)
    {
        if (!arg.startsWith("T0"))
        {
            return arg;
        }
        final double millis = Double.parseDouble(arg.substring(2, arg.length() - 2));
        return T0.plusNanos((long)(millis * MILLI)).toString();
    }

    private static ShutdownSignalBarrier noBarrier()
    {
        throw new AssertionError("the tool waited for a signal");
    }

    private static Run run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = launch(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            JournalToolTest::noBarrier);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int launch(final String[] args, final PrintStream out, final PrintStream err, final Supplier<ShutdownSignalBarrier> barriers)
    {
        try
        {
            return Main.launch(args, Map.of(), out, err, barriers);
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** What a tool printed, and its exit status. */
    private record Run(int status, String out, String err)
    {
        List<String> lines()
        {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }
}
