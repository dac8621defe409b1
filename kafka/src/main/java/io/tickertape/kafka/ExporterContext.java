package io.tickertape.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.tickertape.bus.Origin;

/**
 * Configuration of a {@link KafkaExporter}: fluent setters with defaults, checked by {@link #conclude()}.
 * <p>
 * The producer's defaults favour latency on a trading host: {@code linger.ms} 1 (a batch waits at most a
 * millisecond for company, so an event is on the wire within about a millisecond even at a trickle, while at high
 * rates batches still fill), {@code acks=all} with the idempotent producer (no duplicates or reordering from the
 * producer's own retries; a broker that fails over loses nothing that was acknowledged), {@code compression.type}
 * lz4 (JSON shrinks several times for little CPU, on the exporter's thread, not the collector's), and
 * {@code delivery.timeout.ms} of five minutes (while a broker is away, records wait in the producer's buffer that long
 * before they are given up and counted as failed; the exporter stops reading when {@link #maxInFlight(int)} records
 * are unacknowledged, and falls behind inside the bus's history; a bound, so that a batch the broker refuses for
 * good, an out-of-order sequence for one, cannot hold the exporter forever). Any Kafka producer property can be set with {@link #property(String, String)}: security
 * settings for a real cluster pass through that way.
 */
public final class ExporterContext
{
    /** Unacknowledged records at most, by default. */
    public static final int MAX_IN_FLIGHT_DEFAULT = 65_536;
    /** How long the Kafka producer keeps trying to deliver a record, by default. */
    public static final Duration DELIVERY_TIMEOUT_DEFAULT = Duration.ofMinutes(5);

    private String bootstrapServers;
    private String topic = KafkaRecords.TOPIC_DEFAULT;
    private String host;
    private int maxInFlight = MAX_IN_FLIGHT_DEFAULT;
    private Duration idle = Duration.ofMillis(1);
    private final Map<String, String> properties = new LinkedHashMap<>();

    /**
     * The cluster to send to.
     *
     * @param servers Kafka's {@code bootstrap.servers}: {@code host:port[,host:port...]}.
     * @return this.
     */
    public ExporterContext bootstrapServers(final String servers)
    {
        this.bootstrapServers = servers;
        return this;
    }

    /**
     * The topic.
     *
     * @param topic default {@value KafkaRecords#TOPIC_DEFAULT}.
     * @return this.
     */
    public ExporterContext topic(final String topic)
    {
        this.topic = topic;
        return this;
    }

    /**
     * The name this host's events carry, so that a hub can tell hosts apart.
     *
     * @param host 1 to 64 characters from {@code [A-Za-z0-9_.:-]}; default the machine's host name.
     * @return this.
     */
    public ExporterContext host(final String host)
    {
        this.host = host;
        return this;
    }

    /**
     * How many records may be sent and not yet acknowledged; past it the exporter waits, behind inside the history.
     *
     * @param max at least 1; default {@value #MAX_IN_FLIGHT_DEFAULT}.
     * @return this.
     */
    public ExporterContext maxInFlight(final int max)
    {
        this.maxInFlight = max;
        return this;
    }

    /**
     * How long the exporter's thread sleeps when the history has nothing new.
     *
     * @param idle at least 1 microsecond; default 1 ms.
     * @return this.
     */
    public ExporterContext idle(final Duration idle)
    {
        this.idle = idle;
        return this;
    }

    /**
     * A Kafka producer property, over the exporter's defaults ({@code linger.ms}, {@code acks},
     * {@code compression.type}, security settings...). The serializers and idempotence are the exporter's own.
     *
     * @param key   the property's name.
     * @param value its value.
     * @return this.
     */
    public ExporterContext property(final String key, final String value)
    {
        properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Check the configuration and fill in the defaults.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first invalid option, or what the Kafka producer says of the
     *                                  properties it refuses (Kafka logs the producer's properties as it reads them).
     */
    public ExporterContext conclude()
    {
        bootstrapServers = BootstrapServers.check(bootstrapServers);
        if (null == topic || topic.isBlank())
        {
            throw new IllegalArgumentException("topic must be set");
        }
        if (null == host)
        {
            host = localHostName();
        }
        new Origin(host, "exporter", "0"); // checks the host's characters, with the same rule as the hub's
        if (maxInFlight < 1)
        {
            throw new IllegalArgumentException("max in flight must be at least 1: " + maxInFlight);
        }
        if (null == idle || idle.toNanos() < 1000)
        {
            throw new IllegalArgumentException("idle must be at least 1 microsecond: " + idle);
        }
        KafkaExporter.checkProducerProperties(this);
        return this;
    }

    /**
     * The machine's host name, with any character outside {@code [A-Za-z0-9_.:-]} made {@code _} and cut to 64.
     *
     * @return the name, or {@code localhost} when the machine has none.
     */
    public static String localHostName()
    {
        String name;
        try
        {
            name = InetAddress.getLocalHost().getHostName();
        }
        catch (final UnknownHostException ex)
        {
            name = "localhost";
        }
        final String clean = name.replaceAll("[^A-Za-z0-9_.:-]", "_");
        return clean.isEmpty() ? "localhost" : clean.substring(0, Math.min(64, clean.length()));
    }

    /** @return the bootstrap servers. */
    public String bootstrapServers()
    {
        return bootstrapServers;
    }

    /** @return the topic. */
    public String topic()
    {
        return topic;
    }

    /** @return the host's name. */
    public String host()
    {
        return host;
    }

    /** @return the most unacknowledged records. */
    public int maxInFlight()
    {
        return maxInFlight;
    }

    /** @return how long the thread sleeps with nothing to do. */
    public Duration idle()
    {
        return idle;
    }

    /** @return the Kafka producer properties set over the defaults. */
    public Map<String, String> properties()
    {
        return Map.copyOf(properties);
    }
}
