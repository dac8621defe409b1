package io.tickertape.bus.alert;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One alert rule: {@code count} events of one of {@code types} whose payload matches {@code where}, within
 * {@code windowSeconds}, fire it; after a firing it stays quiet for {@code cooldownSeconds}. A firing is published
 * on the bus as an {@code alert} event and, when the rule has a webhook, POSTed to it.
 *
 * @param name            the rule's name, unique in its file.
 * @param types           the event types it looks at.
 * @param where           payload members that must match: member name to the values any of which it may equal.
 * @param count           matching events that fire it, 1 or more.
 * @param windowSeconds   the time those events must fall within.
 * @param cooldownSeconds quiet time after a firing.
 * @param webhook         where a firing is POSTed, or null for none.
 * @param severity        {@code info}, {@code warning} or {@code critical}, passed on with each firing.
 */
public record AlertRule(
    String name, List<String> types, Map<String, List<Object>> where, int count, long windowSeconds, long cooldownSeconds,
    URI webhook, String severity)
{
}
