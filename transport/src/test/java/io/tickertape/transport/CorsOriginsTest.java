package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import io.tickertape.bus.TelemetryBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CorsOriginsTest
{
    @ParameterizedTest
    @ValueSource(strings = {"https://ops.example", "https://ops.example.com", "http://127.0.0.1:8080", "http://[::1]:9000",
        "http://localhost:3000", "https://ops.example:8443"})
    void shouldAcceptOriginsWrittenAsABrowserSendsThem(final String origin)
    {
        assertThat(CorsOrigins.check(origin)).isEqualTo(origin);
        assertThat(new ServerContext().corsOrigins(Set.of(origin)).conclude().corsOrigins()).containsExactly(origin);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "*|origin '*' is not allowed: list the exact origins",
        "null|origin 'null' (the origin of files and sandboxed pages) is not allowed",
        "https://a.example/|origin 'https://a.example/' has a trailing slash: an origin is scheme://host[:port], here 'https://a.example'",
        "https://a.example/ops|origin 'https://a.example/ops' has a path, query or fragment: an origin is scheme://host[:port], here 'https://a.example'",
        "https://a.example?x=1|origin 'https://a.example?x=1' has a path, query or fragment",
        "https://a.example:8443/#top|origin 'https://a.example:8443/#top' has a path, query or fragment: an origin is scheme://host[:port], here 'https://a.example:8443'",
        "a.example|origin 'a.example' must start with http:// or https://",
        "ftp://a.example|origin 'ftp://a.example' must start with http:// or https://",
        "https://|origin 'https://' is not scheme://host[:port]",
        "https://user@a.example|origin 'https://user@a.example' has no host name, or more than a host",
        "https://A.Example|origin 'https://A.Example' would match no page: a browser sends it as 'https://a.example'",
        "https://a.example:443|origin 'https://a.example:443' would match no page: a browser sends it as 'https://a.example'",
        "http://a.example:80|origin 'http://a.example:80' would match no page: a browser sends it as 'http://a.example'",
        "https://a.example:0|origin 'https://a.example:0' has a port out of 1..65535",
        "https://a.example:70000|origin 'https://a.example:70000' has a port out of 1..65535",
        "' https://a.example'|origin ' https://a.example' is not scheme://host[:port]",
    })
    void shouldRefuseAnythingButSchemeHostAndPortSayingWhy(final String origin, final String why)
    {
        assertThatThrownBy(() -> CorsOrigins.check(origin)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(why)
            .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> new ServerContext().corsOrigins(Set.of("https://fine.example", origin)).conclude())
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("corsOrigins: " + why);
    }

    @Test
    void shouldRefuseTheOriginWhenTheServerStarts() throws Exception
    {
        try (TelemetryBus bus = TelemetryBus.noOp())
        {
            final ServerContext context = new ServerContext().port(0).corsOrigins(Set.of("https://ops.example/"));
            assertThatThrownBy(() -> TelemetryServer.start(bus, context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has a trailing slash");
        }
    }
}
