package io.tickertape.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The demo with --tls-self-signed: HTTPS and HTTP/2 on one port, with a loud warning, as `curl --http2 -k` sees it. */
class DemoSelfSignedIT
{
    @Test
    void shouldServeHttp2WithAThrowawayCertificateAndSaySo() throws Exception
    {
        try (RunningDemo demo = new RunningDemo("--port", "0", "--tls-self-signed"))
        {
            assertThat(demo.output()).contains("WARNING: HTTPS with a throwaway SELF-SIGNED certificate").contains("NOT FOR PRODUCTION")
                .contains("(HTTP/2 and HTTP/1.1)");
            assertThat(demo.baseUrl()).startsWith("https://");
            final X509Certificate[] seen = new X509Certificate[1];
            // As curl -k does: accept the certificate, whatever it is, and look at it.
            final X509TrustManager acceptAny = new X509TrustManager()
            {
                @Override
                public void checkClientTrusted(final X509Certificate[] chain, final String authType)
                {
                    throw new UnsupportedOperationException("a client only");
                }

                @Override
                public void checkServerTrusted(final X509Certificate[] chain, final String authType)
                {
                    seen[0] = chain[0];
                }

                @Override
                public X509Certificate[] getAcceptedIssuers()
                {
                    return new X509Certificate[0];
                }
            };
            final SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {acceptAny}, new SecureRandom());
            final OkHttpClient client = new OkHttpClient.Builder().sslSocketFactory(ssl.getSocketFactory(), acceptAny)
                .hostnameVerifier((host, session) -> true).build();
            try (Response health = client.newCall(new Request.Builder().url(demo.baseUrl() + "/healthz").build()).execute())
            {
                assertThat(health.code()).isEqualTo(200);
                assertThat(health.protocol()).isEqualTo(Protocol.HTTP_2);
            }
            assertThat(seen[0].getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
            assertThat(seen[0].getIssuerX500Principal()).isEqualTo(seen[0].getSubjectX500Principal());
            assertThat(seen[0].getSubjectAlternativeNames()).extracting(san -> String.valueOf(((List<?>)san).get(1)))
                .contains("localhost", "127.0.0.1");
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }
}
