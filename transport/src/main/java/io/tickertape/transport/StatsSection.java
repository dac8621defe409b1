package io.tickertape.transport;

/**
 * Figures of a part of the process beside the bus and the server (a Kafka exporter, a hub), shown in
 * {@code GET /api/telemetry/stats} as a member named {@link #name()} and in {@code GET /metrics} as series named
 * {@code tickertape_<name>_<key>}. Add one with {@link ServerContext#statsSection(StatsSection)}.
 * <p>
 * {@link #figures(SectionFigures)} is called on an event loop for each request: it must be quick and must not
 * block (read counters, do not ask a remote system).
 */
public interface StatsSection
{
    /**
     * The section's name: the member of the stats and the metrics' prefix.
     *
     * @return 1 to 32 characters from {@code [a-z0-9_]}, starting with a letter.
     */
    String name();

    /**
     * Write the section's figures as they are now.
     *
     * @param out where to write them.
     */
    void figures(SectionFigures out);
}
