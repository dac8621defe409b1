package io.tickertape.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.netty.channel.ChannelException;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.journal.JournalException;
import io.tickertape.bus.journal.JournalWriter;
import io.tickertape.engines.EngineStatus;
import io.tickertape.engines.TradingOptions;
import io.tickertape.engines.TradingSystem;
import io.tickertape.kafka.ExporterContext;
import io.tickertape.kafka.KafkaExporter;
import io.tickertape.kafka.KafkaLogLevels;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;
import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * The demo: a telemetry bus, the HTTP server and the reference trading engines, running until Ctrl-C (or
 * SIGTERM), then shut down in order: engines, server, bus. Given {@code verify}, {@code dump} or {@code tail} as its
 * first argument it runs that journal tool instead ({@link JournalTool}).
 */
public final class Main
{
    static final Duration DEMO_UNIVERSE_REFRESH = Duration.ofSeconds(4);
    /** Exit status after a clean stop, or {@code --help}. */
    static final int EXIT_OK = 0;
    /**
     * Exit status when the server cannot start: its address cannot be bound, its TLS key store cannot serve, or its
     * journal cannot be opened.
     */
    static final int EXIT_CANNOT_START = 1;
    /** Exit status for a bad flag, or a bad combination of flags. */
    static final int EXIT_BAD_FLAGS = 2;

    private Main()
    {
    }

    /**
     * Run the demo; exit with the status {@link #launch} returns.
     *
     * @param args see {@code --help}.
     * @throws Exception if the demo fails after it started.
     */
    public static void main(final String[] args) throws Exception
    {
        final int status = launch(args, System.getenv(), System.out, System.err, ShutdownSignalBarrier::new);
        if (EXIT_OK != status)
        {
            System.exit(status);
        }
    }

    /**
     * Run the demo as {@code main} does, until the barrier is signalled. Whatever stops it before it starts is said
     * in one line, {@code tickertape: <why>}, on {@code err}, and nothing has been started: the flags are checked,
     * and the TLS key store read, before the bus, the server or an engine starts; the journal is opened by the bus,
     * before the server or an engine starts. With {@code verify}, {@code dump} or {@code tail} first, run that
     * journal tool ({@link JournalTool#run}).
     *
     * @param args     the command line.
     * @param env      the environment (for the token and key store password).
     * @param out      where the URLs (and {@code --help}) are printed.
     * @param err      where a failure to start is printed.
     * @param barriers makes the barrier whose signal (SIGINT, SIGTERM) stops the demo.
     * @return the exit status: {@value #EXIT_OK} after a clean stop or {@code --help}, {@value #EXIT_CANNOT_START}
     *         when the server cannot start (its address cannot be bound, its TLS key store cannot serve, its journal
     *         cannot be opened), {@value #EXIT_BAD_FLAGS} for a bad flag or combination of flags.
     * @throws Exception if the demo fails after it started.
     */
    static int launch(
        final String[] args, final Map<String, String> env, final PrintStream out, final PrintStream err,
        final Supplier<ShutdownSignalBarrier> barriers) throws Exception
    {
        if (args.length > 0 && JournalTool.isTool(args[0]))
        {
            return JournalTool.run(args, out, err, barriers);
        }
        if (args.length > 0 && JwtTool.NAME.equals(args[0]))
        {
            return JwtTool.run(args, env, out, err);
        }
        final DemoConfig config;
        try
        {
            config = DemoConfig.parse(args, env);
            final ExporterContext exporting = config.exporterContext();
            if (null != exporting)
            {
                KafkaLogLevels.warningsOnly(); // before Kafka reads (and logs) the producer's options
                exporting.conclude();
            }
        }
        catch (final DemoConfig.HelpRequested help)
        {
            out.print(DemoConfig.USAGE);
            out.flush();
            return EXIT_OK;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("tickertape: " + ex.getMessage());
            return EXIT_BAD_FLAGS;
        }
        final ServerContext server;
        try
        {
            server = serverContext(config).conclude();
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("tickertape: " + ex.getMessage());
            return EXIT_CANNOT_START;
        }
        final TelemetryBus bus;
        try
        {
            bus = TelemetryBus.launch(busContext(config));
        }
        catch (final JournalException ex)
        {
            err.println("tickertape: " + oneLine(ex));
            return EXIT_CANNOT_START;
        }
        catch (final IllegalArgumentException ex) // a history the heap cannot hold
        {
            err.println("tickertape: " + ex.getMessage());
            return EXIT_CANNOT_START;
        }
        // The barrier's signal handler holds the JVM's shutdown until the barrier is closed, i.e. until the
        // engines, the server and the bus have stopped in order (run closes the bus; this closes it if the barrier
        // cannot be made).
        try (bus; ShutdownSignalBarrier barrier = barriers.get())
        {
            run(config, bus, server, out, barrier);
        }
        catch (final ExporterCannotStart ex)
        {
            err.println("tickertape: --kafka: " + ex.getMessage());
            return EXIT_CANNOT_START;
        }
        catch (final ChannelException | IOException | UnresolvedAddressException ex)
        {
            err.println("tickertape: cannot listen on " + config.bind() + ":" + config.port() + ": " +
                (ex instanceof UnresolvedAddressException ? "unknown address" : ex.getMessage()));
            return EXIT_CANNOT_START;
        }
        return EXIT_OK;
    }

