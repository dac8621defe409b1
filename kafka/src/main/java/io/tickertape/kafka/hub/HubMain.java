package io.tickertape.kafka.hub;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.UnresolvedAddressException;
import java.util.Map;
import java.util.function.Supplier;

import io.netty.channel.ChannelException;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.journal.JournalContext;
import io.tickertape.bus.journal.JournalException;
import io.tickertape.kafka.KafkaHub;
import io.tickertape.kafka.KafkaLogLevels;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;
import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * The hub program: the events that many hosts export to Kafka, gathered into one bus and served over HTTP (stream,
 * history, stats, the monitor page) as one host serves its own; with {@code --embedded-kafka}, a single-node broker
 * started first in this process. It runs until Ctrl-C (or SIGTERM), then stops in order: server, consumer (which
 * commits what it relayed), bus, broker.
 */
public final class HubMain
{
    /** Exit status after a clean stop, or {@code --help}. */
    static final int EXIT_OK = 0;
    /** Exit status when the hub cannot start: its broker, its Kafka or its address. */
    static final int EXIT_CANNOT_START = 1;
    /** Exit status for a bad flag, or a bad combination of flags. */
    static final int EXIT_BAD_FLAGS = 2;
    /** The exit status when the hub's Kafka consumer stops on an error it cannot go on from, after the hub started. */
    static final int EXIT_CONSUMER_FAILED = 3;
    /** Keys per grouping the hub's aggregates keep (the monitor page's rates), as the demo's. */
    static final int AGGREGATE_KEYS = 256;

    private HubMain()
    {
    }

