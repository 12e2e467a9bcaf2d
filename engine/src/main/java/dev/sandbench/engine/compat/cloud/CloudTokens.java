package dev.sandbench.engine.compat.cloud;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.sandbench.engine.api.ApiException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Cloud Sandbox's tokens: HS256 JWTs as its gateway issues them ({@code user_id}, {@code role},
 * {@code sub}, 24 hours), signed with a secret of this engine's (a file in the data directory,
 * readable by the engine's user only) and marked for this API by their audience, so no other
 * credential is taken for one. A token says where its authority comes from: development mode
 * ({@code dev}), or the engine key that minted it ({@code key}, with its {@code account}).
 */
final class CloudTokens {
    static final String ISSUER = "sandbench";
    static final String AUDIENCE = "sandbench:cloud-sandbox";
    static final String REFRESH_AUDIENCE = "sandbench:cloud-sandbox:refresh";
    static final Duration ACCESS_LIFETIME = Duration.ofHours(24);
    static final Duration REFRESH_LIFETIME = Duration.ofDays(7);
    static final String SECRET_FILE = "cloud-sandbox-jwt.key";

    /** What a verified token says. {@code keyId} and {@code accountId} are null for a development token. */
    record Claims(String userId, String role, boolean dev, String keyId, String accountId) {}

    private final Algorithm algorithm;
    private final JWTVerifier verifier;

    CloudTokens(byte[] secret) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.verifier = JWT.require(algorithm).withIssuer(ISSUER).withAudience(AUDIENCE)
                .withClaimPresence("user_id").acceptLeeway(5).build();
    }

    /** The engine's signing secret from {@code dataDir}, made (32 random bytes, mode 0600) on first use. */
    static CloudTokens inDataDir(Path dataDir) {
        Path file = dataDir.resolve(SECRET_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
                } catch (FileAlreadyExistsException raced) {
                    // another engine start made it first: use theirs
                }
            }
            byte[] secret = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (secret.length < 32) throw new IllegalStateException(file + " holds fewer than 32 bytes of secret");
            return new CloudTokens(secret);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or create the Cloud Sandbox token secret " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether a bearer credential is shaped like a JWT (an engine key never is). */
    static boolean looksLikeJwt(String credential) {
        return credential.startsWith("eyJ") && credential.chars().filter(c -> c == '.').count() == 2;
    }

    CloudWire.CloudToken mint(Claims c) {
        Instant now = Instant.now();
        var access = JWT.create().withIssuer(ISSUER).withAudience(AUDIENCE).withSubject(c.userId())
                .withClaim("user_id", c.userId()).withClaim("role", c.role()).withIssuedAt(now).withNotBefore(now)
                .withExpiresAt(now.plus(ACCESS_LIFETIME)).withJWTId(UUID.randomUUID().toString());
        var refresh = JWT.create().withIssuer(ISSUER).withAudience(REFRESH_AUDIENCE).withSubject(c.userId())
                .withIssuedAt(now).withExpiresAt(now.plus(REFRESH_LIFETIME)).withJWTId(UUID.randomUUID().toString());
        if (c.dev()) {
            access.withClaim("dev", true);
            refresh.withClaim("dev", true);
        } else {
            access.withClaim("key", c.keyId()).withClaim("account", c.accountId());
            refresh.withClaim("key", c.keyId()).withClaim("account", c.accountId());
        }
        return new CloudWire.CloudToken(access.sign(algorithm), refresh.sign(algorithm), "Bearer",
                Long.toString(ACCESS_LIFETIME.toSeconds()));
    }

    /** A token's claims, or a 401 saying why it is refused (expired, not signed here, not an access token). */
    Claims verify(String token) {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw ApiException.unauthorized("token expired: get a new one from POST /api/v1/auth/token");
        } catch (JWTVerificationException e) {
            throw ApiException.unauthorized("invalid token: not a Cloud Sandbox access token of this engine");
        }
        boolean dev = Boolean.TRUE.equals(jwt.getClaim("dev").asBoolean());
        String key = jwt.getClaim("key").asString();
        String account = jwt.getClaim("account").asString();
        if (!dev && (key == null || account == null)) {
            throw ApiException.unauthorized("invalid token: it names no engine key that issued it");
        }
        String role = jwt.getClaim("role").asString();
        return new Claims(jwt.getClaim("user_id").asString(), role == null ? "user" : role, dev, key, account);
    }
}
