package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tickertape.bus.BusContext;
import io.tickertape.bus.EventType;
import io.tickertape.testkit.Browser;
import io.tickertape.testkit.SseClient;
import org.junit.jupiter.api.Test;

/**
 * The monitor page says what keeps it from streaming: a token required (with a field for it), a token refused (and
 * why), the subscriber limit reached; and it stops asking while nothing it could ask would succeed.
 */
class BrowserAccessIT
{
    private static final String TOKEN = "a-token-of-at-least-16-characters";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static String state(final Browser browser)
    {
        return (String)browser.eval("document.getElementById('conn-state').textContent");
    }

    private static String detail(final Browser browser)
    {
        return (String)browser.eval("document.getElementById('conn-detail').textContent");
    }

    @Test
    void shouldAskForATokenStopAskingAndStreamOnceGivenTheRightOne() throws Exception
    {
        Browser.requireOrSkip();
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().accessToken(TOKEN));
            Browser browser = new Browser(1000, 700))
        {
            browser.navigate(f.baseUrl() + "/");
            await().atMost(DEADLINE).until(() -> "token required".equals(state(browser)));
            assertThat(browser.eval("document.getElementById('token-form').hidden")).isEqualTo(false);
            assertThat(detail(browser)).contains("needs an access token");
            // No hammering: while no token is given, the page asks the server nothing more.
            final long refused = f.server.counters().value(TransportCounter.UNAUTHORIZED);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> f.server.counters().value(TransportCounter.UNAUTHORIZED) == refused);

            browser.eval("document.getElementById('token-input').value = 'a-wrong-token-of-16-characters', " +
                "document.getElementById('token-apply').click(), 0");
            await().atMost(DEADLINE).until(() -> "token refused".equals(state(browser)));
            assertThat(detail(browser)).contains("the token was refused: wrong token");

            browser.eval("document.getElementById('token-input').value = '" + TOKEN + "', document.getElementById('token-apply').click(), 0");
            await().atMost(DEADLINE).until(() -> "connected".equals(state(browser)));
            assertThat(browser.eval("document.getElementById('token-form').hidden")).isEqualTo(true);
            f.publishAndAwait(EventType.ORDER, 10);
            await().atMost(DEADLINE).until(() -> ((Number)browser.eval("window.tickertape.received")).longValue() >= 10);
            assertThat(browser.eval("sessionStorage.getItem('tickertape_token')")).isEqualTo(TOKEN);
            assertThat(browser.cspViolations()).isEmpty();
        }
    }

    @Test
    void shouldSayAnExpiredTokenWasRefusedAndWhy() throws Exception
    {
        Browser.requireOrSkip();
        final byte[] secret = "an-hs256-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8);
        final SignedJWT expired = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder().subject("monitor").expirationTime(new Date(System.currentTimeMillis() - 3_600_000)).build());
        expired.sign(new MACSigner(secret));
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().jwtHs256Secret(secret));
            Browser browser = new Browser(1000, 700))
        {
            browser.navigate(f.baseUrl() + "/?token=" + expired.serialize());
            await().atMost(DEADLINE).until(() -> "token refused".equals(state(browser)));
            assertThat(detail(browser)).isEqualTo("the token was refused: token expired; enter another");
            assertThat((String)browser.eval("location.search")).as("the token is not left in the address bar").isEmpty();
        }
    }

    @Test
    void shouldSayTheLimitIsReachedAndConnectOnceAPlaceIsFree() throws Exception
    {
        Browser.requireOrSkip();
        try (TelemetryFixture f = new TelemetryFixture(new BusContext(), new ServerContext().maxSubscribers(1));
            Browser browser = new Browser(1000, 700))
        {
            final SseClient holder = f.stream("/api/telemetry/stream");
            holder.awaitConnected();
            browser.navigate(f.baseUrl() + "/");
            await().atMost(DEADLINE).until(() -> "limit reached".equals(state(browser)));
            assertThat(detail(browser)).contains("subscriber or connection limit is reached; retrying in");
            holder.close();
            await().atMost(DEADLINE).until(() -> "connected".equals(state(browser)));
        }
    }
}
