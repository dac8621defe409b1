package io.tickertape.demo;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.journal.JournalContext;
import io.tickertape.bus.journal.JournalWriter;

/**
 * The process {@link JournalKillIT} kills: a bus journaling to the directory given, and one producer publishing
 * as fast as it can until the process is killed. It prints {@code start <epoch> <sequence it continues after>} once
 * launched, then {@code seq <last journaled sequence> holes <holes> head <history's head>;} every
 * {@value #REPORT_MILLIS} ms (the sequence read first: every hole below it is counted in the holes printed after
 * it; the head read last: readers of the history may have been shown every sequence up to it).
 */
final class JournalWriterProcess
{
    static final int REPORT_MILLIS = 2;

    private JournalWriterProcess()
    {
    }

    /**
     * @param args the journal's directory, and its segment size in bytes.
     */
    public static void main(final String[] args)
    {
        final TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(65_536)
            .journal(new JournalContext().directory(Path.of(args[0])).segmentBytes(Integer.parseInt(args[1])).retentionBytes(1L << 40)));
        final JournalWriter journal = bus.journal();
        System.out.println("start " + bus.epoch() + " " + journal.continuesAfter());
        final Thread reporter = new Thread(() ->
        {
            while (true)
            {
                final long seq = journal.lastSeq();
                final long holes = journal.holes();
                System.out.println("seq " + seq + " holes " + holes + " head " + bus.history().head() + ";");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(REPORT_MILLIS));
            }
        }, "reporter");
        reporter.setDaemon(true);
        reporter.start();
        final Producer producer = bus.producer("load", 16_384);
        for (long n = 0; ; n++)
        {
            try (EventWriter event = producer.claim(EventType.ORDER))
            {
                event.put("n", n).put("symbol", "NIFTY").put("qty", 50);
            }
        }
    }
}
