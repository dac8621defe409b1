package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Producer;
import io.tickertape.bus.TelemetryBus;
import io.tickertape.bus.journal.JournalContext;
import io.tickertape.bus.journal.JournalReader;

/**
 * A journal written by a real bus with small segments, for the tools' tests: events of three types, one a
 * millisecond from {@link #T0} on (the bus's clock is the test's), published in small steps, each awaited until
 * journaled and the next segment made, so the journal has no holes.
 */
final class JournalFixture implements AutoCloseable
{
    /** The first event's time, less a millisecond: an hour ago, on a whole second. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
    static final long T0_NANOS = T0.getEpochSecond() * 1_000_000_000L;
    static final long MILLI = 1_000_000L;
    /** Types by sequence: sequence {@code s} is of type {@code TYPES[s % 3]}. */
    static final EventType[] TYPES = {EventType.ORDER, EventType.SIGNAL, EventType.POSITION};
    private static final int STEP = 50;

    private final Path directory;
    private final AtomicLong clock = new AtomicLong(T0_NANOS);
    private final TelemetryBus bus;
    private final Producer producer;
    private long lastSeq;

    private JournalFixture(final Path directory)
    {
        this.directory = directory;
        this.bus = TelemetryBus.launch(new BusContext().historyCapacity(1000).clock(clock::get)
            .journal(new JournalContext().directory(directory).segmentBytes(JournalContext.SEGMENT_BYTES_MIN).indexIntervalBytes(1024)));
        this.producer = bus.producer("execution", 1024);
        this.lastSeq = bus.journal().lastSeq();
    }

    static JournalFixture launch(final Path directory)
    {
        return new JournalFixture(directory);
    }

    /** Make a closed journal of {@code count} events in {@code directory}. */
    static void write(final Path directory, final int count)
    {
        try (JournalFixture journal = launch(directory))
        {
            journal.publish(count);
        }
    }

    /** Publish {@code count} events and wait until they are journaled. */
    void publish(final int count)
    {
        for (int i = 0; i < count; i += STEP)
        {
            final int step = Math.min(STEP, count - i);
            for (int j = 0; j < step; j++)
            {
                final long seq = ++lastSeq;
                clock.set(T0_NANOS + seq * MILLI);
                try (EventWriter event = producer.claim(TYPES[(int)(seq % 3)]))
                {
                    event.put("n", seq).put("symbol", "NIFTY").put("note", "event number " + seq);
                }
            }
            await().atMost(Duration.ofSeconds(10)).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> bus.journal().lastSeq() >= lastSeq && nextSegmentMade());
        }
        assertThat(bus.journal().lastSeq()).isEqualTo(lastSeq);
        assertThat(bus.journal().holes()).as("holes").isZero();
    }

    /**
     * Whether the journal's thread has the next segment ready: a {@code prepared-} segment with its header written and
     * no first sequence (the one being written may keep its {@code prepared-} name a moment after it was started).
     */
    private boolean nextSegmentMade() throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path file : files.filter(f -> f.getFileName().toString().matches("prepared-.*\\.log")).toList())
            {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
                {
                    final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
                    channel.read(header, 0);
                    // the segment header: magic at 0, first sequence at 16 (docs/JOURNAL.md)
                    if (header.position() == 24 && header.getLong(0) != 0 && header.getLong(16) == 0)
                    {
                        return true;
                    }
                }
                catch (final NoSuchFileException ex)
                {
                    // renamed or deleted meanwhile
                }
            }
        }
        return false;
    }

    long lastSeq()
    {
        return lastSeq;
    }

    String epoch()
    {
        return bus.epoch();
    }

    @Override
    public void close()
    {
        bus.close();
    }

    /** Every record's JSON, oldest first, as a reader gives it. */
    static List<String> jsonOf(final Path directory)
    {
        final List<String> json = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(directory))
        {
            reader.read(0, Integer.MAX_VALUE, r -> json.add(r.json()));
        }
        return json;
    }

    static int segmentCount(final Path directory)
    {
        try (JournalReader reader = JournalReader.open(directory))
        {
            return reader.segmentCount();
        }
    }

    /** Where record {@code seq} starts in a segment file (layout in docs/JOURNAL.md: little-endian length, then at 8 the sequence). */
    static long positionOf(final Path log, final long seq) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r"))
        {
            long at = 64; // the segment's header
            while (true)
            {
                file.seek(at);
                final int length = Integer.reverseBytes(file.readInt());
                file.seek(at + 8);
                if (Long.reverseBytes(file.readLong()) == seq)
                {
                    return at;
                }
                if (length <= 0)
                {
                    throw new IllegalStateException("no record " + seq + " in " + log);
                }
                at += (length + 7) & ~7;
            }
        }
    }

    static void flipByte(final Path file, final long position) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(position);
            final int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x5A);
        }
    }
}
