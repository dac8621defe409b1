package io.tickertape.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * Builds the server's TLS context from a PKCS12 key store, with the JDK's TLS engine (no native library needed).
 */
final class TlsContexts
{
    private TlsContexts()
    {
    }

    static SslContext server(final Path keyStore, final char[] password)
    {
        try (InputStream in = Files.newInputStream(keyStore))
        {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2").build();
        }
        catch (final SSLException | GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("cannot use TLS key store " + keyStore + ": " + ex.getMessage(), ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read TLS key store " + keyStore, ex);
        }
    }
}
