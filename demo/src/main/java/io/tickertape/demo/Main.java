package io.tickertape.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

import io.netty.channel.ChannelException;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.engines.EngineStatus;
import io.tickertape.engines.TradingOptions;
import io.tickertape.engines.TradingSystem;
import io.tickertape.transport.ServerContext;
import io.tickertape.transport.TelemetryServer;
import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * The demo: a telemetry bus, the HTTP server and the reference trading engines, running until Ctrl-C (or
 * SIGTERM), then shut down in order: engines, server, bus.
 */
public final class Main
{
    static final Duration DEMO_UNIVERSE_REFRESH = Duration.ofSeconds(4);

    private Main()
    {
    }

    /**
     * Run the demo.
     *
     * @param args see {@code --help}.
     * @throws Exception if the server cannot start (for example, the port is taken).
     */
    public static void main(final String[] args) throws Exception
    {
        final DemoConfig config;
        try
        {
            config = DemoConfig.parse(args, System.getenv());
        }
        catch (final DemoConfig.HelpRequested help)
        {
            System.out.print(DemoConfig.USAGE);
            return;
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("tickertape: " + ex.getMessage());
            System.err.print(DemoConfig.USAGE);
            System.exit(2);
            return;
        }
        // The barrier's signal handler holds the JVM's shutdown until the barrier is closed, i.e. until the
        // engines, the server and the bus have stopped in order.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            run(config, System.out, barrier);
        }
        catch (final ChannelException | IOException ex)
        {
            System.err.println("tickertape: cannot listen on " + config.bind() + ":" + config.port() + ": " + ex.getMessage());
            System.exit(1);
        }
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
        final ServerContext server = new ServerContext()
            .port(config.port())
            .bindAddress(config.bind())
            .accessToken(config.token())
            .corsOrigins(config.corsOrigins());
        if (null != config.tlsKeyStore())
        {
            server.tls(config.tlsKeyStore(), config.tlsPassword().toCharArray());
        }
        final TradingOptions trading = tradingOptions(config);

        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(config.history()));
             TelemetryServer http = TelemetryServer.start(bus, server);
             TradingSystem engines = new TradingSystem(bus, trading).start())
        {
            if (config.bindsBeyondLoopback() && null == config.token())
            {
                out.println("WARNING: listening on " + config.bind() + " without an access token: anyone who can reach " +
                    "this port can read the telemetry. Set --token or " + DemoConfig.TOKEN_ENV + ".");
            }
            final String base = http.baseUrl();
            final String tokenHint = null == config.token() ? "" : "?token=<token>";
            out.println("Tickertape is running (" + (http.isEpoll() ? "epoll" : "nio") + ", " + config.rate() + " events/s target)");
            out.println("  monitor: " + base + "/" + tokenHint);
            out.println("  stream:  " + base + "/api/telemetry/stream");
            out.println("  events:  " + base + "/api/telemetry/events");
            out.println("  stats:   " + base + "/api/telemetry/stats");
            out.println("  metrics: " + base + "/metrics");
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
        }
        out.println("Stopped.");
        out.flush();
    }
}
