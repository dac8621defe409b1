package io.tickertape.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

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

    static SslContext server(final Path keyStore, final char[] password)
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
            return SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2").build();
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
