package io.tickertape.transport;

import java.util.function.ToDoubleFunction;

import io.tickertape.transport.TransportCounter.Kind;

/**
 * Every scalar figure of the journal, with its key in the stats' {@code journal} object and its Prometheus metric:
 * declared once, rendered by both {@link StatsJson} and {@link PrometheusMetrics} (present only when the bus has a
 * journal).
 */
enum JournalFigure
{
    SEGMENTS("segments", "tickertape_journal_segments", Kind.GAUGE, "Segment files of the journal.", JournalStats::segments),
    BYTES("bytes", "tickertape_journal_bytes", Kind.GAUGE, "Bytes of the journal's segment files and indexes.", JournalStats::bytes),
    OLDEST_SEQ("oldest_seq", "tickertape_journal_oldest_seq", Kind.GAUGE, "Sequence of the oldest event journaled (0 when none).",
        JournalStats::oldestSeq),
    APPENDED("appended", "tickertape_journal_appended_total", Kind.COUNTER, "Events appended to the journal.", JournalStats::appended),
    HOLES("holes", "tickertape_journal_holes_total", Kind.COUNTER,
        "Events that could not be journaled (no segment ready, or larger than a segment).", JournalStats::holes),
    WRITE_ERRORS("write_errors", "tickertape_journal_write_errors_total", Kind.COUNTER,
        "Failures to make, force, name or delete the journal's files.", JournalStats::writeErrors),
    SEGMENTS_DELETED("segments_deleted", "tickertape_journal_segments_deleted_total", Kind.COUNTER,
        "Segments deleted by retention.", JournalStats::segmentsDeleted);

    private final String key;
    private final String metric;
    private final Kind kind;
    private final String help;
    private final ToDoubleFunction<JournalStats> value;

    JournalFigure(
        final String key, final String metric, final Kind kind, final String help, final ToDoubleFunction<JournalStats> value)
    {
        this.key = key;
        this.metric = metric;
        this.kind = kind;
        this.help = help;
        this.value = value;
    }

    String key()
    {
        return key;
    }

    String metric()
    {
        return metric;
    }

    Kind kind()
    {
        return kind;
    }

    String help()
    {
        return help;
    }

    double value(final JournalStats stats)
    {
        return value.applyAsDouble(stats);
    }
}
