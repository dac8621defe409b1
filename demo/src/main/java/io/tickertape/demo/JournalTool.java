package io.tickertape.demo;

import java.io.PrintStream;
import java.util.function.Supplier;

import io.tickertape.bus.journal.JournalException;
import io.tickertape.bus.journal.JournalHandler;
import io.tickertape.bus.journal.JournalReader;
import io.tickertape.bus.journal.JournalRecord;
import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * The journal's tools, run from the demo's jar on a journal's directory, from any process (the one writing it may
 * be running): {@code verify} checks every record, {@code dump} prints events as JSON lines, {@code tail} follows
 * a journal being written. They read with a {@link JournalReader}, read-only.
 * <p>
 * Exit status: {@value #EXIT_OK} when done; {@value #EXIT_BAD_JOURNAL} for a directory without a journal, a journal
 * that cannot be read, a damaged record or an output that cannot be written, each told in one line;
 * {@value #EXIT_BAD_FLAGS} for a bad flag or a missing directory.
 */
final class JournalTool
{
    static final int EXIT_OK = Main.EXIT_OK;
    static final int EXIT_BAD_JOURNAL = 1;
    static final int EXIT_BAD_FLAGS = Main.EXIT_BAD_FLAGS;

    static final String USAGE = """
        Usage: java -jar demo/target/tickertape.jar verify DIR
               java -jar demo/target/tickertape.jar dump DIR [--from T] [--to T] [--type TYPE[,TYPE...]]
               java -jar demo/target/tickertape.jar tail DIR [--type TYPE[,TYPE...]]

        Tools for the journal in DIR (written by a run with --journal DIR); safe while it is being written.

          verify        check every record (length, checksum, order): print ok and what the journal holds, or
                        the first damaged record (exit status 1)
          dump          print the events as JSON lines, oldest first: the bytes the collector made
          tail          print each new event as a JSON line as it is journaled, until Ctrl-C

          --from T      only events at or after T: an ISO-8601 instant (2026-03-02T09:15:00Z) or epoch milliseconds
          --to T        only events before T
          --type TYPES  only events of these types, comma-separated (e.g. order_event,dropped)
        """;

    /**
     * Records asked of the reader at a time: between two batches the output's health is checked (and tail stops
     * when told to).
     */
    private static final int BATCH = 4096;
    /**
     * How far past {@code --to} a dump reads on: an event is stamped when it is claimed and journaled when it is
     * collected, so events of different producers are slightly out of time order in the journal.
     */
    static final long TO_GRACE_NANOS = 1_000_000_000L;

    private JournalTool()
    {
    }

    /**
     * Whether a program argument names a tool.
     *
     * @param arg the program's first argument.
     * @return true for verify, dump and tail.
     */
    static boolean isTool(final String arg)
    {
        return JournalToolOptions.TOOLS.contains(arg);
    }

    /**
     * Run a tool.
     *
     * @param args     the command line, the tool's name first.
     * @param out      the tool's output.
     * @param err      where a failure is told, in one line {@code tickertape: <why>}.
     * @param barriers makes the barrier whose signal (SIGINT, SIGTERM) stops {@code tail}.
     * @return the exit status.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err, final Supplier<ShutdownSignalBarrier> barriers)
    {
        final JournalToolOptions options;
        try
        {
            options = JournalToolOptions.parse(args);
        }
        catch (final DemoConfig.HelpRequested help)
        {
            out.print(USAGE);
            out.flush();
            return EXIT_OK;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("tickertape: " + args[0] + ": " + ex.getMessage());
            return EXIT_BAD_FLAGS;
        }
        try (JournalReader reader = JournalReader.open(options.directory()))
        {
            return switch (options.tool())
            {
                case "verify" -> verify(reader, out);
                case "dump" -> dump(reader, options, out, err);
                default -> new JournalTail(reader, options, out, err).run(barriers);
            };
        }
        catch (final JournalException ex)
        {
            err.println("tickertape: " + options.tool() + ": " + Main.oneLine(ex));
            return EXIT_BAD_JOURNAL;
        }
    }

    /**
     * Check every record; print {@code ok: ...} with what the journal holds, or {@code FAILED: } and the first
     * damaged record.
     */
    static int verify(final JournalReader reader, final PrintStream out)
    {
        final String damage = reader.verify();
        if (null != damage)
        {
            out.println("FAILED: " + damage);
            out.flush();
            return EXIT_BAD_JOURNAL;
        }
        final Span span = new Span(reader.lastSeq());
        readAll(reader, 0, span::add);
        if (null != reader.lastCorruption())
        {
            out.println("FAILED: " + reader.lastCorruption());
            out.flush();
            return EXIT_BAD_JOURNAL;
        }
        final StringBuilder line = new StringBuilder("ok: ");
        if (span.count == 0)
        {
            line.append("no records");
        }
        else
        {
            line.append(span.count).append(span.count == 1 ? " record" : " records").append(", sequences ").append(span.first)
                .append(" to ").append(span.last);
            final long missing = span.last - span.first + 1 - span.count;
            if (missing > 0)
            {
                line.append(" (").append(missing).append(" missing: holes)");
            }
        }
        final int segments = reader.segmentCount();
        line.append(", ").append(segments).append(segments == 1 ? " segment" : " segments").append(", epoch ").append(reader.epoch());
        out.println(line);
        out.flush();
        return EXIT_OK;
    }

    /**
     * Print the records wanted as JSON lines, oldest first, up to the newest there when the dump started (a journal
     * being written is not chased: {@code tail} follows it).
     */
    static int dump(final JournalReader reader, final JournalToolOptions options, final PrintStream out, final PrintStream err)
    {
        final JsonLines lines = new JsonLines(out);
        final long from = options.fromNanos();
        final long to = options.toNanos();
        final long readUntil = to > Long.MAX_VALUE - TO_GRACE_NANOS ? Long.MAX_VALUE : to + TO_GRACE_NANOS;
        final long lastSeq = reader.lastSeq();
        final long fromSeq = Long.MIN_VALUE == from ? 0 : reader.seqAtOrAfter(from);
        readAll(reader, fromSeq, record ->
        {
            final long timestamp = record.timestampNanos();
            if (timestamp >= from && timestamp < to && options.wants(record.type()))
            {
                lines.write(record);
            }
            return record.seq() < lastSeq && timestamp < readUntil && lines.ok();
        });
        if (!lines.flush())
        {
            err.println("tickertape: dump: cannot write the output (closed, or the device is full); stopped after " +
                lines.written() + " events");
            return EXIT_BAD_JOURNAL;
        }
        if (null != reader.lastCorruption())
        {
            err.println("tickertape: dump: stopped at a " + reader.lastCorruption() + "; run verify");
            return EXIT_BAD_JOURNAL;
        }
        return EXIT_OK;
    }

    /**
     * Read from {@code fromSeq} until the handler says stop, the reader has no more, or it meets a damaged record
     * ({@link JournalReader#lastCorruption()}), in batches.
     */
    private static void readAll(final JournalReader reader, final long fromSeq, final JournalHandler handler)
    {
        final Cursor cursor = new Cursor(fromSeq, handler);
        while (!cursor.stopped && reader.read(cursor.next, BATCH, cursor) > 0 && null == reader.lastCorruption())
        {
            // the next batch starts after the last record delivered: cursor.next
        }
    }

    /** Passes records on, and keeps where the next batch starts. */
    static final class Cursor implements JournalHandler
    {
        private final JournalHandler handler;
        long next;
        boolean stopped;

        Cursor(final long next, final JournalHandler handler)
        {
            this.next = next;
            this.handler = handler;
        }

        @Override
        public boolean onRecord(final JournalRecord record)
        {
            next = record.seq() + 1;
            stopped = !handler.onRecord(record);
            return !stopped;
        }
    }

    /** The sequences a read went over, up to a last one. */
    private static final class Span
    {
        private final long until;
        private long first;
        private long last;
        private long count;

        Span(final long until)
        {
            this.until = until;
        }

        boolean add(final JournalRecord record)
        {
            if (count++ == 0)
            {
                first = record.seq();
            }
            last = record.seq();
            return last < until;
        }
    }
}
