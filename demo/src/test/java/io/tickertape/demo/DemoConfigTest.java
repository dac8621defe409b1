package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.tickertape.bus.journal.JournalContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoConfigTest
{
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://ops.example|https://ops.example",
        "'https://ops.example, http://127.0.0.1:8080'|https://ops.example,http://127.0.0.1:8080",
    })
    void shouldTakeOriginsWrittenAsABrowserSendsThem(final String flag, final String origins)
    {
        assertThat(DemoConfig.parse(new String[] {"--cors", flag}, Map.of()).corsOrigins())
            .containsExactlyInAnyOrder(origins.split(","));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "*|--cors: origin '*' is not allowed",
        "https://a.example/|--cors: origin 'https://a.example/' has a trailing slash: an origin is scheme://host[:port], here 'https://a.example'",
        "https://a.example/monitor|--cors: origin 'https://a.example/monitor' has a path, query or fragment",
        "'https://ok.example,a.example'|--cors: origin 'a.example' must start with http:// or https://",
        "'https://ok.example,'|--cors: an empty origin",
        "https://A.example:443|--cors: origin 'https://A.example:443' would match no page: a browser sends it as 'https://a.example'",
    })
    void shouldRefuseAnOriginThatWouldMatchNothing(final String flag, final String why)
    {
        assertThatThrownBy(() -> DemoConfig.parse(new String[] {"--cors", flag}, Map.of()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(why);
    }

    @Test
    void shouldRunWithoutAJournalUnlessOneIsGiven()
    {
        final DemoConfig plain = DemoConfig.parse(new String[0], Map.of());
        assertThat(plain.journal()).isNull();
        assertThat(plain.journalContext()).isNull();

        final DemoConfig journaled = DemoConfig.parse(new String[] {"--journal", "/var/lib/tickertape/journal"}, Map.of());
        final JournalContext context = journaled.journalContext();
        assertThat(context.directory()).isEqualTo(Path.of("/var/lib/tickertape/journal"));
        assertThat(context.retentionBytes()).isEqualTo(JournalContext.RETENTION_BYTES_DEFAULT);
        assertThat(context.retentionAge()).isEqualTo(JournalContext.RETENTION_AGE_DEFAULT);
        context.conclude();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1073741824|1073741824",
        "1_073_741_824|1073741824",
        "512MiB|536870912",
        "2GiB|2147483648",
        "2gib|2147483648",
        "131072KiB|134217728",
        "'1 TiB'|1099511627776",
    })
    void shouldTakeTheRetentionBytesAsAPlainNumberOrWithABinarySuffix(final String flag, final long bytes)
    {
        final DemoConfig config = DemoConfig.parse(new String[] {"--journal", "j", "--journal-retention-bytes", flag}, Map.of());
        assertThat(config.journalRetentionBytes()).isEqualTo(bytes);
        assertThat(config.journalContext().retentionBytes()).isEqualTo(bytes);
        config.journalContext().conclude();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "7d|PT168H",
        "12h|PT12H",
        "30m|PT30M",
        "45s|PT45S",
        "PT12H|PT12H",
        "P7D|PT168H",
        "pt90m|PT1H30M",
    })
    void shouldTakeTheRetentionAgeInDaysHoursMinutesSecondsOrIso8601(final String flag, final String age)
    {
        final DemoConfig config = DemoConfig.parse(new String[] {"--journal", "j", "--journal-retention-age", flag}, Map.of());
        assertThat(config.journalRetentionAge()).isEqualTo(Duration.parse(age));
        assertThat(config.journalContext().retentionAge()).isEqualTo(Duration.parse(age));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--journal-retention-bytes 2GiB|--journal-retention-bytes needs --journal DIR: without a journal nothing is kept",
        "--journal-retention-age 7d|--journal-retention-age needs --journal DIR: without a journal nothing is kept",
        "--journal j --journal-retention-bytes 512MB|--journal-retention-bytes must be a number of bytes, alone or with KiB, MiB, GiB or TiB (e.g. 512MiB, 2GiB), got '512MB'",
        "--journal j --journal-retention-bytes 1.5GiB|--journal-retention-bytes must be a number of bytes",
        "--journal j --journal-retention-bytes -1|--journal-retention-bytes must be a number of bytes",
        "--journal j --journal-retention-bytes 100MiB|--journal-retention-bytes must be at least 128MiB (two journal segments), got 100MiB",
        "--journal j --journal-retention-bytes 99999999TiB|--journal-retention-bytes is too large: '99999999TiB'",
        "--journal j --journal-retention-age 7|--journal-retention-age must be a number with d, h, m or s (e.g. 7d, 12h, 30m, 45s) or an ISO-8601 duration (e.g. PT12H), got '7'",
        "--journal j --journal-retention-age 2w|--journal-retention-age must be a number with d, h, m or s",
        "--journal j --journal-retention-age PT|--journal-retention-age must be a number with d, h, m or s",
        "--journal j --journal-retention-age 0s|--journal-retention-age must be positive and at most 36500d, got 0s",
        "--journal j --journal-retention-age -PT1H|--journal-retention-age must be positive and at most 36500d, got -PT1H",
        "--journal j --journal-retention-age 36501d|--journal-retention-age must be positive and at most 36500d, got 36501d",
        "--journal ''|--journal needs a directory",
    })
    void shouldRefuseABadJournalFlagSayingWhichAndWhy(final String flags, final String why)
    {
        final String[] args = flags.split(" ");
        for (int i = 0; i < args.length; i++)
        {
            args[i] = "''".equals(args[i]) ? "" : args[i];
        }
        assertThatThrownBy(() -> DemoConfig.parse(args, Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(why);
    }

    @Test
    void shouldExportToKafkaOnlyWhenGivenServersAsTheHostItIsToldOrTheMachine()
    {
        assertThat(DemoConfig.parse(new String[0], Map.of()).exporterContext()).isNull();
        final var named = DemoConfig.parse(new String[] {"--kafka", "127.0.0.1:9092", "--host", "alpha",
            "--kafka-property", "security.protocol=PLAINTEXT"}, Map.of()).exporterContext().conclude();
        assertThat(named.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(named.host()).isEqualTo("alpha");
        assertThat(named.properties()).containsEntry("security.protocol", "PLAINTEXT");
        final var unnamed = DemoConfig.parse(new String[] {"--kafka", "127.0.0.1:9092"}, Map.of()).exporterContext().conclude();
        assertThat(unnamed.host()).isNotBlank().matches("[A-Za-z0-9_.:-]{1,64}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--host alpha|--host needs --kafka SERVERS: without Kafka nothing is exported",
        "--kafka-property acks=1|--kafka-property needs --kafka SERVERS",
        "--kafka ''|--kafka needs bootstrap servers",
        "--kafka localhost|--kafka: bootstrap server 'localhost' is not host:port (port 1 to 65535) in 'localhost'",
        "--kafka k:9092,|--kafka: bootstrap server '' is not host:port",
        "--kafka k:0|--kafka: bootstrap server 'k:0' is not host:port",
        "--kafka k:9092,j:port|--kafka: bootstrap server 'j:port' is not host:port",
        "--kafka k:9092 --host a/b|--host: host",
        "--kafka k:9092 --host ''|--host: host",
        "--kafka k:9092 --kafka-property acks|--kafka-property must be KEY=VALUE, e.g. security.protocol=SSL, got 'acks'",
        "--kafka k:9092 --kafka-property =1|--kafka-property must be KEY=VALUE",
    })
    void shouldRefuseABadKafkaFlagSayingWhichAndWhy(final String flags, final String why)
    {
        shouldRefuseABadJournalFlagSayingWhichAndWhy(flags, why);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--port 9001 --port 9002|--port is given twice",
        "--cors https://a.example --cors https://b.example|--cors is given twice",
        "--journal --tls-self-signed|--journal needs a value, got the option --tls-self-signed",
        "--alerts --port|--alerts needs a value, got the option --port",
        "--token ''|--token needs a token of at least 16 characters (to serve without one, leave both --token and TICKERTAPE_TOKEN unset)",
    })
    void shouldRefuseAFlagGivenTwiceOrWithoutItsValue(final String flags, final String why)
    {
        shouldRefuseABadJournalFlagSayingWhichAndWhy(flags, why);
    }

    @Test
    void shouldTakeRepeatedKafkaPropertiesAndAValueThatOnlyLooksLikeAnOption()
    {
        final var config = DemoConfig.parse(new String[] {"--kafka", "127.0.0.1:9092", "--kafka-property", "linger.ms=5",
            "--kafka-property", "acks=all", "--token", "--not-an-option-but-a-token"}, Map.of());
        assertThat(config.exporterContext().properties()).containsEntry("linger.ms", "5").containsEntry("acks", "all");
        assertThat(config.token()).isEqualTo("--not-an-option-but-a-token");
    }
}
