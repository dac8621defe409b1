package io.tickertape.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.Origin;
import io.tickertape.bus.alert.AlertRules;
import io.tickertape.bus.journal.JournalContext;
import io.tickertape.kafka.BootstrapServers;
import io.tickertape.kafka.ExporterContext;
import io.tickertape.transport.CorsOrigins;

/**
 * The demo program's options, from its command line and environment: every flag has a default, is checked, and
 * a bad one stops the program with a message saying which and why.
 *
 * @param port        HTTP port.
 * @param bind        address to listen on.
 * @param rate        target events per second of the engines together.
 * @param symbols     tradable equities in the universe.
 * @param history     events the history holds.
 * @param seed        seed of the simulated market.
 * @param token       access token for the API, or null.
 * @param corsOrigins origins allowed cross-origin access.
 * @param tlsKeyStore PKCS12 key store for HTTPS, or null.
 * @param tlsPassword password of the key store.
 * @param journal     the journal's directory, or null for no journal.
 * @param journalRetentionBytes most bytes of journal segments kept.
 * @param journalRetentionAge   age past which whole journal segments are deleted.
 * @param aggregateKeys         keys per grouping the aggregates keep; 0 for no aggregates.
 * @param alerts                the alert rules, read and checked, or null for none.
 * @param jwtHs256Secret        the HS256 secret bearer JWTs are signed with, or null.
 * @param jwtPublicKey          a PEM public key bearer JWTs are signed for (RS256, ES256), or null.
 * @param jwtAudience           the audience a JWT must name, or null.
 * @param tlsSelfSigned         serve HTTPS with a throwaway self-signed certificate.
 * @param kafka                 the Kafka bootstrap servers to export every event to, or null for no export.
 * @param host                  the name this host's events carry in Kafka, or null for the machine's name.
 * @param kafkaProperties       Kafka producer properties passed through (security settings, tuning).
 */
