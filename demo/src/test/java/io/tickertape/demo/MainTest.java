package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.stream.Collectors;

import org.agrona.concurrent.ShutdownSignalBarrier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The program's start, in this JVM through {@link Main#launch}: a bad flag or combination of flags (exit status 2)
 * and a TLS key store that cannot serve (1) are each told in one line on stderr, with no stack trace, and nothing
 * is left started: no bus, server or engine thread, no port bound.
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
    })
    void shouldRefuseABadFlagInOneLineWithStatus2(final String flags, final String why) throws Exception
    {
        final Start start = start(flags);
        assertThat(start.status).isEqualTo(Main.EXIT_BAD_FLAGS);
        assertThat(start.err).startsWith("tickertape: " + why);
        start.assertOneLineAndNothingStarted();
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
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final AtomicReference<ShutdownSignalBarrier> barrier = new AtomicReference<>();
        final AtomicInteger status = new AtomicInteger(-1);
        final Thread demo = new Thread(() ->
        {
            try
            {
                status.set(Main.launch(new String[] {"--port", "0", "--tls-keystore", keyStore.toString(), "--tls-password", PASSWORD},
                    Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    () ->
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
        demo.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString(StandardCharsets.UTF_8).contains("Press Ctrl-C"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("  monitor: https://127.0.0.1:");
        barrier.get().signal();
        demo.join(30_000);
        assertThat(demo.isAlive()).isFalse();
        assertThat(status.get()).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Stopped.");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        barrier.get().close();
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
        final List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port)));
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
