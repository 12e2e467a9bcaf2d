package dev.sandbench.engine.snapshots;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Time-limited signatures for snapshot download URLs (HMAC-SHA256 over id and expiry). */
final class DownloadTokens {
    private final byte[] key;

    DownloadTokens(byte[] key) {
        this.key = key.clone();
    }

    String sign(String snapshotId, long expiresEpochSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((snapshotId + "|" + expiresEpochSeconds).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean valid(String snapshotId, long expiresEpochSeconds, String signature, long nowEpochSeconds) {
        if (signature == null || nowEpochSeconds > expiresEpochSeconds) return false;
        return MessageDigest.isEqual(sign(snapshotId, expiresEpochSeconds).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }
}
