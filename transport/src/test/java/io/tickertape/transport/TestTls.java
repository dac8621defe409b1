package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** A key store for a test server (made by the JDK's keytool) and a client trust that accepts exactly its certificate. */
final class TestTls
{
    static final char[] PASSWORD = "changeit".toCharArray();

    final Path keyStore;
    final X509TrustManager trustManager;
    final SSLContext clientContext;

    private TestTls(final Path keyStore, final X509TrustManager trustManager, final SSLContext clientContext)
    {
        this.keyStore = keyStore;
        this.trustManager = trustManager;
        this.clientContext = clientContext;
    }

    /** Make a key store for 127.0.0.1 and localhost in the directory, and the trust of its certificate. */
    static TestTls in(final Path dir) throws Exception
    {
        final Path keyStore = dir.resolve("server.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "tickertape", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
            "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
            "-keystore", keyStore.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
            .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        final KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore))
        {
            trust.load(in, PASSWORD);
        }
        final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        final SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return new TestTls(keyStore, (X509TrustManager)tmf.getTrustManagers()[0], ssl);
    }
}