    /**
     * A journal's failure as one line for its user: the message names the path and the reason; an I/O failure
     * behind it is said by its reason, not by its exception's class.
     */
    static String oneLine(final JournalException ex)
    {
        final String message = ex.getMessage();
        final Throwable cause = ex.getCause();
        if (!(cause instanceof IOException))
        {
            return message;
        }
        final String reason;
        if (cause instanceof NoSuchFileException)
        {
            reason = "no such file or directory";
        }
        else if (cause instanceof AccessDeniedException)
        {
            reason = "permission denied";
        }
        else if (cause instanceof FileAlreadyExistsException)
        {
            reason = "a file of that name exists";
        }
        else if (cause instanceof NotDirectoryException)
        {
            reason = "not a directory";
        }
        else if (cause instanceof FileSystemException && null != ((FileSystemException)cause).getReason())
        {
            reason = ((FileSystemException)cause).getReason();
        }
        else
        {
            reason = String.valueOf(cause.getMessage());
        }
        // The message names the path already; the cause is in it as its toString() or as its message.
        final String said = message.contains(cause.toString()) ? cause.toString() : String.valueOf(cause.getMessage());
        return message.replace(said, reason);
    }

    /** The bus's options from the demo's, not yet checked. */
    static BusContext busContext(final DemoConfig config)
    {
        return new BusContext().historyCapacity(config.history()).journal(config.journalContext()).aggregateKeys(config.aggregateKeys())
            .alerts(config.alerts());
    }

    /** The server's options from the demo's, not yet checked. */
    static ServerContext serverContext(final DemoConfig config)
    {
        final ServerContext server = new ServerContext()
            .port(config.port())
            .bindAddress(config.bind())
            .accessToken(config.token())
            .corsOrigins(config.corsOrigins());
        if (null != config.tlsKeyStore())
        {
            server.tls(config.tlsKeyStore(), config.tlsPassword().toCharArray());
        }
        if (null != config.jwtHs256Secret())
        {
            server.jwtHs256Secret(config.jwtHs256Secret().getBytes(StandardCharsets.UTF_8));
        }
        return server.tlsSelfSigned(config.tlsSelfSigned()).jwtPublicKey(config.jwtPublicKey()).jwtAudience(config.jwtAudience());
    }

    /**
     * The reference engines' options for a run of the demo.
     *
     * @param config the demo's options.
     * @return the engines' options.
     */
    static TradingOptions tradingOptions(final DemoConfig config)
    {
        return TradingOptions.defaults()
            .withEventsPerSecond(config.rate())
            .withEquities(config.symbols())
            .withSeed(config.seed())
            // Refresh often, so a monitor that connects at any moment soon sees every event type.
            .withUniverseRefresh(DEMO_UNIVERSE_REFRESH);
    }

    /**
     * Run with the given options until the barrier is signalled.
     *
     * @param config  the options.
     * @param out     where the URLs and warnings are printed.
     * @param barrier released to shut down.
     * @throws Exception if the server cannot start.
     */
    static void run(final DemoConfig config, final PrintStream out, final ShutdownSignalBarrier barrier) throws Exception
    {
        final ServerContext server = serverContext(config).conclude();
        run(config, TelemetryBus.launch(busContext(config)), server, out, barrier);
    }

