package io.tickertape.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

/**
 * Verifies a bearer JWT with nimbus-jose-jwt: the signature with the configured key (HS256 with a shared secret,
 * RS256 or ES256 with a public key; no other algorithm, never {@code none}), then {@code exp} (required),
 * {@code nbf} (if present), each with the clock skew allowed, and {@code aud} when an audience is configured. The
 * optional {@value #TYPES_CLAIM} claim, a list of type names, limits what the bearer may see.
 * <p>
 * A refusal carries a short reason for {@code WWW-Authenticate} ({@code token expired}, {@code signature not valid}):
 * enough for the holder to know what to fix, nothing about the key or the claims' values.
 */
final class JwtVerifier
{
    /** The claim listing the event types a bearer may see. */
    static final String TYPES_CLAIM = "tickertape_types";

    private final Map<JWSAlgorithm, JWSVerifier> verifiers;
    private final String audience;
    private final long skewMillis;

    private JwtVerifier(final Map<JWSAlgorithm, JWSVerifier> verifiers, final String audience, final Duration skew)
    {
        this.verifiers = verifiers;
        this.audience = audience;
        this.skewMillis = skew.toMillis();
    }

    /**
     * A verifier for the given keys.
     *
     * @param hs256Secret the HS256 secret, at least 32 bytes, or null.
     * @param publicKey   a PEM file holding an RSA (RS256) or P-256 EC (ES256) public key or certificate, or null.
     * @param audience    the audience a token must name, or null for any.
     * @param skew        clock skew allowed on {@code exp} and {@code nbf}.
     * @return the verifier.
     * @throws IllegalArgumentException saying in one line why a key cannot serve, naming the file.
     */
    static JwtVerifier of(final byte[] hs256Secret, final Path publicKey, final String audience, final Duration skew)
    {
        final Map<JWSAlgorithm, JWSVerifier> verifiers = new HashMap<>();
        try
        {
            if (null != hs256Secret)
            {
                verifiers.put(JWSAlgorithm.HS256, new MACVerifier(hs256Secret));
            }
            if (null != publicKey)
            {
                final PublicKey key = readPublicKey(publicKey);
                if (key instanceof RSAPublicKey rsa)
                {
                    if (rsa.getModulus().bitLength() < 2048)
                    {
                        throw new IllegalArgumentException("JWT public key " + publicKey + ": an RSA key must have at least 2048 bits, this one has " +
                            rsa.getModulus().bitLength());
                    }
                    verifiers.put(JWSAlgorithm.RS256, new RSASSAVerifier(rsa));
                }
                else if (key instanceof ECPublicKey ec)
                {
                    if (!Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams())))
                    {
                        throw new IllegalArgumentException("JWT public key " + publicKey + ": ES256 needs an EC key on the P-256 curve");
                    }
                    verifiers.put(JWSAlgorithm.ES256, new ECDSAVerifier(ec));
                }
                else
                {
                    throw new IllegalArgumentException("JWT public key " + publicKey + ": an RSA or EC key is needed, not " + key.getAlgorithm());
                }
            }
        }
        catch (final JOSEException ex)
        {
            throw new IllegalArgumentException("JWT key cannot verify: " + ex.getMessage(), ex);
        }
        return new JwtVerifier(Map.copyOf(verifiers), audience, skew);
    }

    /** A public key from a PEM file: {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) or {@code CERTIFICATE}. */
    private static PublicKey readPublicKey(final Path file)
    {
        final String pem;
        try
        {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read JWT public key " + file + ": " + ex, ex);
        }
        try
        {
            final byte[] certificate = pemBlock(pem, "CERTIFICATE");
            if (null != certificate)
            {
                return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate)).getPublicKey();
            }
            final byte[] spki = pemBlock(pem, "PUBLIC KEY");
            if (null == spki)
            {
                throw new IllegalArgumentException("JWT public key " + file +
                    ": no '-----BEGIN PUBLIC KEY-----' or '-----BEGIN CERTIFICATE-----' block in it");
            }
            for (final String algorithm : List.of("RSA", "EC"))
            {
                try
                {
                    return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
                }
                catch (final GeneralSecurityException ex)
                {
                    // not a key of this algorithm: try the next
                }
            }
            throw new IllegalArgumentException("JWT public key " + file + ": neither an RSA nor an EC public key");
        }
        catch (final GeneralSecurityException | IllegalStateException ex)
        {
            throw new IllegalArgumentException("JWT public key " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static byte[] pemBlock(final String pem, final String label)
    {
        final String begin = "-----BEGIN " + label + "-----";
        final String end = "-----END " + label + "-----";
        final int from = pem.indexOf(begin);
        final int to = from < 0 ? -1 : pem.indexOf(end, from);
        if (from < 0 || to < 0)
        {
            return null;
        }
        try
        {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalStateException("the " + label + " block is not base64", ex);
        }
    }

    /** @return the algorithms accepted, for the documentation of a refusal. */
    Set<JWSAlgorithm> algorithms()
    {
        return verifiers.keySet();
    }

    /**
     * @param token a string presented as a credential.
     * @return whether it has the shape of a compact JWS (three parts), so that it is judged as a JWT.
     */
    static boolean looksLikeJwt(final String token)
    {
        final int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first;
    }

    /**
     * Verify a token.
     *
     * @param token    the compact JWT.
     * @param nowMillis the time now, in milliseconds since the epoch.
     * @return the grant: what the bearer may see, and until when.
     * @throws Refused with the reason, when the token is not accepted.
     */
    Grant verify(final String token, final long nowMillis) throws Refused
    {
        final JWT jwt;
        try
        {
            jwt = JWTParser.parse(token);
        }
        catch (final ParseException ex)
        {
            throw new Refused("malformed token");
        }
        if (!(jwt instanceof SignedJWT signed))
        {
            throw new Refused("algorithm not accepted"); // alg none, or an encrypted token
        }
        final JWSVerifier verifier = verifiers.get(signed.getHeader().getAlgorithm());
        if (null == verifier)
        {
            throw new Refused("algorithm not accepted");
        }
        try
        {
            if (!signed.verify(verifier))
            {
                throw new Refused("signature not valid");
            }
        }
        catch (final JOSEException | IllegalStateException ex)
        {
            throw new Refused("signature not valid");
        }
        final JWTClaimsSet claims;
        try
        {
            claims = signed.getJWTClaimsSet();
        }
        catch (final ParseException ex)
        {
            throw new Refused("malformed token");
        }
        final Date expires = claims.getExpirationTime();
        if (null == expires)
        {
            throw new Refused("token has no exp");
        }
        if (nowMillis > expires.getTime() + skewMillis)
        {
            throw new Refused("token expired");
        }
        final Date notBefore = claims.getNotBeforeTime();
        if (null != notBefore && nowMillis + skewMillis < notBefore.getTime())
        {
            throw new Refused("token not valid yet");
        }
        if (null != audience && (null == claims.getAudience() || !claims.getAudience().contains(audience)))
        {
            throw new Refused("audience not accepted");
        }
        return new Grant(types(claims.getClaim(TYPES_CLAIM)), expires.getTime() + skewMillis);
    }

    private static Set<String> types(final Object claim) throws Refused
    {
        if (null == claim)
        {
            return null;
        }
        if (!(claim instanceof List<?> list))
        {
            throw new Refused(TYPES_CLAIM + " must be a list of type names");
        }
        final List<String> names = new ArrayList<>(list.size());
        for (final Object name : list)
        {
            if (!(name instanceof String s) || s.isBlank())
            {
                throw new Refused(TYPES_CLAIM + " must be a list of type names");
            }
            names.add(s.trim());
        }
        return Set.copyOf(names);
    }

    /**
     * What an accepted credential allows.
     *
     * @param types       the event types the bearer may see, or null for all.
     * @param expiresAtMs when the credential stops being accepted (milliseconds since the epoch), or
     *                    {@link Long#MAX_VALUE} for the static token.
     */
    record Grant(Set<String> types, long expiresAtMs)
    {
        /** What the static access token allows: everything, for ever. */
        static final Grant EVERYTHING = new Grant(null, Long.MAX_VALUE);
    }

    /** A token not accepted, with the reason to give its holder. */
    static final class Refused extends Exception
    {
        private static final long serialVersionUID = 1L;

        Refused(final String reason)
        {
            super(reason, null, false, false);
        }
    }
}
