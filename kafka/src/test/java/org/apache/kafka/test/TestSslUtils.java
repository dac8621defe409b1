package org.apache.kafka.test;

import java.io.File;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.network.ConnectionMode;

/**
 * The shape of Kafka's SSL test helper that {@code KafkaClusterTestKit} links to (published only in a test artifact
 * that 4.4.0 lacks). The tests here run plaintext brokers: the configuration built names
 * an empty key store file, and is never used.
 */
public final class TestSslUtils
{
    private TestSslUtils()
    {
    }

    /** Builds an empty configuration: the tests' brokers are plaintext. */
    public static final class SslConfigsBuilder
    {
        public SslConfigsBuilder(final ConnectionMode mode)
        {
        }

        public SslConfigsBuilder createNewTrustStore(final File trustStore)
        {
            return this;
        }

        public SslConfigsBuilder useExistingTrustStore(final File trustStore)
        {
            return this;
        }

        public Map<String, Object> build()
        {
            final Map<String, Object> config = new HashMap<>();
            config.put("ssl.keystore.location", TestUtils.tempFile("keystore", ".jks").getPath()); // named, never read
            return config;
        }
    }
}
