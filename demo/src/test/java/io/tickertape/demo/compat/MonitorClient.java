package io.tickertape.demo.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.tickertape.testkit.Json;

/**
 * What a monitor of the old layer does over HTTP: read the events query and the stats as JSON.
 */
public final class MonitorClient
{
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public MonitorClient(final String base)
    {
        this.base = base;
    }

    public Map<String, Object> get(final String pathAndQuery) throws Exception
    {
        final HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create(base + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", pathAndQuery, response.body()).isEqualTo(200);
        return Json.object(response.body());
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> events(final String query) throws Exception
    {
        return (List<Map<String, Object>>)get("/api/telemetry/events" + query).get("events");
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> payloads(final String query) throws Exception
    {
        return events(query).stream().map(e -> (Map<String, Object>)e.get("payload")).toList();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(final Map<String, Object> parent, final String name)
    {
        final Object value = parent.get(name);
        assertThat(value).as("member %s of %s", name, parent).isInstanceOf(Map.class);
        return (Map<String, Object>)value;
    }
}
