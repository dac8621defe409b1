package org.apache.kafka.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The part of Kafka's test helper that {@code KafkaClusterTestKit} calls (Kafka publishes the helper only in a test
 * artifact that 4.4.0 lacks): temporary files, deleted when the JVM exits.
 */
public final class TestUtils
{
    private TestUtils()
    {
    }

    public static File tempFile()
    {
        return tempFile("kafka", ".tmp");
    }

    public static File tempFile(final String prefix, final String suffix)
    {
        try
        {
            final File file = Files.createTempFile(prefix, suffix).toFile();
            file.deleteOnExit();
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
