package io.tickertape.bus.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertRulesTest
{
    private static final String EXAMPLE = """
        {"rules":[{"name":"engine-unhealthy","type":"engine_health","where":{"status":"degraded"},
                   "count":1,"window_s":60,"cooldown_s":300,"webhook":"http://127.0.0.1:8080/hooks/ops"}]}
        """;

    @TempDir
    Path dir;

    @Test
    void shouldReadTheDocumentedFormAndDefaults() throws Exception
    {
        final Path file = dir.resolve("alerts.json");
        Files.writeString(file, EXAMPLE);
        final AlertRule rule = AlertRules.read(file).rules().get(0);
        assertThat(rule).isEqualTo(new AlertRule("engine-unhealthy", List.of("engine_health"), Map.of("status", List.of("degraded")), 1, 60, 300,
            URI.create("http://127.0.0.1:8080/hooks/ops"), "warning"));

        final AlertRule minimal = AlertRules.parse("{\"rules\":[{\"name\":\"r\",\"type\":[\"a\",\"b\"],\"where\":{\"n\":[1,\"x\",null]}}]}", "t")
            .rules().get(0);
        assertThat(minimal.types()).containsExactly("a", "b");
        assertThat(minimal.count()).isEqualTo(1);
        assertThat(minimal.windowSeconds()).isEqualTo(60);
        assertThat(minimal.cooldownSeconds()).isZero();
        assertThat(minimal.webhook()).isNull();
        final WhereMatcher n = new WhereMatcher("n", minimal.where().get("n"));
        assertThat(n.matches(event("\"n\":1.0"), 0, event("\"n\":1.0").length)).as("numbers compare by value").isTrue();
        assertThat(n.matches(event("\"n\":\"x\""), 0, event("\"n\":\"x\"").length)).isTrue();
        assertThat(n.matches(event("\"m\":1"), 0, event("\"m\":1").length)).as("absent equals null").isTrue();
        assertThat(n.matches(event("\"n\":\"y\""), 0, event("\"n\":\"y\"").length)).isFalse();
        assertThat(n.matches(event("\"n\":2"), 0, event("\"n\":2").length)).isFalse();
        final WhereMatcher quoted = new WhereMatcher("status", List.of("de\"gr\u00e9ded\n", true, -2.5));
        assertThat(quoted.matches(event("\"status\":\"de\\\"gr\u00e9ded\\n\""), 0, event("\"status\":\"de\\\"gr\u00e9ded\\n\"").length))
            .as("escapes as the collector writes them").isTrue();
        assertThat(quoted.matches(event("\"x\":{\"status\":true},\"status\":true"), 0,
            event("\"x\":{\"status\":true},\"status\":true").length)).isTrue();
        assertThat(quoted.matches(event("\"status\":-2.50"), 0, event("\"status\":-2.50").length)).isTrue();
        assertThat(quoted.matches(event("\"status\":-25e-1"), 0, event("\"status\":-25e-1").length)).isTrue();
        assertThat(quoted.matches(event("\"status\":\"true\""), 0, event("\"status\":\"true\"").length)).as("a string is not a boolean").isFalse();
        assertThat(quoted.matches(event("\"x\":{\"status\":true}"), 0, event("\"x\":{\"status\":true}").length)).as("top level only").isFalse();
    }

    private static byte[] event(final String payloadMembers)
    {
        return ("{\"seq\":1,\"type\":\"t\",\"timestamp\":\"2026-12-03T00:00:00.000000Z\",\"source\":\"s\",\"payload\":{" + payloadMembers + "}}")
            .getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"rules\":[{\"name\":\"a\",\"type\":\"t\",\"wher\":{}}]}|t: rule #1 ('a'): unknown field 'wher' (a rule has name, type, where, count, window_s, cooldown_s, webhook, severity)",
        "{\"rules\":[{\"name\":\"a\",\"type\":\"t\"},{\"name\":\"b\",\"type\":\"t\",\"count\":0}]}|t: rule #2 ('b'): count must be a whole number from 1 to 10000, got 0",
        "{\"rules\":[{\"name\":\"a\",\"type\":\"t\",\"window_s\":\"60\"}]}|t: rule #1 ('a'): window_s must be a whole number from 1 to 604800, got 60",
        "{\"rules\":[{\"name\":\"a\",\"type\":\"t\",\"webhook\":\"ftp://x/y\"}]}|t: rule #1 ('a'): webhook must be an http or https URL, got ftp://x/y",
        "{\"rules\":[{\"name\":\"a\",\"type\":\"t\"},{\"name\":\"a\",\"type\":\"u\"}]}|t: rule #2 ('a'): the name is used by an earlier rule",
        "{\"rules\":[{\"name\":\"a\"}]}|t: rule #1 ('a'): type must be an event type's name or a list of them",
        "{\"rules\":[{\"name\":\"a\",\"type\":\"order event\"}]}|t: rule #1 ('a'): event type name may hold only [A-Za-z0-9_.:-]: order event",
        "{\"rules\":[{\"name\":\"a\",\"type\":[\"order_event\",\" signal_event\"]}]}|t: rule #1 ('a'): event type name may hold only [A-Za-z0-9_.:-]:  signal_event",
        "{\"rules\":[{\"type\":\"t\"}]}|t: rule #1: name must be 1 to 64 letters, digits, '.', '_' or '-'",
        "{\"rules\":[{\"name\":\"a\",\"type\":\"t\",\"severity\":\"loud\"}]}|t: rule #1 ('a'): severity must be one of info, warning, critical, got loud",
        "{\"rules\":[{\"name\":\"a\",\"type\":\"t\",\"where\":{\"m\":{\"x\":1}}}]}|t: rule #1 ('a'): where.m must be a value or a list of values (strings, numbers, booleans, null)",
        "{\"rules\":[\"a\"]}|t: rule #1 is not an object",
        "{\"rule\":[]}|t: must be an object with one member, \"rules\", a list of rules",
    })
    void shouldRefuseABadRuleNamingItAndTheProblem(final String json, final String error)
    {
        assertThatThrownBy(() -> AlertRules.parse(json, "t")).isInstanceOf(IllegalArgumentException.class).hasMessage(error);
    }

    @Test
    void shouldRefuseWhatIsNotJsonSayingWhere() throws Exception
    {
        final Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"rules\":[\n{\"name\":\"a\",}\n]}");
        assertThatThrownBy(() -> AlertRules.read(file)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("alert rules " + file + ": not JSON: ").hasMessageContaining("line 2");
        assertThatThrownBy(() -> AlertRules.parse("{\"rules\":[],\"rules\":[]}", "t")).hasMessageContaining("not JSON").hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> AlertRules.read(dir.resolve("missing.json"))).hasMessageContaining("cannot be read");
    }
}
