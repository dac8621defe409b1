package io.tickertape.demo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;

import io.tickertape.bus.journal.JournalRecord;

/**
 * Writes journaled events as JSON lines: each record's JSON, the bytes the collector made, copied from the mapped
 * segment into a buffered stream and followed by a newline. Nothing is parsed or decoded.
 */
final class JsonLines
{
    private static final int BUFFER_BYTES = 1 << 16;

    private final PrintStream target;
    private final BufferedOutputStream out;
    private byte[] scratch = new byte[4096];
    private long written;
    private boolean failed;
    private int unchecked;

    JsonLines(final PrintStream target)
    {
        this.target = target;
        this.out = new BufferedOutputStream(target, BUFFER_BYTES);
    }

    /** Write one record's JSON and a newline. */
    void write(final JournalRecord record)
    {
        final int length = record.jsonLength();
        if (length > scratch.length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        record.buffer().getBytes(record.jsonOffset(), scratch, 0, length);
        try
        {
            out.write(scratch, 0, length);
            out.write('\n');
            written++;
        }
        catch (final IOException ex)
        {
            failed = true;
        }
        unchecked += length + 1;
        if (unchecked >= BUFFER_BYTES)
        {
            // The buffer went out to the target at least once since the last look: did it fail?
            unchecked = 0;
            failed |= target.checkError();
        }
    }

    /**
     * Push what is buffered out.
     *
     * @return false when the output cannot be written (closed, as by {@code | head}, or full).
     */
    boolean flush()
    {
        try
        {
            out.flush();
        }
        catch (final IOException ex)
        {
            failed = true;
        }
        failed |= target.checkError();
        return !failed;
    }

    /**
     * Whether what was written so far went out, as far as is known: a {@link PrintStream} keeps its failures to
     * itself, so it is asked each time a buffer's worth has gone to it, and at {@link #flush()}.
     *
     * @return false once the output failed.
     */
    boolean ok()
    {
        return !failed;
    }

    /** @return lines written. */
    long written()
    {
        return written;
    }
}
