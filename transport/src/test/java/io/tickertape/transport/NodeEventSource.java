package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Assumptions;

/**
 * The npm {@code eventsource} client following one stream in a {@code node} process ({@code src/test/node/client.mjs},
 * its version pinned by the committed {@code package-lock.json}), and what it dispatched, as frames.
 * <p>
 * The client is installed with {@code npm ci} into {@code target/node-client} the first time it is needed (again
 * when the lock file changes), so both a developer's build and CI need nothing beyond {@code node} and {@code npm}.
 * Without them the test is skipped, unless {@value #REQUIRE_ENV} is set (CI sets it), when it fails.
 * <p>
 * The pinned {@code eventsource} is 3.0.7, the newest release whose supported engines include Node 18, what
 * Debian 12 installs ({@code apt-get install nodejs}): 4.x requires Node 20 and 5.x Node 22.12. All three are the
 * same WHATWG-conformant implementation over {@code fetch}, reconnecting after {@code retry} with
 * {@code Last-Event-ID}.
 */
final class NodeEventSource implements AutoCloseable
{
    /** Set (to anything) where node and npm must be present, so a test fails instead of skipping without them. */
    static final String REQUIRE_ENV = "TICKERTAPE_REQUIRE_NODE";
    private static final Path SOURCES = Path.of("src", "test", "node");
    private static final Path INSTALLED = Path.of("target", "node-client");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "client.mjs");
    private static final long INSTALL_TIMEOUT_MINUTES = 5;

    private final Process process;
    private final Thread reader;
    private final List<Frame> frames = new CopyOnWriteArrayList<>();

    /**
     * Start following a stream.
     *
     * @param url the stream's URL.
     */
    NodeEventSource(final String url) throws IOException
    {
        process = new ProcessBuilder("node", "client.mjs", url)
            .directory(INSTALLED.toFile())
            .redirectError(Redirect.INHERIT)
            .start();
        reader = new Thread(this::read, "node-eventsource-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Skip the calling test if node or npm is missing (fail it if {@value #REQUIRE_ENV} is set), else install the
     * client if it is not installed yet.
     */
    static void requireOrSkip() throws IOException, InterruptedException
    {
        if (!runs("node", "--version") || !runs("npm", "--version"))
        {
            if (null != System.getenv(REQUIRE_ENV))
            {
                throw new AssertionError("node and npm are required here (" + REQUIRE_ENV + " is set) but missing");
            }
            Assumptions.abort("node or npm is not installed (apt-get install -y nodejs npm); npm eventsource test skipped");
        }
        install();
    }

    private static void install() throws IOException, InterruptedException
    {
        final Path lock = INSTALLED.resolve("package-lock.json");
        final boolean current = Files.exists(INSTALLED.resolve(Path.of("node_modules", "eventsource", "package.json"))) &&
            Files.exists(lock) && -1L == Files.mismatch(lock, SOURCES.resolve("package-lock.json"));
        Files.createDirectories(INSTALLED);
        for (final String file : FILES)
        {
            Files.copy(SOURCES.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (current)
        {
            return;
        }
        final Path log = INSTALLED.resolve("npm-ci.log");
        final Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline")
            .directory(INSTALLED.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        final boolean finished = npm.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished)
        {
            npm.destroyForcibly().waitFor();
        }
        if (!finished || 0 != npm.exitValue())
        {
            Files.deleteIfExists(lock); // so that the next run installs again
            throw new AssertionError("npm ci in " + INSTALLED.toAbsolutePath() + (finished ? " failed" : " timed out") + ":\n" +
                Files.readString(log));
        }
    }

    private static boolean runs(final String... command) throws InterruptedException
    {
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                return false;
            }
            return 0 == p.exitValue();
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private void read()
    {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            for (String line = lines.readLine(); null != line; line = lines.readLine())
            {
                frames.add(Frame.of(Json.object(line)));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * What the client has dispatched so far, in order.
     *
     * @return a snapshot.
     */
    List<Frame> frames()
    {
        return List.copyOf(frames);
    }

    /**
     * Whether the client has exited (it should not, before {@link #close()}).
     *
     * @return true once the process has ended.
     */
    boolean exited()
    {
        return !process.isAlive();
    }

    /** Close the client's stdin, so that it closes its EventSource and exits; kill it if it does not. */
    @Override
    public void close() throws IOException, InterruptedException
    {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
        }
        reader.join(10_000);
        assertThat(process.exitValue()).as("the node client's exit status").isZero();
    }
}
