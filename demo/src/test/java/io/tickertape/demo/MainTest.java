package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.tickertape.bus.journal.JournalContext;
import io.tickertape.bus.journal.JournalReader;
import io.tickertape.bus.journal.JournalWriter;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The program's start, in this JVM through {@link Main#launch}: a bad flag or combination of flags (exit status 2),
 * a TLS key store that cannot serve and a journal that cannot be opened (1) are each told in one line on stderr, with
 * no stack trace, and nothing is left started: no bus, journal, server or engine thread, no port bound.
 */
class MainTest
{
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static Path keyStore;

    @BeforeAll
    static void makeKeyStores() throws Exception
    {
        keyStore = dir.resolve("server.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "tickertape", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
            "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
            "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
            .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        Files.write(dir.resolve("damaged.p12"), Arrays.copyOf(Files.readAllBytes(keyStore), 200));
        final KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        try (OutputStream out = Files.newOutputStream(dir.resolve("empty.p12")))
        {
            empty.store(out, PASSWORD.toCharArray());
        }
        Files.createDirectories(dir.resolve("a-directory.p12"));

        Files.writeString(dir.resolve("notes.txt"), "not a directory");
        Files.writeString(dir.resolve("bad-alerts.json"), "{\"rules\":[{\"name\":\"rejects\",\"type\":\"order_event\",\"cout\":3}]}");
        Files.writeString(dir.resolve("broken-alerts.json"), "{\"rules\":[");
        Files.createDirectories(dir.resolve("other-files"));
        Files.writeString(dir.resolve("other-files").resolve("notes.txt"), "hello");
        final Path version9 = dir.resolve("version-9");
        JournalWriter.open(new JournalContext().directory(version9), "e1", t ->
        {
            throw new AssertionError(t);
        }).close();
        try (RandomAccessFile meta = new RandomAccessFile(version9.resolve("journal.meta").toFile(), "rw"))
        {
            meta.seek(8); // journal.meta: an 8-byte magic, then the layout version (little-endian)
            meta.write(new byte[] {9, 0, 0, 0});
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--tls-password changeit|--tls-password needs --tls-keystore: without a key store the server would serve plain HTTP",
        "--tls-keystore server.p12|--tls-keystore needs --tls-password (or TICKERTAPE_TLS_PASSWORD)",
        "--cors *|--cors: origin '*' is not allowed",
        "--cors https://ops.example/|--cors: origin 'https://ops.example/' has a trailing slash",
        "--port 70000|--port must be from 0 to 65535, got 70000",
        "--bind ''|--bind needs an address",
        "--rate|--rate needs a value",
        "--colour blue|unknown option: --colour",
        "--journal|--journal needs a value",
        "--journal-retention-bytes 2GiB|--journal-retention-bytes needs --journal DIR: without a journal nothing is kept",
        "--journal {dir}/never --journal-retention-bytes 1MiB|--journal-retention-bytes must be at least 128MiB",
        "--journal {dir}/never --journal-retention-age 2w|--journal-retention-age must be a number with d, h, m or s",
        "--alerts {dir}/bad-alerts.json|alert rules {dir}/bad-alerts.json: rule #1 ('rejects'): unknown field 'cout' (a rule has name, type, where, count",
        "--alerts {dir}/broken-alerts.json|alert rules {dir}/broken-alerts.json: not JSON: ",
        "--alerts {dir}/no-such-alerts.json|alert rules {dir}/no-such-alerts.json: cannot be read: no such file",
        "--kafka 127.0.0.1:1 --kafka-property acks=banana|the Kafka producer refuses its options: Invalid value banana for configuration acks",
        "--kafka 127.0.0.1:1 --kafka-property linger.ms=soon|the Kafka producer refuses its options: Invalid value soon for configuration linger.ms",
        "--kafka 127.0.0.1:1 --kafka-property acks=1|the Kafka producer refuses its options: Must set acks to all in order to use the idempotent producer",
    })
    void shouldRefuseABadFlagInOneLineWithStatus2(final String flags, final String why) throws Exception
    {
        final Start start = start(flags);
        assertThat(start.status).isEqualTo(Main.EXIT_BAD_FLAGS);
        assertThat(start.err).startsWith("tickertape: " + why.replace("{dir}", dir.toString()));
        start.assertOneLineAndNothingStarted();
        assertThat(dir.resolve("never")).as("the flags are checked before the journal is made").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "server.p12 --tls-password wrong-password|cannot use TLS key store {dir}/server.p12: wrong password",
        "missing.p12 --tls-password changeit|cannot use TLS key store {dir}/missing.p12: no such file",
        "a-directory.p12 --tls-password changeit|cannot use TLS key store {dir}/a-directory.p12: it is a directory",
        "damaged.p12 --tls-password changeit|cannot use TLS key store {dir}/damaged.p12: not a PKCS12 key store, or a damaged one (",
        "empty.p12 --tls-password changeit|cannot use TLS key store {dir}/empty.p12: it holds no private key",
    })
    void shouldRefuseAKeyStoreThatCannotServeInOneLineWithStatus1BeforeStartingAnything(final String flags, final String why)
        throws Exception
    {
        final Start start = start("--tls-keystore {dir}/" + flags);
        assertThat(start.status).isEqualTo(Main.EXIT_CANNOT_START);
        assertThat(start.err).startsWith("tickertape: " + why.replace("{dir}", dir.toString()));
        start.assertOneLineAndNothingStarted();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "notes.txt/journal|cannot make journal directory {dir}/notes.txt/journal: ",
        "other-files|journal directory {dir}/other-files holds files that are not a Tickertape journal (notes.txt): use an empty or new directory",
        "version-9|{dir}/version-9/journal.meta is of journal layout version 9; this build reads version 1",
    })
    void shouldRefuseAJournalThatCannotBeOpenedInOneLineWithStatus1BeforeStartingAnything(final String journal, final String why)
        throws Exception
    {
        final long filesBefore = fileCount(dir);
        final Start start = start("--journal {dir}/" + journal);
        assertThat(start.status).isEqualTo(Main.EXIT_CANNOT_START);
        assertThat(start.err).startsWith("tickertape: " + why.replace("{dir}", dir.toString()));
        start.assertOneLineAndNothingStarted();
        assertThat(fileCount(dir)).as("no file made or deleted").isEqualTo(filesBefore);
    }

    @Test
    void shouldRefuseAJournalDirectoryItCannotWriteInOneLineWithStatus1() throws Exception
    {
        final Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try
        {
            assumeFalse(Files.isWritable(readOnly), "this user writes any directory (root): nothing to refuse");
            final Start start = start("--journal " + readOnly);
            assertThat(start.status).isEqualTo(Main.EXIT_CANNOT_START);
            assertThat(start.err).isEqualTo("tickertape: journal directory " + readOnly + " is not a writable directory\n");
            start.assertOneLineAndNothingStarted();
        }
        finally
        {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void shouldJournalTheRunAndContinueItsEpochAndSequenceWhenRunAgain() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Running first = Running.launch("--port", "0", "--rate", "20000", "--journal", journal.toString());
        final Matcher banner = Pattern.compile("  journal: " + Pattern.quote(journal.toString()) + " \\(epoch ([0-9a-z]+), from sequence 1\\)\n")
            .matcher(first.out());
        assertThat(banner.find()).as(first.out()).isTrue();
        final String epoch = banner.group(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> lastSeq(journal) > 100);
        first.stop();
        assertThat(first.out()).containsPattern("  journal: appended [1-9][0-9]*, holes 0, last sequence [1-9][0-9]*\n");
        final long last;
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertThat(reader.verify()).isNull();
            assertThat(reader.epoch()).isEqualTo(epoch);
            assertThat(reader.firstSeq()).isEqualTo(1);
            last = reader.lastSeq();
        }
        assertThat(first.out()).contains("last sequence " + last + "\n");

        final Running second = Running.launch("--port", "0", "--journal", journal.toString());
        assertThat(second.out()).contains("  journal: " + journal + " (epoch " + epoch + ", from sequence " + (last + 1) + ")\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> lastSeq(journal) > last);
        second.stop();
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertThat(reader.verify()).isNull();
            final List<Long> seqs = new ArrayList<>();
            reader.read(last - 1, 3, r -> seqs.add(r.seq()));
            assertThat(seqs).as("the second run goes on from the first's last sequence").containsExactly(last - 1, last, last + 1);
        }
    }

    private static long lastSeq(final Path journal)
    {
        try (JournalReader reader = JournalReader.open(journal))
        {
            return reader.lastSeq();
        }
    }

    private static long fileCount(final Path root) throws IOException
    {
        try (Stream<Path> files = Files.walk(root))
        {
            return files.count();
        }
    }

    @Test
    void shouldTakeThePasswordFromTheEnvironmentAndIgnoreItWithoutAKeyStore() throws Exception
    {
        final Start plain = start("--help", Map.of(DemoConfig.TLS_PASSWORD_ENV, PASSWORD));
        assertThat(plain.status).isEqualTo(Main.EXIT_OK);
        assertThat(DemoConfig.parse(new String[0], Map.of(DemoConfig.TLS_PASSWORD_ENV, PASSWORD)).tlsKeyStore()).isNull();
        final Start wrong = start("--tls-keystore " + keyStore, Map.of(DemoConfig.TLS_PASSWORD_ENV, "wrong"));
        assertThat(wrong.status).isEqualTo(Main.EXIT_CANNOT_START);
        assertThat(wrong.err).isEqualTo("tickertape: cannot use TLS key store " + keyStore + ": wrong password\n");
    }

    @Test
    void shouldServeHttpsWithAGoodKeyStoreAndStopWithStatus0() throws Exception
    {
        final Running demo = Running.launch("--port", "0", "--tls-keystore", keyStore.toString(), "--tls-password", PASSWORD);
        assertThat(demo.out()).contains("  monitor: https://127.0.0.1:").doesNotContain("journal");
        demo.stop();
    }

    /** The demo launched on a thread, started (its banner printed). */
    private static final class Running
    {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final AtomicReference<ShutdownSignalBarrier> barrier = new AtomicReference<>();
        private final AtomicInteger status = new AtomicInteger(-1);
        private final Thread thread;

        private Running(final String... args)
        {
            thread = new Thread(() ->
            {
                try
                {
                    status.set(Main.launch(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), () ->
                        {
                            barrier.set(new ShutdownSignalBarrier());
                            return barrier.get();
                        }));
                }
                catch (final Exception ex)
                {
                    status.set(-2);
                }
            }, "demo");
        }

        static Running launch(final String... args)
        {
            final Running demo = new Running(args);
            demo.thread.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> demo.out().contains("Press Ctrl-C") || !demo.thread.isAlive());
            assertThat(demo.out()).as(demo.err.toString(StandardCharsets.UTF_8)).contains("Press Ctrl-C");
            return demo;
        }

        String out()
        {
            return out.toString(StandardCharsets.UTF_8);
        }

        /** Signal it, as SIGTERM does, and check it stopped cleanly. */
        void stop() throws InterruptedException
        {
            barrier.get().signal();
            thread.join(30_000);
            assertThat(thread.isAlive()).isFalse();
            assertThat(status.get()).isEqualTo(Main.EXIT_OK);
            assertThat(out()).contains("Stopped.");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            barrier.get().close();
        }
    }

    private static Start start(final String flags) throws Exception
    {
        return start(flags, Map.of());
    }

    /** Launch with the flags (split at spaces; {dir} is the key stores' directory) on a free port, and wait for it to return. */
    private static Start start(final String flags, final Map<String, String> env) throws Exception
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        // A free port unless the flags name one (a flag may be given once).
        final List<String> args = new ArrayList<>(flags.startsWith("--port ") || flags.contains(" --port ") ?
            List.of() : List.of("--port", String.valueOf(port)));
        for (final String arg : flags.replace("{dir}", dir.toString()).split(" "))
        {
            args.add("''".equals(arg) ? "" : arg);
        }
        final Set<String> threadsBefore = tickertapeThreads();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = Main.launch(args.toArray(new String[0]), env, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), () ->
            {
                throw new AssertionError("the demo started (it made its shutdown barrier)");
            });
        return new Start(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), port, threadsBefore);
    }

    private static Set<String> tickertapeThreads()
    {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .filter(name -> name.startsWith("tickertape-")).collect(Collectors.toSet());
    }

    /** What a launch that returned said, and what it left. */
    private record Start(int status, String out, String err, int port, Set<String> threadsBefore)
    {
        void assertOneLineAndNothingStarted() throws Exception
        {
            assertThat(err).as("one line on stderr").endsWith("\n").doesNotContain("Exception", "\tat ")
                .satisfies(e -> assertThat(e.split("\n", -1)).hasSize(2));
            assertThat(out).as("nothing on stdout").isEmpty();
            assertThat(tickertapeThreads()).as("threads started (bus, server, engines)").isSubsetOf(threadsBefore);
            try (ServerSocket free = new ServerSocket(port))
            {
                assertThat(free.getLocalPort()).as("the port is not bound").isEqualTo(port);
            }
        }
    }
}
