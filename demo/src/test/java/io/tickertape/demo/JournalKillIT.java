package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tickertape.bus.journal.JournalContext;
import io.tickertape.bus.journal.JournalException;
import io.tickertape.bus.journal.JournalReader;
import io.tickertape.bus.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process writing a journal, again and again on the same journal: the journal holds every
 * event the process said it had journaled (the page cache survives the process), never a damaged record (a record
 * cut short has no length word yet), sequences in order, and each new process continues the epoch, and the
 * sequence after every sequence the process before may have shown a reader (its history runs ahead of its
 * journal), never from one of those again.
 */
class JournalKillIT
{
    private static final int RUNS = 16;
    private static final int SEGMENT_BYTES = 8 << 20;
    private static final Pattern START = Pattern.compile("start ([0-9a-z]+) ([0-9]+)");
    private static final Pattern REPORT = Pattern.compile("seq ([0-9]+) holes ([0-9]+) head ([0-9]+);");
    /**
     * The most a restart skips past the last head reported: the journal keeps its mark of sequences given out at most
     * 6 Mi ahead of the head, and the head moves on for at most a report interval after the last report.
     */
    private static final long MOST_SKIPPED = 7L << 20;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryJournaledEventAndContinueTheSequenceAfterEachKill() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final long began = System.nanoTime();
        final List<Long> runStarts = new ArrayList<>();
        int unnamed = 0;
        String epoch = null;
        long checkedTo = 0; // sequences 1 to this were read and found in order
        long accountedTo = 0; // checkedTo, or the newest segment's first sequence - 1 if greater (trailing holes)
        long reported = 0; // the last sequence the last process said it had journaled
        long shown = 0; // the last history head the last process reported: readers may have seen up to it
        long skipped = 0; // sequences given out by a process (or reserved) and not journaled, skipped by the next
        long holes = 0;
        long fewest = Long.MAX_VALUE;
        long most = 0;
        for (int run = 1; run <= RUNS; run++)
        {
            final String context = "run " + run + " (seed " + seed + ")";
            final Child child = Child.start(journal, dir.resolve("run-" + run + ".err"));
            await(context + ": the process journals").atMost(Duration.ofSeconds(30))
                .until(() -> child.reportedSeq > child.startSeq || !child.process.isAlive());
            assertThat(child.process.isAlive()).as(context + ": alive; stderr: " + child.err()).isTrue();
            if (null == epoch)
            {
                epoch = child.epoch;
            }
            assertThat(child.epoch).as(context + ": the epoch goes on").isEqualTo(epoch);
            // It goes on after every sequence the last run gave out: after its last whole record, after events it
            // could not journal just before it was killed (holes: the newest segment starts after them), and
            // after those its history had shown readers and its journal had not yet taken.
            assertThat(child.startSeq).as(context + ": the sequence goes on after the last run's last shown, " + shown)
                .isGreaterThanOrEqualTo(Math.max(accountedTo, shown)).isLessThan(Math.max(accountedTo, shown) + MOST_SKIPPED);
            if (run > 1)
            {
                // The killed run's mark was ahead of its head, and so of its journal: some sequences are skipped.
                assertThat(child.startSeq).as(context + ": after the sequences the killed run had reserved").isGreaterThan(accountedTo);
            }
            skipped += child.startSeq - accountedTo;
            runStarts.add(child.startSeq + 1);
            if (run == 1)
            {
                // One writer per journal: a second process is refused while this one writes, and the next run, after
                // the kill, finds the lock released with the process.
                final List<Throwable> refused = new CopyOnWriteArrayList<>();
                assertThatThrownBy(() -> JournalWriter.open(new JournalContext().directory(journal).segmentBytes(SEGMENT_BYTES)
                    .retentionBytes(1L << 40), "second", refused::add)).as(context + ": a second writer")
                    .isInstanceOf(JournalException.class).hasMessageContaining("is in use");
                assertThat(child.process.isAlive()).as(context + ": the first writer goes on").isTrue();
            }

            Thread.sleep(100 + random.nextInt(701)); // the kill comes at a random moment, 100 to 800 ms in
            child.process.destroyForcibly(); // SIGKILL
            assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).as(context + ": killed").isTrue();
            child.output.join(10_000);
            assertThat(child.process.exitValue()).as(context + ": 128 + SIGKILL").isEqualTo(137);
            reported = child.reportedSeq;
            shown = child.reportedHead;

