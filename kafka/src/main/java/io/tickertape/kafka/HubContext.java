package io.tickertape.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of a {@link KafkaHub}: fluent setters with defaults, checked by {@link #conclude()}. Any Kafka
 * consumer property can be set with {@link #property(String, String)} (security settings for a real cluster).
 */
public final class HubContext
{
    /** The consumer group unless told otherwise. */
    public static final String GROUP_DEFAULT = "tickertape-hub";
    /** The topic hosts export to and the hub consumes, unless told otherwise. */
    public static final String TOPIC_DEFAULT = KafkaRecords.TOPIC_DEFAULT;
    /** Slots of each relay's ring (one relay per host, producer and epoch), by default. */
    public static final int RELAY_RING_SIZE_DEFAULT = 4096;
    /** The most hosts whose figures a hub keeps, by default. */
    public static final int HOSTS_MAX_DEFAULT = 1000;
    /** How long a relay may go without an event before it is let go, by default. */
    public static final Duration RELAY_IDLE_TIMEOUT_DEFAULT = Duration.ofMinutes(1);

    private String bootstrapServers;
    private String topic = KafkaRecords.TOPIC_DEFAULT;
    private String groupId = GROUP_DEFAULT;
    private int relayRingSize = RELAY_RING_SIZE_DEFAULT;
    private Duration startTimeout = Duration.ofSeconds(15);
    private Duration relayIdleTimeout = RELAY_IDLE_TIMEOUT_DEFAULT;
    private int hostsMax = HOSTS_MAX_DEFAULT;
    private final Map<String, String> properties = new LinkedHashMap<>();

    /**
     * The cluster to read from.
     *
     * @param servers Kafka's {@code bootstrap.servers}: {@code host:port[,host:port...]}.
     * @return this.
     */
    public HubContext bootstrapServers(final String servers)
    {
        this.bootstrapServers = servers;
        return this;
    }

    /**
     * The topic the exporters write.
     *
     * @param topic default {@value KafkaRecords#TOPIC_DEFAULT}.
     * @return this.
     */
    public HubContext topic(final String topic)
    {
        this.topic = topic;
        return this;
    }

    /**
     * The consumer group: hubs of one group share the topic's partitions; its committed offsets are where a
     * restarted hub goes on.
     *
     * @param groupId default {@value #GROUP_DEFAULT}.
     * @return this.
     */
    public HubContext groupId(final String groupId)
    {
        this.groupId = groupId;
        return this;
    }

    /**
     * Slots of each relay's ring.
     *
     * @param size a power of two, at least 2; default {@value #RELAY_RING_SIZE_DEFAULT}.
     * @return this.
     */
    public HubContext relayRingSize(final int size)
    {
        this.relayRingSize = size;
        return this;
    }

    /**
     * How long a relay (one per host, producer and epoch) may go without an event before the hub lets it go: its
     * ring is freed, and the last sequence it relayed is kept, so a late duplicate is still dropped. A host that
     * restarts gets a new epoch, so a new relay; without this a hub would keep every past epoch's ring. An origin
     * that sends again gets a relay again.
     *
     * @param timeout positive; default one minute.
     * @return this.
     */
    public HubContext relayIdleTimeout(final Duration timeout)
    {
        this.relayIdleTimeout = timeout;
        return this;
    }

    /**
     * The most hosts whose figures (a row in the stats, series in the metrics) the hub keeps: past it, the host heard
     * from longest ago with no relay open is forgotten, so that a fleet whose host names change at each restart does
     * not grow them without bound.
     *
     * @param max 1 to 100,000; default {@value #HOSTS_MAX_DEFAULT}.
     * @return this.
     */
    public HubContext hostsMax(final int max)
    {
        this.hostsMax = max;
        return this;
    }

    /**
     * How long {@link KafkaHub#start} waits for a broker to answer before it gives up with an error.
     *
     * @param timeout default 15 s.
     * @return this.
     */
    public HubContext startTimeout(final Duration timeout)
    {
        this.startTimeout = timeout;
        return this;
    }

    /**
     * A Kafka consumer property, over the hub's defaults. The deserializers, the group and manual commits are the
     * hub's own.
     *
     * @param key   the property's name.
     * @param value its value.
     * @return this.
     */
    public HubContext property(final String key, final String value)
    {
        properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Check the configuration.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first invalid option, or what the Kafka consumer says of the
     *                                  properties it refuses.
     */
    public HubContext conclude()
    {
        bootstrapServers = BootstrapServers.check(bootstrapServers);
        if (null == topic || topic.isBlank())
        {
            throw new IllegalArgumentException("topic must be set");
        }
        if (null == groupId || groupId.isBlank())
        {
            throw new IllegalArgumentException("group id must be set");
        }
        if (relayRingSize < 2 || Integer.bitCount(relayRingSize) != 1)
        {
            throw new IllegalArgumentException("relay ring size must be a power of two, at least 2: " + relayRingSize);
        }
        if (null == relayIdleTimeout || relayIdleTimeout.isNegative() || relayIdleTimeout.isZero())
        {
            throw new IllegalArgumentException("relay idle timeout must be positive: " + relayIdleTimeout);
        }
        if (hostsMax < 1 || hostsMax > 100_000)
        {
            throw new IllegalArgumentException("hosts max must be from 1 to 100000: " + hostsMax);
        }
        if (null == startTimeout || startTimeout.isNegative() || startTimeout.isZero())
        {
            throw new IllegalArgumentException("start timeout must be positive: " + startTimeout);
        }
        KafkaHub.checkConsumerProperties(this);
        return this;
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

    /** @return the consumer group. */
    public String groupId()
    {
        return groupId;
    }

    /** @return the most hosts whose figures are kept. */
    public int hostsMax()
    {
        return hostsMax;
    }

    /** @return how long a relay may go without an event before it is let go. */
    public Duration relayIdleTimeout()
    {
        return relayIdleTimeout;
    }

    /** @return slots of each relay's ring. */
    public int relayRingSize()
    {
        return relayRingSize;
    }

    /** @return how long the start waits for a broker. */
    public Duration startTimeout()
    {
        return startTimeout;
    }

    /** @return the Kafka consumer properties set over the defaults. */
    public Map<String, String> properties()
    {
        return Map.copyOf(properties);
    }
}
