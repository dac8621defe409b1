package io.tickertape.kafka;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Kafka's clients and broker log every configuration they are given, and much else, at INFO: a program that runs
 * them (the demo, the hub) keeps their warnings and errors only. Kafka logs through SLF4J, bound here to
 * {@code java.util.logging}; its loggers are held here because {@code java.util.logging} holds them weakly, and a
 * level set on a logger that is collected is lost.
 */
public final class KafkaLogLevels
{
    private static final List<String> NAMES = List.of("org.apache.kafka", "kafka", "state.change.logger");
    private static final String NETWORK = "org.apache.kafka.clients.NetworkClient";
    private static volatile List<Logger> quieted;

    private KafkaLogLevels()
    {
    }

    /** Log Kafka's warnings and errors only, from now on, in this JVM. */
    public static synchronized void warningsOnly()
    {
        final Logger network = Logger.getLogger(NETWORK);
        // A broker that is away is warned of at every reconnection, about once a second: the exporter's and the
        // hub's figures say it instead (connected 0), and their own failures are logged once each.
        network.setLevel(Level.SEVERE);
        quieted = Stream.concat(NAMES.stream().map(Logger::getLogger).peek(l -> l.setLevel(Level.WARNING)), Stream.of(network))
            .toList();
    }
}
