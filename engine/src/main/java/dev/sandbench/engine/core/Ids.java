package dev.sandbench.engine.core;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Identifiers, secrets and timestamps in the engine's one format. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private Ids() {}

    /** A prefixed random id such as {@code sbx_k3v9q2m7x4tp}. */
    public static String newId(String prefix) {
        return prefix + "_" + random(12);
    }

    public static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /**
     * RFC 3339 in UTC with millisecond precision, always three digits of them: the store orders
     * events by this text, and a whole second written as {@code ...:05Z} would sort after
     * {@code ...:05.250Z}.
     */
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    public static String timestamp(Instant instant) {
        return MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    public static String now() {
        return timestamp(Instant.now());
    }
}
