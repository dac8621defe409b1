package io.tickertape.bus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.tickertape.bus.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A journal on a device that is full, or fills up while it is written: a real one, a 1 MiB tmpfs mounted for the
 * test (which needs root on Linux, as in CI; elsewhere the test is skipped). Opening on a full device is refused
 * with the path; filling up while writing makes counted holes and write errors, never a damaged record.
 */
@EnabledOnOs(OS.LINUX)
class JournalFullDeviceTest
{
    private static final int SEGMENT = JournalContext.SEGMENT_BYTES_MIN;
    private static final long T0 = System.currentTimeMillis() * 1_000_000L;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private Path device;
    private boolean mounted;

    @BeforeEach
    void mount() throws Exception
    {
        device = Files.createTempDirectory("tickertape-small-device");
        mounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", device.toString());
        assumeTrue(mounted, "a 1 MiB tmpfs can be mounted here (root on Linux)");
    }

    @AfterEach
    void unmount() throws Exception
    {
        if (mounted)
        {
            run("umount", device.toString());
        }
        Files.deleteIfExists(device);
    }

    private static boolean run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    /** Fill the device up, but for {@code leave} bytes (about: the file system rounds to pages). */
    private void fill(final String name, final long leave) throws IOException
    {
        final ByteBuffer block = ByteBuffer.allocate(4096);
        try (FileChannel channel = FileChannel.open(device.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            while (Files.getFileStore(device).getUsableSpace() > leave)
            {
                block.clear();
                channel.write(block);
            }
        }
        catch (final IOException ex)
        {
            // No space left: full.
        }
    }

    private JournalContext context()
    {
        return new JournalContext().directory(device.resolve("journal")).segmentBytes(SEGMENT).retentionBytes(100L * SEGMENT);
    }

    @Test
    void shouldRefuseToOpenOnAFullDeviceNamingThePath() throws IOException
    {
        fill("ballast", SEGMENT); // room for less than the two segments a journal needs ahead
        assertThatThrownBy(() -> JournalWriter.open(context(), "e1", errors::add))
            .isInstanceOf(JournalException.class).hasMessageContaining(device.resolve("journal").toString());
        assertThat(errors).anySatisfy(e -> assertThat(e).hasMessageContaining("no room for a segment"));
    }

    @Test
    void shouldCountHolesAndWriteErrorsWhenTheDeviceFillsUpWhileWritingAndNeverLeaveADamagedRecord() throws IOException
    {
        long seq = 0;
        try (JournalWriter writer = JournalWriter.open(context(), "e1", errors::add))
        {
            for (int i = 0; i < 100; i++)
            {
                append(writer, ++seq);
            }
            writer.flush();
            assertThat(writer.lastSeq()).isEqualTo(100);
            fill("ballast", 0); // the device fills up under the journal
            for (int i = 0; i < 20_000 && writer.holes() < 1_000; i++)
            {
                append(writer, ++seq);
                if (i % 50 == 0)
                {
                    writer.flush();
                }
            }
            writer.flush();
            assertThat(writer.holes()).as("events not journaled").isGreaterThanOrEqualTo(1_000);
            assertThat(writer.writeErrors()).isPositive();
            assertThat(errors).anySatisfy(e -> assertThat(e).hasMessageContaining(device.resolve("journal").toString()));
        }
        try (JournalReader reader = JournalReader.open(device.resolve("journal")))
        {
            assertThat(reader.verify()).as("no damaged record").isNull();
            final List<Long> seqs = new CopyOnWriteArrayList<>();
            reader.read(1, 100_000, r -> seqs.add(r.seq()));
            assertThat(seqs).isSorted().doesNotHaveDuplicates().startsWith(1L).hasSizeGreaterThanOrEqualTo(100);
            assertThat(reader.lastCorruption()).isNull();
        }
    }

    private static void append(final JournalWriter writer, final long seq)
    {
        final byte[] json = ("{\"seq\":" + seq + ",\"type\":\"order_event\",\"payload\":{\"pad\":\"" + "x".repeat(200) + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
        writer.append(seq, T0 + seq, EventType.ORDER.id(), json, 0, json.length);
    }
}