    private static void run(
        final DemoConfig config, final TelemetryBus launched, final ServerContext server, final PrintStream out,
        final ShutdownSignalBarrier barrier) throws Exception
    {
        final TradingOptions trading = tradingOptions(config);
        final JournalWriter journal = launched.journal();
        final long firstJournaled = null == journal ? 0 : journal.continuesAfter() + 1; // before any engine publishes
        final ExporterContext exporting = config.exporterContext();
        if (null != exporting)
        {
            KafkaLogLevels.warningsOnly();
        }

        // Closed in reverse: engines, server, exporter (it sends what the history holds beyond what it read, then what
        // its producer holds), bus.
        try (TelemetryBus bus = launched;
             KafkaExporter exporter = null == exporting ? null : startExporter(bus, exporting);
             TelemetryServer http = TelemetryServer.start(bus, null == exporter ? server : server.statsSection(exporter));
             TradingSystem engines = new TradingSystem(bus, trading).start())
        {
            if (config.bindsBeyondLoopback() && null == config.token() && !config.jwt())
            {
                out.println("WARNING: listening on " + config.bind() + " without an access token: anyone who can reach " +
                    "this port can read the telemetry. Set --token or " + DemoConfig.TOKEN_ENV + ".");
            }
            if (config.tlsSelfSigned())
            {
                out.println("WARNING: HTTPS with a throwaway SELF-SIGNED certificate made at start (for localhost, valid 7 days): " +
                    "browsers will warn and clients must be told to accept it. NOT FOR PRODUCTION: use --tls-keystore.");
            }
            final String base = http.baseUrl();
            final String tokenHint = null == config.token() ? "" : "?token=<token>";
            out.println("Tickertape is running (" + (http.isEpoll() ? "epoll" : "nio") + ", " + config.rate() + " events/s target)");
            out.println("  monitor: " + base + "/" + tokenHint + (http.isTls() ? "   (HTTP/2 and HTTP/1.1)" : ""));
            out.println("  stream:  " + base + "/api/telemetry/stream");
            out.println("  events:  " + base + "/api/telemetry/events");
            out.println("  stats:   " + base + "/api/telemetry/stats");
            out.println("  metrics: " + base + "/metrics");
            if (null != journal)
            {
                out.println("  journal: " + journal.directory() + " (epoch " + journal.epoch() + ", from sequence " + firstJournaled + ")");
            }
            if (null != exporter)
            {
                out.println("  kafka:   " + exporting.bootstrapServers() + ", topic " + exporting.topic() + ", as host " +
                    exporting.host() + " (a hub shows it: docs/SCALE_OUT.md)");
            }
            out.println("Press Ctrl-C to stop.");
            out.flush();
            barrier.await();
            out.println("Stopping...");
            engines.close();
            for (final EngineStatus status : engines.engines())
            {
                out.println("  engine " + status.name() + ": " + (status.died() ? "DIED" : "stopped") + ", " + status.errors() + " errors");
            }
            final var stats = bus.stats();
            out.println("  events: published " + stats.published() + ", dropped " + stats.dropped() + ", collected " + stats.collected());
            if (null != exporter)
            {
                exporter.close(); // now, so that the figures include what closing sent, failed or called holes
                out.println("  kafka: sent " + exporter.sent() + ", acknowledged " + exporter.acknowledged() + ", failed " +
                    exporter.failed() + ", holes " + exporter.holes());
            }
        }
        if (null != journal)
        {
            // After the bus closed: the collector has journaled what the engines published last.
            out.println("  journal: appended " + journal.appended() + ", holes " + journal.holes() + ", last sequence " + journal.lastSeq());
        }
        out.println("Stopped.");
        out.flush();
    }

    /** The Kafka client refused the exporter's options (before the server or an engine started). */
    private static final class ExporterCannotStart extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        ExporterCannotStart(final IllegalArgumentException cause)
        {
            super(cause.getMessage(), cause);
        }
    }

    private static KafkaExporter startExporter(final TelemetryBus bus, final ExporterContext exporting)
    {
        try
        {
            return KafkaExporter.start(bus, exporting);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ExporterCannotStart(ex);
        }
    }
}
