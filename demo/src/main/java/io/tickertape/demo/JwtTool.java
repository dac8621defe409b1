package io.tickertape.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * {@code jwt}: prints an HS256 bearer token for a server run with {@code --jwt-hs256-secret} (the secret from
 * {@value DemoConfig#JWT_SECRET_ENV}, or {@code --secret}), valid for {@code --ttl} (default 1h), with an optional
 * {@code --types} list (the {@code tickertape_types} claim), {@code --audience} and {@code --subject}. For trying the
 * server out and for scripts; an organisation's identity provider issues the tokens of real users.
 */
final class JwtTool
{
    static final String NAME = "jwt";
    static final String USAGE = """
        Usage: java -jar demo/target/tickertape.jar jwt [options]

        Prints a bearer JWT (HS256) for a server started with --jwt-hs256-secret.

          --secret S        the server's secret (or set TICKERTAPE_JWT_HS256_SECRET), at least 32 bytes
          --ttl AGE         how long the token is valid: 1h, 30m, 7d, PT8H... (default 1h)
          --types A,B       the event types the bearer may see (tickertape_types; default all)
          --audience AUD    the aud claim (default none)
          --subject NAME    the sub claim (default tickertape-demo)
          --help            print this and exit
        """;

    private JwtTool()
    {
    }

    /**
     * Print a token.
     *
     * @param args the command line, {@code jwt} first.
     * @param env  the environment (for the secret).
     * @param out  where the token goes.
     * @param err  where a bad option is said.
     * @return the exit status: 0, or {@value Main#EXIT_BAD_FLAGS} for a bad option.
     */
    static int run(final String[] args, final Map<String, String> env, final PrintStream out, final PrintStream err)
    {
        String secret = env.get(DemoConfig.JWT_SECRET_ENV);
        Duration ttl = Duration.ofHours(1);
        List<String> types = null;
        String audience = null;
        String subject = "tickertape-demo";
        try
        {
            for (int i = 1; i < args.length; i++)
            {
                final String flag = args[i];
                if ("--help".equals(flag) || "-h".equals(flag))
                {
                    out.print(USAGE);
                    return Main.EXIT_OK;
                }
                if (i + 1 >= args.length || !USAGE.contains(flag + " "))
                {
                    throw new IllegalArgumentException(USAGE.contains(flag + " ") ? flag + " needs a value" : "unknown option: " + flag);
                }
                final String value = args[++i];
                switch (flag)
                {
                    case "--secret" -> secret = value;
                    case "--ttl" -> ttl = DemoConfig.age(flag, value);
                    case "--types" -> types = Arrays.stream(value.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
                    case "--audience" -> audience = value;
                    default -> subject = value;
                }
            }
            if (null == secret || secret.getBytes(StandardCharsets.UTF_8).length < 32)
            {
                throw new IllegalArgumentException("the secret (--secret or " + DemoConfig.JWT_SECRET_ENV + ") must be at least 32 bytes");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("tickertape jwt: " + ex.getMessage());
            return Main.EXIT_BAD_FLAGS;
        }
        final long now = System.currentTimeMillis();
        final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).issueTime(new Date(now))
            .expirationTime(new Date(now + ttl.toMillis()));
        if (null != types)
        {
            claims.claim("tickertape_types", types);
        }
        if (null != audience)
        {
            claims.audience(audience);
        }
        final SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims.build());
        try
        {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final JOSEException ex)
        {
            err.println("tickertape jwt: " + ex.getMessage());
            return Main.EXIT_BAD_FLAGS;
        }
        out.println(jwt.serialize());
        return Main.EXIT_OK;
    }
}
