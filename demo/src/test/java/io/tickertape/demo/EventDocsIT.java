package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
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
        final Map<String, List<String>> examples = EventDocs.examples(EventDocs.read());
        assertThat(examples.keySet()).as("a section with examples for every type").containsExactlyInAnyOrderElementsOf(ENGINE_TYPES);

        // A faster run than the demo's default: shapes do not depend on the rate.
        try (EngineRun demo = EngineRun.demo("--rate", "20000").shapesOnly();
             EngineRun small = EngineRun.withCapital(300_000).shapesOnly();
             EngineRun drops = EngineRun.drops().shapesOnly())
        {
            for (final Map.Entry<String, List<String>> section : examples.entrySet())
            {
                for (final String example : section.getValue())
                {
                    final Map<String, Object> parsed = Json.object(example);
                    assertThat(parsed.get("type")).as("the type of an example in section %s", section.getKey()).isEqualTo(section.getKey());
                    final String key = section.getKey() + " " + EngineRun.shape(parsed);
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .alias("an event with the members of " + example)
                        .until(() -> published(key, demo, small, drops));
                }
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
