package io.tickertape.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

/**
 * Builds the server's TLS context from a PKCS12 key store, with the JDK's TLS engine (no native library needed).
 * Whatever keeps the key store from serving (missing, unreadable, not PKCS12 or damaged, a wrong password, no private
 * key in it) is an {@link IllegalArgumentException} whose message says so in one line.
 */
final class TlsContexts
{
    private TlsContexts()
    {
    }

    /**
     * The server's TLS context from a key store.
     *
     * @param keyStore the PKCS12 file.
     * @param password its password.
     * @param http2    whether to offer {@code h2} beside {@code http/1.1} through ALPN.
     * @return the context.
     */
    static SslContext server(final Path keyStore, final char[] password, final boolean http2)
    {
        final String cannot = "cannot use TLS key store " + keyStore + ": ";
        if (Files.isDirectory(keyStore))
        {
            throw new IllegalArgumentException(cannot + "it is a directory");
        }
        final KeyStore store;
        try (InputStream in = Files.newInputStream(keyStore))
        {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException(cannot + "no such file", ex);
        }
        catch (final AccessDeniedException ex)
        {
            throw new IllegalArgumentException(cannot + "permission denied", ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(cannot + (ex.getCause() instanceof UnrecoverableKeyException ? "wrong password" :
                "not a PKCS12 key store, or a damaged one (" + ex.getMessage() + ")"), ex);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException(cannot + ex.getMessage(), ex);
        }
        try
        {
            if (!holdsPrivateKey(store))
            {
                throw new IllegalArgumentException(cannot + "it holds no private key (make one with keytool -genkeypair)");
            }
            final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            final SslContextBuilder builder = SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2");
            if (http2)
            {
                // RFC 7540's cipher rules for TLS 1.2 (TLS 1.3's suites all qualify), and h2 first in ALPN.
                builder.ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
            }
            return builder.build();
        }
        catch (final UnrecoverableKeyException ex)
        {
            throw new IllegalArgumentException(cannot + "its private key's password is not the key store's", ex);
        }
        catch (final SSLException | GeneralSecurityException ex)
        {
            throw new IllegalArgumentException(cannot + ex.getMessage(), ex);
        }
    }

    /**
     * A context with a throwaway self-signed certificate, made by the JDK's keytool into a temporary key store that
     * is read and deleted at once.
     *
     * @param http2 whether to offer {@code h2} through ALPN.
     * @return the context.
     */
    static SslContext selfSigned(final boolean http2)
    {
        final Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool))
        {
            throw new IllegalArgumentException("cannot make a self-signed certificate: no keytool at " + keytool + " (run on a JDK)");
        }
        Path dir = null;
        try
        {
            dir = Files.createTempDirectory("tickertape-tls");
            final Path store = dir.resolve("self-signed.p12");
            final char[] password = Long.toHexString(new SecureRandom().nextLong()).toCharArray();
            final Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "tickertape", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
                "-validity", "7", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(password))
                .redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || 0 != process.exitValue())
            {
                process.destroyForcibly();
                throw new IllegalArgumentException("cannot make a self-signed certificate: keytool said " + output.strip());
            }
            return server(store, password, http2);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot make a self-signed certificate: " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while making a self-signed certificate", ex);
        }
        finally
        {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(final Path dir)
    {
        if (null == dir)
        {
            return;
        }
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : files.toList())
            {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        }
        catch (final IOException ex)
        {
            // a temporary directory left behind holds only a throwaway key
        }
    }

    private static boolean holdsPrivateKey(final KeyStore store) throws KeyStoreException
    {
        for (final String alias : Collections.list(store.aliases()))
        {
            if (store.isKeyEntry(alias))
            {
                return true;
            }
        }
        return false;
    }
}
