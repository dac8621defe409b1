package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/EVENTS.md cannot drift from what the engines publish: each example has exactly the member
 * names (and nesting) of some event of its type that a run of the engines publishes, and every type the engines
 * publish has an example. The examples themselves are written by {@link EventExamples}.
 */
class EventDocsIT
{
    private static final List<String> ENGINE_TYPES = List.of("universe_scan", "engine_health", "mde_lookup_failure",
        "mde_stale_symbols", "indicator_event", "decision_trace", "signal_event", "order_event", "position_event",
        "performance_update", "dropped");

    @Test
    void everyExampleHasTheShapeOfARealEventOfItsType() throws Exception
    {
        final Map<String, List<Map<String, Object>>> examples = new LinkedHashMap<>();
        EventDocs.examples(EventDocs.read(EventDocs.EVENTS)).forEach((type, lines) ->
            examples.put(type, new ArrayList<>(lines.stream().map(Json::object).toList())));
        assertThat(examples.keySet()).as("a section with examples for every type").containsExactlyInAnyOrderElementsOf(ENGINE_TYPES);
        // The events inside the HTTP API's example replies count as examples of their types too.
        final Map<String, String> replies = EventDocs.replies(EventDocs.read(EventDocs.HTTP_API));
        assertThat(replies).as("example replies in HTTP_API.md").isNotEmpty();
        for (final String reply : replies.values())
        {
            for (final Map<String, Object> event : events(reply))
            {
                assertThat(examples).containsKey((String)event.get("type"));
                examples.get((String)event.get("type")).add(event);
            }
        }

        // A faster run than the demo's default: shapes do not depend on the rate.
        try (EngineRun demo = EngineRun.demo("--rate", "20000").shapesOnly();
             EngineRun small = EngineRun.withCapital(300_000).shapesOnly();
             EngineRun drops = EngineRun.drops().shapesOnly())
        {
            for (final Map.Entry<String, List<Map<String, Object>>> section : examples.entrySet())
            {
                for (final Map<String, Object> parsed : section.getValue())
                {
                    assertThat(parsed.get("type")).as("the type of an example in section %s", section.getKey()).isEqualTo(section.getKey());
                    final String key = section.getKey() + " " + EngineRun.shape(parsed);
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .alias("an event with the members of " + parsed)
                        .until(() -> published(key, demo, small, drops));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(final String reply)
    {
        final Object events = Json.object(reply).get("events");
        assertThat(events).as("the events of %s", reply).isInstanceOf(List.class);
        return (List<Map<String, Object>>)events;
    }

    @Test
    void everyExampleReplyHasTheMembersOfARealReply() throws Exception
    {
        try (EngineRun demo = EngineRun.demo("--history", "1000").shapesOnly())
        {
            final String base = demo.serve();
            await().atMost(Duration.ofSeconds(60)).until(() -> demo.oldestHeld() >= 1000 && !demo.shapes().isEmpty());
            for (final Map.Entry<String, String> example : EventDocs.replies(EventDocs.read(EventDocs.HTTP_API)).entrySet())
            {
                final String request = example.getKey().replace("{lapped_id}", demo.epoch() + "-1");
                final HttpResponse<String> real = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + request)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(real.statusCode()).isEqualTo(200);
                assertThat(Json.object(example.getValue()).keySet()).as("the reply to %s", request)
                    .containsExactlyElementsOf(Json.object(real.body()).keySet());
            }
        }
    }

    private static boolean published(final String key, final EngineRun... runs)
    {
        for (final EngineRun run : runs)
        {
            if (run.shapes().containsKey(key))
            {
                return true;
            }
        }
        return false;
    }

    @Test
    void theShapeOfAnEventIsItsMemberPaths()
    {
        final Set<String> shape = EngineRun.shape(Json.object(
            "{\"a\":1,\"b\":{\"c\":[{\"d\":1},{\"e\":2}],\"f\":[1,2]},\"g\":null}"));
        assertThat(new ArrayList<>(shape)).containsExactly("a", "b", "b.c", "b.c[]", "b.c[].d", "b.c[].e", "b.f", "b.f[]", "g");
    }
}
