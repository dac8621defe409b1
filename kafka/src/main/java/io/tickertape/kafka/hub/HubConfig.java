package io.tickertape.kafka.hub;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.tickertape.kafka.BootstrapServers;
import io.tickertape.kafka.HubContext;

/**
 * The hub program's options, from its command line and environment: every flag has a default, is checked, and a
 * bad one stops the program with a message saying which and why.
 *
 * @param kafka           the bootstrap servers, or null with the embedded broker.
 * @param embeddedKafka   start a single-node broker in this process first.
 * @param embeddedPort    the embedded broker's port on 127.0.0.1.
 * @param embeddedDir     the embedded broker's log directory.
 * @param partitions      partitions of the topic when the embedded broker makes it.
 * @param port            HTTP port.
 * @param bind            address to listen on.
 * @param history         events the hub's history holds.
 * @param topic           the topic consumed.
 * @param group           the consumer group.
 * @param token           access token for the API, or null.
 * @param kafkaProperties Kafka consumer properties passed through (security settings, tuning).
 * @param journal         the hub's journal directory, or null for none.
 */
public record HubConfig(
    String kafka, boolean embeddedKafka, int embeddedPort, Path embeddedDir, int partitions, int port, String bind,
    int history, String topic, String group, String token, Map<String, String> kafkaProperties, Path journal)
{
    /** The embedded broker's port unless {@code --embedded-kafka-port} says otherwise. */
    public static final int EMBEDDED_PORT_DEFAULT = 9092;
    /** Environment variable read for the access token when {@code --token} is not given. */
    public static final String TOKEN_ENV = "TICKERTAPE_TOKEN";

    static final String USAGE = """
        Usage: java -jar kafka/target/tickertape-hub.jar --kafka SERVERS [options]
               java -jar kafka/target/tickertape-hub.jar --embedded-kafka [options]

        Gathers the events that hosts export to Kafka (the demo's --kafka) into one stream, history and
        stats page, served over HTTP as a single host serves its own (see docs/SCALE_OUT.md).

          --kafka SERVERS    the Kafka bootstrap servers, host:port[,host:port...]
          --embedded-kafka   first start a single-node Kafka broker (KRaft) in this process, on 127.0.0.1,
                             and consume from it: for trying the hub on one machine, not for production
          --embedded-kafka-port N
                             the embedded broker's port (default 9092)
          --embedded-kafka-dir DIR
                             its log directory, kept across runs (default: tickertape-kafka-PORT in the
                             system's temporary directory)
          --partitions N     partitions of the topic when the embedded broker makes it, 1 to 256 (default 8)
          --topic NAME       the topic the hosts export to (default tickertape.events)
          --group ID         the consumer group; hubs of one group share the topic's partitions
                             (default tickertape-hub)
          --kafka-property KEY=VALUE
                             a Kafka consumer property, e.g. security.protocol=SSL; repeatable
          --port N           HTTP port (default 9100; 0 picks a free one)
          --bind ADDRESS     address to listen on (default 127.0.0.1; 0.0.0.0 for all interfaces)
          --history N        events the history holds, 1000 to 16777216 (default 100000)
          --journal DIR      keep the hub's events in a journal in this directory (made if missing): a
                             restarted hub continues its epoch, serves what it had, and drops what Kafka
                             delivers again, so its monitors resume without a reset or a duplicate
          --token TOKEN      require this access token on /api and /metrics (or set TICKERTAPE_TOKEN);
                             at least 16 characters; open the monitor as /?token=TOKEN
          --help             print this and exit
        """;

    /**
     * Parse the command line.
     *
     * @param args the program's arguments.
     * @param env  the environment (for the token).
     * @return the options.
     * @throws IllegalArgumentException saying which option is wrong and why.
     */
    public static HubConfig parse(final String[] args, final Map<String, String> env)
    {
        String kafka = null;
        boolean embedded = false;
        int embeddedPort = EMBEDDED_PORT_DEFAULT;
        Path embeddedDir = null;
        int partitions = 8;
        String partitionsFlag = null;
        int port = 9100;
        String bind = "127.0.0.1";
        int history = 100_000;
        String topic = HubContext.TOPIC_DEFAULT;
        String group = HubContext.GROUP_DEFAULT;
        String token = env.get(TOKEN_ENV);
        String embeddedFlag = null;
        Path journal = null;
        final Map<String, String> properties = new LinkedHashMap<>();
        final Set<String> given = new HashSet<>();
        for (int i = 0; i < args.length; i++)
        {
            final String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h"))
            {
                throw new HelpRequested();
            }
            if (flag.equals("--embedded-kafka"))
            {
                embedded = true;
                continue;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(USAGE.contains(flag + " ") ? flag + " needs a value" : "unknown option: " + flag);
            }
            final String value = args[++i];
            if (value.startsWith("--") && USAGE.contains(value + " "))
            {
                throw new IllegalArgumentException(flag + " needs a value, got the option " + value);
            }
            if (!flag.equals("--kafka-property") && !given.add(flag))
            {
                throw new IllegalArgumentException(flag + " is given twice");
            }
            switch (flag)
            {
                case "--kafka" -> kafka = BootstrapServers.check(nonBlank(flag, value), flag);
                case "--embedded-kafka-port" ->
                {
                    embeddedPort = (int)number(flag, value, 1, 65_535);
                    embeddedFlag = flag;
                }
                case "--embedded-kafka-dir" ->
                {
                    embeddedDir = directory(flag, value);
                    embeddedFlag = flag;
                }
                case "--partitions" ->
                {
                    partitions = (int)number(flag, value, 1, 256);
                    partitionsFlag = flag;
                }
                case "--topic" -> topic = nonBlank(flag, value);
                case "--group" -> group = nonBlank(flag, value);
                case "--kafka-property" -> property(flag, value, properties);
                case "--port" -> port = (int)number(flag, value, 0, 65_535);
                case "--bind" -> bind = nonBlank(flag, value);
                case "--history" -> history = (int)number(flag, value, 1_000, 1 << 24);
                case "--token" -> token = token(flag, value);
                case "--journal" -> journal = directory(flag, value);
                default -> throw new IllegalArgumentException("unknown option: " + flag);
            }
        }
        if (embedded == (null != kafka))
        {
            throw new IllegalArgumentException(embedded ? "--kafka and --embedded-kafka are exclusive: the hub consumes from one" :
                "the hub needs --kafka SERVERS, or --embedded-kafka to start a broker of its own");
        }
        if (!embedded && null != embeddedFlag)
        {
            throw new IllegalArgumentException(embeddedFlag + " needs --embedded-kafka");
        }
        if (!embedded && null != partitionsFlag)
        {
            throw new IllegalArgumentException("--partitions needs --embedded-kafka: the hub makes the topic only on its own broker");
        }
        if (null != token && token.isEmpty())
        {
            token = null;
        }
        if (null != token && token.length() < 16)
        {
            throw new IllegalArgumentException("--token must be at least 16 characters");
        }
        if (null == embeddedDir)
        {
            embeddedDir = Path.of(System.getProperty("java.io.tmpdir"), "tickertape-kafka-" + embeddedPort);
        }
        return new HubConfig(kafka, embedded, embeddedPort, embeddedDir, partitions, port, bind, history, topic, group,
            token, Map.copyOf(properties), journal);
    }

    /**
     * The hub's options for consuming from the given servers, not yet checked.
     *
     * @param servers the bootstrap servers: {@link #kafka()}, or the embedded broker's.
     * @return a context for {@code KafkaHub.start}.
     */
    HubContext hubContext(final String servers)
    {
        final HubContext context = new HubContext().bootstrapServers(servers).topic(topic).groupId(group);
        kafkaProperties.forEach(context::property);
        return context;
    }

    /** @return whether the server listens beyond this host. */
    boolean bindsBeyondLoopback()
    {
        return !(bind.equals("127.0.0.1") || bind.equals("localhost") || bind.equals("::1") || bind.startsWith("127."));
    }

    /** An explicit token: an empty one would turn access control off, quietly overriding the environment's. */
    private static String token(final String flag, final String value)
    {
        if (value.isBlank())
        {
            throw new IllegalArgumentException(flag + " needs a token of at least 16 characters (to serve without one, leave " +
                "both " + flag + " and " + TOKEN_ENV + " unset)");
        }
        return value;
    }

    private static String nonBlank(final String flag, final String value)
    {
        if (value.isBlank())
        {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value.trim();
    }

    private static Path directory(final String flag, final String value)
    {
        try
        {
            return Path.of(nonBlank(flag, value));
        }
        catch (final InvalidPathException ex)
        {
            throw new IllegalArgumentException(flag + ": not a path: '" + value + "'");
        }
    }

    private static void property(final String flag, final String value, final Map<String, String> properties)
    {
        final int eq = value.indexOf('=');
        if (eq < 1)
        {
            throw new IllegalArgumentException(flag + " must be KEY=VALUE, e.g. security.protocol=SSL, got '" + value + "'");
        }
        properties.put(value.substring(0, eq).trim(), value.substring(eq + 1));
    }

    private static long number(final String flag, final String value, final long min, final long max)
    {
        final long n;
        try
        {
            n = Long.parseLong(value.trim().replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(flag + " must be an integer, got '" + value + "'");
        }
        if (n < min || n > max)
        {
            throw new IllegalArgumentException(flag + " must be from " + min + " to " + max + ", got " + n);
        }
        return n;
    }

    /** Thrown by {@link #parse} for {@code --help}. */
    static final class HelpRequested extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        HelpRequested()
        {
            super(null, null, false, false);
        }
    }
}
