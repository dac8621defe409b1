package io.tickertape.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest
{
    @Test
    void shouldReadObjectsInOrderWithLongsAndDoubles()
    {
        final Map<String, Object> event = Json.object(
            "{\"seq\":42,\"type\":\"order_event\",\"payload\":{\"qty\":50,\"price\":19755.0,\"ok\":true,\"note\":null,\"tags\":[1,\"a\"]}}");
        assertThat(event.keySet()).containsExactly("seq", "type", "payload");
        assertThat(event).containsEntry("seq", 42L).containsEntry("type", "order_event");
        @SuppressWarnings("unchecked")
        final Map<String, Object> payload = (Map<String, Object>)event.get("payload");
        assertThat(payload).containsEntry("qty", 50L).containsEntry("price", 19755.0).containsEntry("ok", true)
            .containsEntry("note", null).containsEntry("tags", List.of(1L, "a"));
    }

    @Test
    void shouldReadArraysAndScalars()
    {
        assertThat(Json.array("[1,2.5,\"x\",false,null]")).containsExactly(1L, 2.5, "x", false, null);
        assertThat(Json.parse("7")).isEqualTo(7L);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"a\":2}",
        "{\"p\":{\"x\":1,\"x\":1}}",
        "{\"a\":1} {\"b\":2}",
        "{\"a\":1}x",
        "{\"a\":NaN}",
        "{\"a\":01}",
        "{a:1}",
        "{'a':1}",
        "{\"a\":1,}",
        "[1,2",
        "",
    })
    void shouldRejectWhatIsNotOneValidJsonValue(final String text)
    {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectAnArrayWhereAnObjectIsExpected()
    {
        assertThatThrownBy(() -> Json.object("[1]")).isInstanceOf(IllegalArgumentException.class);
    }
}