            try (JournalReader reader = JournalReader.open(journal))
            {
                assertThat(reader.verify()).as(context + ": no damaged record").isNull();
                assertThat(reader.epoch()).isEqualTo(epoch);
                final long last = reader.lastSeq();
                // Everything the process said it had journaled is there (the page cache outlives the process), a
                // segment it had started but not yet named included.
                assertThat(last).as(context + ": the last record a reader sees against the last the process reported").isGreaterThanOrEqualTo(reported);
                if (!startedUnnamedSegments(journal).isEmpty())
                {
                    unnamed++;
                }
                final Read read = checkInOrder(reader, child.startSeq, runStarts, context);
                assertThat(read.last).as(context + ": read to the last record").isEqualTo(last);
                // Holes (events not journaled when the next segment was not ready in time: on a fast machine,
                // with a producer publishing flat out, segments can fill faster than they are prepared) show as jumps.
                // Those up to the last sequence the process reported are counted in the holes it reported with it;
                // those after it came in the last report interval before the kill, and no report counted them.
                final long unreported = read.missingAfter(reported);
                assertThat(read.missing() - unreported)
                    .as(context + ": sequences missing up to the last reported; the process reported " + child.reportedHoles + " holes")
                    .isLessThanOrEqualTo(child.reportedHoles);
                // Events that were holes after the last record (no segment ready; the next one was started at the
                // event after them) are skipped by the next run too: they count as holes of this run.
                final long trailingHoles = Math.max(0, newestSegmentFirstSeq(journal) - 1 - last);
                holes += read.missing() + trailingHoles;
                checkedTo = last;
                accountedTo = last + trailingHoles;
                fewest = Math.min(fewest, reported - child.startSeq);
                most = Math.max(most, reported - child.startSeq);
            }
        }
        // Open the journal as a writer would (naming a started segment the last kill left unnamed) and read it all.
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        JournalWriter.open(new JournalContext().directory(journal).segmentBytes(SEGMENT_BYTES).retentionBytes(1L << 40), "unused", errors::add)
            .close();
        assertThat(errors).isEmpty();
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertThat(reader.verify()).isNull();
            assertThat(reader.firstSeq()).isEqualTo(1);
            assertThat(reader.lastSeq()).as("everything the last process said it had journaled").isGreaterThanOrEqualTo(reported);
            final Read read = checkInOrder(reader, 0, runStarts, "all runs");
            assertThat(read.last).isEqualTo(reader.lastSeq());
            assertThat(read.missing()).as("holes, but those after the last record, and the sequences skipped at restarts")
                .isEqualTo(holes - (accountedTo - checkedTo) + skipped);
            System.out.printf("JournalKillIT: %d kills, last sequence %d (%d to %d journaled a run), %d holes, %d skipped at restarts, " +
                "%d segments, %d kills left a started segment unnamed (its records read all the same), in %.1f s%n", RUNS,
                reader.lastSeq(), fewest, most, holes, skipped, reader.segmentCount(), unnamed, (System.nanoTime() - began) / 1e9);
        }
    }

    /**
     * Read from {@code after + 1}: sequences increase, and each run's first event (payload {@code n} 0: the process
     * counts its events from 0) is right after the last whole record the run started from, and nowhere else.
     *
     * @return the last sequence read and the sequences missing.
     */
    private static Read checkInOrder(final JournalReader reader, final long after, final List<Long> runStarts, final String context)
    {
        final Read read = new Read(after);
        final List<Long> firstEvents = new ArrayList<>();
        final List<String> nearStarts = new ArrayList<>(); // for the message: the records around each run's start
        reader.read(after + 1, Integer.MAX_VALUE, r ->
        {
            read.add(r.seq());
            if (r.json().contains("\"payload\":{\"n\":0,"))
            {
                firstEvents.add(r.seq());
            }
            for (final long start : runStarts)
            {
                if (r.seq() >= start - 2 && r.seq() <= start + 2)
                {
                    nearStarts.add(r.json());
                    break;
                }
            }
            return true;
        });
        assertThat(firstEvents).as(context + ": where the runs' first events are; the records around the starts: " + nearStarts)
            .containsExactlyElementsOf(runStarts.stream().filter(s -> s > after && s <= read.last).toList());
        return read;
    }

    /** The sequences a read went over: the last, and those it jumped over (as ranges: a restart skips millions). */
    private static final class Read
    {
        private final List<long[]> missing = new ArrayList<>();
        private long last;

        Read(final long after)
        {
            this.last = after;
        }

        void add(final long seq)
        {
            assertThat(seq).as("the sequence after " + last).isGreaterThan(last);
            if (seq > last + 1)
            {
                missing.add(new long[] {last + 1, seq - 1});
            }
            last = seq;
        }

        long missing()
        {
            return missingAfter(Long.MIN_VALUE);
        }

        long missingAfter(final long seq)
        {
            long count = 0;
            for (final long[] range : missing)
            {
                count += Math.max(0, range[1] - Math.max(range[0], seq + 1) + 1);
            }
            return count;
        }
    }

    /** The first sequences of the segments a writer started that still have their temporary names. */
    private static List<Long> startedUnnamedSegments(final Path journal) throws IOException
    {
        final List<Long> firstSeqs = new ArrayList<>();
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path file : files.filter(f -> f.getFileName().toString().matches("prepared-.*\\.log")).toList())
            {
                final long firstSeq = firstSeqInHeader(file);
                if (firstSeq > 0)
                {
                    firstSeqs.add(firstSeq);
                }
            }
        }
        return firstSeqs;
    }

    /** The first sequence in the header of the newest segment, named or started but still unnamed; 0 if none. */
    private static long newestSegmentFirstSeq(final Path journal) throws IOException
    {
        long newest = 0;
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path file : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList())
            {
                newest = Math.max(newest, firstSeqInHeader(file));
            }
        }
        return newest;
    }

    private static long firstSeqInHeader(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, 16); // the segment header's first sequence (docs/JOURNAL.md)
            return header.position() == 8 ? header.getLong(0) : 0;
        }
    }

    /** A {@link JournalWriterProcess}, and what it has said. */
    private static final class Child
    {
        final Process process;
        final Path errFile;
        final Thread output;
        volatile String epoch;
        volatile long startSeq = -1;
        volatile long reportedSeq = -1;
        volatile long reportedHoles;
        volatile long reportedHead;

        private Child(final Process process, final Path errFile)
        {
            this.process = process;
            this.errFile = errFile;
            this.output = new Thread(this::readOutput, "child-output");
            this.output.start();
        }

        static Child start(final Path journal, final Path errFile) throws IOException
        {
            final Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), JournalWriterProcess.class.getName(), journal.toString(),
                String.valueOf(SEGMENT_BYTES))
                .redirectError(errFile.toFile()).start();
            return new Child(process, errFile);
        }

        /** Every line it printed was printed before it was killed; a line cut by the kill matches nothing. */
        private void readOutput()
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)))
            {
                String line;
                while (null != (line = in.readLine()))
                {
                    final Matcher report = REPORT.matcher(line);
                    final Matcher start = START.matcher(line);
                    if (report.matches())
                    {
                        reportedHoles = Long.parseLong(report.group(2));
                        reportedHead = Long.parseLong(report.group(3));
                        reportedSeq = Long.parseLong(report.group(1));
                    }
                    else if (start.matches())
                    {
                        epoch = start.group(1);
                        startSeq = Long.parseLong(start.group(2));
                    }
                }
            }
            catch (final IOException ex)
            {
                // The pipe closed as the process was reaped: the lines read so far stand.
            }
        }

        String err() throws IOException
        {
            return Files.readString(errFile);
        }
    }
}
