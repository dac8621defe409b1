package io.tickertape.bus;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a bus, taken without stopping the producers or the collector. Each figure is read atomically;
 * figures moving while the snapshot is taken may be a few events apart from one another.
 *
 * @param headSeq          sequence of the newest event in the history (0 when none).
 * @param tailSeq          sequence of the oldest event held.
 * @param historySize      events held now.
 * @param historyCapacity  most events held.
 * @param eventCounts      events held now, by type name (types with none held are left out).
 * @param eventTypes       every type collected since the bus started, in order of first type id.
 * @param published        events committed by all producers.
 * @param dropped          events dropped by all producers.
 * @param truncated        events cut to fit by all producers.
 * @param collected        events the collector appended to the history.
 * @param oversized        events whose JSON was too long for the history, kept with an empty payload and marked
 *                         truncated.
 * @param producers        each producer's figures, in order of creation.
 * @param collectorBatches collector duty cycles that found work.
 * @param collectorErrors  errors counted by the collector (bad events, failing listeners).
 * @param uptimeMillis     milliseconds since the bus started.
 * @param running          whether the collector is running.
 * @param epoch            the token naming this run of the bus in event ids.
 * @param dropAnnouncements {@code dropped} events the collector appended to announce producers' drops.
 * @param collectorInterrupts times the collector thread found its interrupt flag set, cleared it and went on.
 */
public record BusStats(
    long headSeq,
    long tailSeq,
    int historySize,
    int historyCapacity,
    Map<String, Long> eventCounts,
    List<String> eventTypes,
    long published,
    long dropped,
    long truncated,
    long collected,
    long oversized,
    List<ProducerStats> producers,
    long collectorBatches,
    long collectorErrors,
    long uptimeMillis,
    boolean running,
    String epoch,
    long dropAnnouncements,
    long collectorInterrupts)
{
}
