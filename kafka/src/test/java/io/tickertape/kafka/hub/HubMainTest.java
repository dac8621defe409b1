package io.tickertape.kafka.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HubMainTest
{
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--kafka localhost|--kafka: bootstrap server 'localhost' is not host:port (port 1 to 65535) in 'localhost'",
        "--kafka k:9092,|--kafka: bootstrap server '' is not host:port",
        "--kafka k:70000|--kafka: bootstrap server 'k:70000' is not host:port",
        "--kafka [::1]:9092 --port 70000|--port must be from 0 to 65535, got 70000",
        "--embedded-kafka --port 9100 --port 9101|--port is given twice",
        "--journal --embedded-kafka|--journal needs a value, got the option --embedded-kafka",
        "--kafka 127.0.0.1:1 --kafka-property max.poll.records=many|the Kafka consumer refuses its options: Invalid value many " +
            "for configuration max.poll.records",
        "--embedded-kafka --kafka-property fetch.min.bytes=-5|the Kafka consumer refuses its options: Invalid value -5 for " +
            "configuration fetch.min.bytes",
    })
    void shouldRefuseABadFlagInOneLineWithStatus2(final String flags, final String why) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = HubMain.launch(flags.split(" "), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), () ->
            {
                throw new AssertionError("the hub started (it made its shutdown barrier)");
            });
        assertThat(status).isEqualTo(HubMain.EXIT_BAD_FLAGS);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("tickertape-hub: " + why).endsWith("\n")
            .doesNotContain("Exception");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
