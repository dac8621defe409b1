package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

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
}