public record DemoConfig(
    int port, String bind, int rate, int symbols, int history, long seed, String token, Set<String> corsOrigins,
    Path tlsKeyStore, String tlsPassword, Path journal, long journalRetentionBytes, Duration journalRetentionAge,
    int aggregateKeys, AlertRules alerts, String jwtHs256Secret, Path jwtPublicKey, String jwtAudience,
    boolean tlsSelfSigned, String kafka, String host, Map<String, String> kafkaProperties)
{
    /** Environment variable read for the access token when {@code --token} is not given. */
    public static final String TOKEN_ENV = "TICKERTAPE_TOKEN";
    /** Environment variable read for the key store password when {@code --tls-password} is not given. */
    public static final String TLS_PASSWORD_ENV = "TICKERTAPE_TLS_PASSWORD";
    /** Environment variable read for the JWT secret when {@code --jwt-hs256-secret} is not given. */
    public static final String JWT_SECRET_ENV = "TICKERTAPE_JWT_HS256_SECRET";
    /** Keys per grouping the demo's aggregates keep unless {@code --aggregate-keys} says otherwise. */
    public static final int AGGREGATE_KEYS_DEFAULT = 256;

    private static final Pattern SIZE = Pattern.compile("([0-9][0-9_]*)\\s*([KMGT]iB)?", Pattern.CASE_INSENSITIVE);
    /** Longest retention age: a hundred years (in nanoseconds since the epoch, an age must stay far from overflow). */
    private static final Duration MAX_AGE = Duration.ofDays(36_500);
    private static final Pattern ISO_DURATION = Pattern.compile("[-+]?P", Pattern.CASE_INSENSITIVE);
    private static final Pattern AGE = Pattern.compile("([0-9]+)\\s*([dhms])", Pattern.CASE_INSENSITIVE);

    static final String USAGE = """
        Usage: java -jar demo/target/tickertape.jar [options]
               java -jar demo/target/tickertape.jar verify|dump|tail DIR [options]   (journal tools: verify --help)
               java -jar demo/target/tickertape.jar jwt [options]   (a bearer token for --jwt-hs256-secret: jwt --help)

        Runs the reference trading engines on a telemetry bus and serves it over HTTP.

          --port N           HTTP port (default 9000; 0 picks a free one)
          --bind ADDRESS     address to listen on (default 127.0.0.1; 0.0.0.0 for all interfaces)
          --rate N           target events per second, 100 to 1000000 (default 2000)
          --symbols N        tradable equities in the universe, 10 to 5000 (default 250)
          --history N        events the history holds, 1000 to 16777216 (default 100000)
          --seed N           seed of the simulated market (default 42)
          --token TOKEN      require this access token on /api and /metrics (or set TICKERTAPE_TOKEN);
                             at least 16 characters; open the monitor as /?token=TOKEN
          --cors ORIGINS     comma-separated origins allowed cross-origin access, each scheme://host[:port]
                             as a browser sends it, e.g. https://ops.example (default none)
          --tls-keystore P   serve HTTPS with this PKCS12 key store
          --tls-password S   its password (or set TICKERTAPE_TLS_PASSWORD); only with --tls-keystore
          --tls-self-signed  serve HTTPS with a throwaway self-signed certificate made at start, for
                             localhost only: for trying HTTPS and HTTP/2, never for production
          --jwt-hs256-secret S
                             also accept bearer JWTs signed HS256 with this secret, at least 32 bytes
                             (or set TICKERTAPE_JWT_HS256_SECRET); a token needs exp, and its
                             tickertape_types claim, a list, limits the event types it may see
          --jwt-public-key FILE
                             also accept bearer JWTs signed RS256 or ES256 for this PEM public key
          --jwt-audience AUD a JWT must name this audience in aud (only with a JWT key)
          --journal DIR      append every event to a journal in this directory (made if missing); a run on
                             an existing journal continues its epoch and sequence (default: no journal)
          --journal-retention-bytes N
                             most bytes of journal segments kept, e.g. 2GiB, 512MiB or 1073741824;
                             at least 128MiB (default 1GiB); only with --journal
          --journal-retention-age AGE
                             delete whole segments whose events are all older than this, e.g. 7d, 12h,
                             30m, 45s or PT12H (default 7d); only with --journal
          --aggregate-keys N keys per grouping (type, symbol, strategy, source) that /api/telemetry/aggregates
                             counts apart, 0 to 4096; the rest are summed as other; 0 turns aggregates off
                             (default 256)
          --alerts FILE      evaluate the alert rules in this JSON file (see docs/ALERTS.md): firings are
                             published as alert events and POSTed to each rule's webhook (default none)
          --kafka SERVERS    export every event to Kafka (host:port[,host:port...]), to the topic
                             tickertape.events, for a hub to gather (see docs/SCALE_OUT.md) (default: no export)
          --host NAME        the name this host's events carry to the hub, letters, digits and _.:-
                             (default: the machine's host name); only with --kafka
          --kafka-property KEY=VALUE
                             a Kafka producer property, e.g. security.protocol=SSL; repeatable; only with --kafka
          --help             print this and exit
        """;

    /**
     * Parse the command line.
     *
     * @param args the program's arguments.
     * @param env  the environment (for the token and key store password).
     * @return the options.
     * @throws IllegalArgumentException saying which option is wrong and why.
     */
    public static DemoConfig parse(final String[] args, final Map<String, String> env)
    {
        int port = 9000;
        String bind = "127.0.0.1";
        int rate = 2_000;
        int symbols = 250;
        int history = 100_000;
        long seed = 42;
        String token = env.get(TOKEN_ENV);
        Set<String> cors = Set.of();
        Path keyStore = null;
        String password = env.get(TLS_PASSWORD_ENV);
        boolean passwordFlag = false;
        Path journal = null;
        long retentionBytes = JournalContext.RETENTION_BYTES_DEFAULT;
        Duration retentionAge = JournalContext.RETENTION_AGE_DEFAULT;
        String retentionFlag = null;
        int aggregateKeys = AGGREGATE_KEYS_DEFAULT;
        AlertRules alerts = null;
        String jwtSecret = env.get(JWT_SECRET_ENV);
        Path jwtPublicKey = null;
        String jwtAudience = null;
        boolean selfSigned = false;
        String kafka = null;
        String host = null;
        final Map<String, String> kafkaProperties = new LinkedHashMap<>();
        final Set<String> given = new HashSet<>();
        for (int i = 0; i < args.length; i++)
        {
            final String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h"))
            {
                throw new HelpRequested();
            }
            if (flag.equals("--tls-self-signed"))
            {
                selfSigned = true;
                continue;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(known(flag) ? flag + " needs a value" : "unknown option: " + flag);
            }
            final String value = args[++i];
            if (value.startsWith("--") && known(value))
            {
                throw new IllegalArgumentException(flag + " needs a value, got the option " + value);
            }
            if (!flag.equals("--kafka-property") && !given.add(flag))
            {
                throw new IllegalArgumentException(flag + " is given twice");
            }
            switch (flag)
            {
                case "--port" -> port = (int)number(flag, value, 0, 65_535);
                case "--bind" -> bind = value;
                case "--rate" -> rate = (int)number(flag, value, 100, 1_000_000);
                case "--symbols" -> symbols = (int)number(flag, value, 10, 5_000);
                case "--history" -> history = (int)number(flag, value, 1_000, 1 << 24);
                case "--seed" -> seed = number(flag, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--token" -> token = token(flag, value);
                case "--cors" -> cors = corsOrigins(value);
                case "--tls-keystore" -> keyStore = Path.of(value);
                case "--tls-password" ->
                {
                    password = value;
                    passwordFlag = true;
                }
                case "--journal" -> journal = directory(flag, value);
                case "--jwt-hs256-secret" -> jwtSecret = value;
                case "--jwt-public-key" -> jwtPublicKey = Path.of(value);
                case "--jwt-audience" -> jwtAudience = value;
                case "--alerts" -> alerts = AlertRules.read(Path.of(value));
                case "--aggregate-keys" -> aggregateKeys = (int)number(flag, value, 0, BusContext.AGGREGATE_KEYS_MAX);
                case "--journal-retention-bytes" ->
                {
                    retentionBytes = bytes(flag, value, 2L * JournalContext.SEGMENT_BYTES_DEFAULT);
                    retentionFlag = flag;
                }
                case "--journal-retention-age" ->
                {
                    retentionAge = age(flag, value);
                    retentionFlag = flag;
                }
                case "--kafka" -> kafka = BootstrapServers.check(nonBlank(flag, value, "bootstrap servers, e.g. 127.0.0.1:9092"), flag);
                case "--host" -> host = hostName(flag, value);
                case "--kafka-property" -> kafkaProperty(flag, value, kafkaProperties);
                default -> throw new IllegalArgumentException("unknown option: " + flag);
            }
        }
        if ((null != host || !kafkaProperties.isEmpty()) && null == kafka)
        {
            throw new IllegalArgumentException((null != host ? "--host" : "--kafka-property") +
                " needs --kafka SERVERS: without Kafka nothing is exported");
        }
        if (null != token && token.isEmpty())
        {
            token = null;
        }
        if (null != token && token.length() < 16)
        {
            throw new IllegalArgumentException("--token must be at least 16 characters");
        }
        if (null != keyStore && null == password)
        {
            throw new IllegalArgumentException("--tls-keystore needs --tls-password (or " + TLS_PASSWORD_ENV + ")");
        }
        if (passwordFlag && null == keyStore)
        {
            // Ignored, it would leave the server on plain HTTP while its user believes it serves HTTPS.
            throw new IllegalArgumentException("--tls-password needs --tls-keystore: without a key store the server would serve plain HTTP");
        }
        if (null != retentionFlag && null == journal)
        {
            throw new IllegalArgumentException(retentionFlag + " needs --journal DIR: without a journal nothing is kept");
        }
        if (selfSigned && null != keyStore)
        {
            throw new IllegalArgumentException("--tls-self-signed and --tls-keystore are exclusive: choose one");
        }
        if (null != jwtSecret && jwtSecret.isEmpty())
        {
            jwtSecret = null;
        }
        if (null != jwtSecret && jwtSecret.getBytes(StandardCharsets.UTF_8).length < 32)
        {
            throw new IllegalArgumentException("--jwt-hs256-secret must be at least 32 bytes (256 bits, as HS256 requires)");
        }
        if (null != jwtAudience && null == jwtSecret && null == jwtPublicKey)
        {
            throw new IllegalArgumentException("--jwt-audience needs --jwt-hs256-secret or --jwt-public-key");
        }
        if (bind.isBlank())
        {
            throw new IllegalArgumentException("--bind needs an address, e.g. 127.0.0.1 or 0.0.0.0");
        }
        return new DemoConfig(port, bind, rate, symbols, history, seed, token, Set.copyOf(cors), keyStore, password,
            journal, retentionBytes, retentionAge, aggregateKeys, alerts, jwtSecret, jwtPublicKey, jwtAudience, selfSigned,
            kafka, host, Map.copyOf(kafkaProperties));
    }

    /**
     * The Kafka exporter's options, or null when the demo does not export.
     *
     * @return a context for {@code KafkaExporter.start}, not yet checked.
     */
    ExporterContext exporterContext()
    {
        if (null == kafka)
        {
            return null;
        }
        final ExporterContext context = new ExporterContext().bootstrapServers(kafka).host(host);
        kafkaProperties.forEach(context::property);
        return context;
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

    private static String nonBlank(final String flag, final String value, final String what)
    {
        if (value.isBlank())
        {
            throw new IllegalArgumentException(flag + " needs " + what);
        }
        return value.trim();
    }

    private static String hostName(final String flag, final String value)
    {
        try
        {
            return new Origin(value, "demo", "0").host();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(flag + ": " + ex.getMessage(), ex);
        }
    }

    private static void kafkaProperty(final String flag, final String value, final Map<String, String> properties)
    {
        final int eq = value.indexOf('=');
        if (eq < 1)
        {
            throw new IllegalArgumentException(flag + " must be KEY=VALUE, e.g. security.protocol=SSL, got '" + value + "'");
        }
        properties.put(value.substring(0, eq).trim(), value.substring(eq + 1));
    }

    /**
     * The journal's options, or null when the journal is off.
     *
     * @return a context for {@code BusContext.journal}, not yet checked.
     */
    JournalContext journalContext()
    {
        return null == journal ? null :
            new JournalContext().directory(journal).retentionBytes(journalRetentionBytes).retentionAge(journalRetentionAge);
    }

    private static Path directory(final String flag, final String value)
    {
        if (value.isBlank())
        {
            throw new IllegalArgumentException(flag + " needs a directory");
        }
        try
        {
            return Path.of(value);
        }
        catch (final InvalidPathException ex)
        {
            throw new IllegalArgumentException(flag + ": not a path: '" + value + "'");
        }
    }

    /**
     * A size in bytes: a whole number, alone or with a binary suffix (KiB, MiB, GiB, TiB).
     */
    static long bytes(final String flag, final String value, final long min)
    {
        final Matcher m = SIZE.matcher(value.trim());
        if (!m.matches())
        {
            throw new IllegalArgumentException(flag + " must be a number of bytes, alone or with KiB, MiB, GiB or TiB " +
                "(e.g. 512MiB, 2GiB), got '" + value + "'");
        }
        final String unit = null == m.group(2) ? "" : m.group(2).toLowerCase(Locale.ROOT);
        final int shift = switch (unit)
        {
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            case "tib" -> 40;
            default -> 0;
        };
        final long n;
        try
        {
            n = Long.parseLong(m.group(1).replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(flag + " is too large: '" + value + "'");
        }
        if (n > Long.MAX_VALUE >> shift)
        {
            throw new IllegalArgumentException(flag + " is too large: '" + value + "'");
        }
        final long bytes = n << shift;
        if (bytes < min)
        {
            throw new IllegalArgumentException(flag + " must be at least " + (min >> 20) + "MiB (two journal segments), got " + value);
        }
        return bytes;
    }

    /**
     * An age: a whole number of days, hours, minutes or seconds ({@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}),
     * or an ISO-8601 duration ({@code PT12H}, {@code P7D}).
     */
    static Duration age(final String flag, final String value)
    {
        final String text = value.trim();
        final Matcher m = AGE.matcher(text);
        Duration age = null;
        if (m.matches())
        {
            try
            {
                final long n = Long.parseLong(m.group(1));
                age = switch (m.group(2).toLowerCase(Locale.ROOT))
                {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
            }
            catch (final NumberFormatException | ArithmeticException ex)
            {
                age = null;
            }
        }
        else if (ISO_DURATION.matcher(text).lookingAt())
        {
            try
            {
                age = Duration.parse(text);
            }
            catch (final DateTimeParseException ex)
            {
                age = null;
            }
        }
        if (null == age)
        {
            throw new IllegalArgumentException(flag + " must be a number with d, h, m or s (e.g. 7d, 12h, 30m, 45s) " +
                "or an ISO-8601 duration (e.g. PT12H), got '" + value + "'");
        }
        if (age.isNegative() || age.isZero() || age.compareTo(MAX_AGE) > 0)
        {
            throw new IllegalArgumentException(flag + " must be positive and at most 36500d, got " + value);
        }
        return age;
    }

    /** Comma-separated origins, each as a browser sends it (the server would match no other form). */
    private static Set<String> corsOrigins(final String value)
    {
        final Set<String> origins = new LinkedHashSet<>();
        for (final String origin : value.split(",", -1))
        {
            try
            {
                origins.add(CorsOrigins.check(origin.trim()));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("--cors: " + ex.getMessage(), ex);
            }
        }
        return origins;
    }

    private static boolean known(final String flag)
    {
        return USAGE.contains(flag + " ");
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

    /** Whether the server listens beyond this host. */
    /** @return whether bearer JWTs are accepted (a secret or a public key is set). */
    boolean jwt()
    {
        return null != jwtHs256Secret || null != jwtPublicKey;
    }

    boolean bindsBeyondLoopback()
    {
        return !(bind.equals("127.0.0.1") || bind.equals("localhost") || bind.equals("::1") || bind.startsWith("127."));
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