    /**
     * Run the hub; exit with the status {@link #launch} returns.
     *
     * @param args see {@code --help}.
     * @throws Exception if the hub fails after it started.
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
     * Run the hub until the barrier is signalled. Whatever stops it before it starts is said in one line,
     * {@code tickertape-hub: <why>}, on {@code err}, and what had started is stopped again.
     *
     * @param args     the command line.
     * @param env      the environment (for the token).
     * @param out      where the URLs (and {@code --help}) are printed.
     * @param err      where a failure to start is printed.
     * @param barriers makes the barrier whose signal (SIGINT, SIGTERM) stops the hub.
     * @return the exit status: {@value #EXIT_OK} after a clean stop or {@code --help}, {@value #EXIT_CANNOT_START}
     *         when it cannot start, {@value #EXIT_BAD_FLAGS} for a bad flag or combination of flags,
     *         {@value #EXIT_CONSUMER_FAILED} when its Kafka consumer stopped on an error after it started.
     * @throws Exception if the hub fails after it started.
     */
    public static int launch(
        final String[] args, final Map<String, String> env, final PrintStream out, final PrintStream err,
        final Supplier<ShutdownSignalBarrier> barriers) throws Exception
    {
        final HubConfig config;
        final ServerContext server;
        try
        {
            config = HubConfig.parse(args, env);
            KafkaLogLevels.warningsOnly(); // before Kafka reads (and logs) the consumer's options
            config.hubContext(null == config.kafka() ? "127.0.0.1:" + config.embeddedPort() : config.kafka()).conclude();
            server = new ServerContext().port(config.port()).bindAddress(config.bind()).accessToken(config.token());
        }
        catch (final HubConfig.HelpRequested help)
        {
            out.print(HubConfig.USAGE);
            out.flush();
            return EXIT_OK;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("tickertape-hub: " + ex.getMessage());
            return EXIT_BAD_FLAGS;
        }
        EmbeddedKafka broker = null;
        try
        {
            if (config.embeddedKafka())
            {
                out.println("Starting the embedded Kafka on 127.0.0.1:" + config.embeddedPort() + " in " + config.embeddedDir() + "...");
                out.flush();
                broker = EmbeddedKafka.start(config.embeddedPort(), config.embeddedDir(), config.topic(), config.partitions());
            }
            final String servers = null == broker ? config.kafka() : broker.bootstrapServers();
            final BusContext busContext = new BusContext().historyCapacity(config.history()).aggregateKeys(AGGREGATE_KEYS);
            if (null != config.journal())
            {
                busContext.journal(new JournalContext().directory(config.journal()));
            }
            final TelemetryBus launched;
            try
            {
                launched = TelemetryBus.launch(busContext);
            }
            catch (final JournalException | IllegalArgumentException ex) // a journal it cannot open; a history the heap cannot hold
            {
                err.println("tickertape-hub: " + ex.getMessage());
                return EXIT_CANNOT_START;
            }
            try (TelemetryBus bus = launched)
            {
                final KafkaHub hub;
                try
                {
                    hub = KafkaHub.start(bus, config.hubContext(servers));
                }
                catch (final IllegalArgumentException | IllegalStateException ex)
                {
                    err.println("tickertape-hub: " + ex.getMessage());
                    return EXIT_CANNOT_START;
                }
                try (ShutdownSignalBarrier barrier = barriers.get();
                     hub;
                     TelemetryServer http = TelemetryServer.start(bus, server.statsSection(hub)))
                {
                    banner(config, servers, http, out);
                    hub.whenFailed(barrier::signal);
                    barrier.await();
                    if (null != hub.failure())
                    {
                        err.println("tickertape-hub: the Kafka consumer stopped: " + hub.failure() + "; stopping (a restart " +
                            "resumes from the committed offsets)");
                        return EXIT_CONSUMER_FAILED;
                    }
                    out.println("Stopping...");
                }
                catch (final Exception ex)
                {
                    // Netty's bind throws a java.net.BindException (an IOException) although start does not declare it.
                    if (!(ex instanceof ChannelException || ex instanceof IOException || ex instanceof UnresolvedAddressException))
                    {
                        throw ex;
                    }
                    err.println("tickertape-hub: cannot listen on " + config.bind() + ":" + config.port() + ": " +
                        (ex instanceof UnresolvedAddressException ? "unknown address" : ex.getMessage()));
                    return EXIT_CANNOT_START;
                }
                out.println("  consumed " + hub.consumed() + ", relayed " + hub.relayed() + ", duplicates dropped " +
                    hub.duplicates() + ", rejected " + hub.rejected() + ", holes " + hub.holes());
            }
        }
        catch (final IllegalStateException ex)
        {
            err.println("tickertape-hub: " + ex.getMessage());
            return EXIT_CANNOT_START;
        }
        finally
        {
            if (null != broker)
            {
                broker.close();
            }
        }
        out.println("Stopped.");
        out.flush();
        return EXIT_OK;
    }

    private static void banner(final HubConfig config, final String servers, final TelemetryServer http, final PrintStream out)
    {
        if (config.bindsBeyondLoopback() && null == config.token())
        {
            out.println("WARNING: listening on " + config.bind() + " without an access token: anyone who can reach " +
                "this port can read the telemetry. Set --token or " + HubConfig.TOKEN_ENV + ".");
        }
        final String base = http.baseUrl();
        out.println("Tickertape hub is running (" + (http.isEpoll() ? "epoll" : "nio") + ")");
        out.println("  kafka:   " + servers + (config.embeddedKafka() ? " (embedded)" : "") + ", topic " + config.topic() +
            ", group " + config.group());
        out.println("  monitor: " + base + "/" + (null == config.token() ? "" : "?token=<token>"));
        out.println("  stream:  " + base + "/api/telemetry/stream");
        out.println("  events:  " + base + "/api/telemetry/events");
        out.println("  stats:   " + base + "/api/telemetry/stats");
        out.println("  metrics: " + base + "/metrics");
        if (null != config.journal())
        {
            out.println("  journal: " + config.journal());
        }
        out.println("Hosts export to it with: java -jar demo/target/tickertape.jar --kafka " + servers + " --host NAME --port N");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
