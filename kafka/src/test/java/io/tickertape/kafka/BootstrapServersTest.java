package io.tickertape.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BootstrapServersTest
{
    @Test
    void shouldTakeHostAndPortListsAsKafkaDoes()
    {
        assertThat(BootstrapServers.check(" 127.0.0.1:9092 ")).isEqualTo("127.0.0.1:9092");
        assertThat(BootstrapServers.check("kafka-1.internal:9092, kafka-2.internal:9093")).isEqualTo("kafka-1.internal:9092, kafka-2.internal:9093");
        assertThat(BootstrapServers.check("[::1]:9092")).isEqualTo("[::1]:9092");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "localhost:", ":9092", "localhost:0", "localhost:65536", "localhost:port",
        "a:1,", "a:1,,b:2", "a:1;b:2"})
    void shouldRefuseWhatIsNotHostAndPort(final String servers)
    {
        assertThatThrownBy(() -> BootstrapServers.check(servers)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("host:port");
    }
}
