package dev.sandbench.engine.terminal;

import dev.sandbench.engine.runtime.Utf8Chunks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns a terminal's output bytes into {@code {"type":"output","data":"..."}} frames, encoded as
 * UTF-8 once, straight from the bytes: valid UTF-8 is copied with only JSON's escapes added, so
 * a frame costs one pass over its bytes instead of decoding to a String, escaping it through
 * Jackson and encoding it again. A character split across two chunks waits for the next one;
 * anything that is not valid UTF-8 goes through {@link Utf8Chunks} (invalid bytes become
 * U+FFFD), so the text is the same either way. Not thread-safe: one per terminal.
 */
final class OutputFrames {
    private static final byte[] HEAD = "{\"type\":\"output\",\"data\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** For each byte below 0x80: 0 copy as is, 'u' as \\u00XX, else the letter after a backslash. */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) ESCAPE[c] = 'u';
        ESCAPE['\b'] = 'b';
        ESCAPE['\t'] = 't';
        ESCAPE['\n'] = 'n';
        ESCAPE['\f'] = 'f';
        ESCAPE['\r'] = 'r';
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
    }

    /** One frame: the JSON in {@code json[0, length)} (valid until the next call), and its text. */
    record Frame(byte[] json, int length, String text) {
        /** Where the text starts in {@link #json}, escaped as a JSON string's content. */
        int escapedStart() {
            return HEAD.length;
        }

        int escapedLength() {
            return length - HEAD.length - TAIL.length;
        }
    }

    private byte[] carry = new byte[0];
    private byte[] out = new byte[0];
    /** Set once invalid UTF-8 was seen; from then on a decoder carries split characters. */
    private Utf8Chunks slow;

    /** The frame for the next {@code len} bytes of output; null when they only start a character. */
    Frame next(byte[] buf, int off, int len) {
        byte[] in = buf;
        int start = off;
        int end = off + len;
        if (carry.length > 0) {
            in = new byte[carry.length + len];
            System.arraycopy(carry, 0, in, 0, carry.length);
            System.arraycopy(buf, off, in, carry.length, len);
            start = 0;
            end = in.length;
            carry = new byte[0];
        }
        if (slow == null) {
            int complete = completeUpTo(in, start, end);
            if (encodeValid(in, start, complete)) {
                carry = Arrays.copyOfRange(in, complete, end);
                if (complete == start) return null;
                return new Frame(out, jsonLength, new String(in, start, complete - start, StandardCharsets.UTF_8));
            }
            slow = new Utf8Chunks();
        }
        String text = slow.decode(in, start, end - start);
        if (text.isEmpty()) return null;
        encodeText(text);
        return new Frame(out, jsonLength, text);
    }

    private int jsonLength;

    /** Where the bytes stop being whole characters: the start of a sequence the chunk cuts short. */
    private static int completeUpTo(byte[] b, int start, int end) {
        for (int i = end - 1; i >= Math.max(start, end - 3); i--) {
            int c = b[i] & 0xff;
            if (c < 0x80) return end;
            if (c >= 0xc0) {
                int need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
                return end - i < need ? i : end;
            }
        }
        return end;
    }

    /** Writes the frame for valid UTF-8 {@code b[start, end)}; false (nothing written) at the first invalid byte. */
    private boolean encodeValid(byte[] b, int start, int end) {
        ensure((end - start) * 6 + HEAD.length + TAIL.length);
        byte[] o = out;
        System.arraycopy(HEAD, 0, o, 0, HEAD.length);
        int p = HEAD.length;
        int i = start;
        while (i < end) {
            // A run of bytes that go out as they are, copied at once.
            int run = plainRun(b, i, end);
            if (run > i) {
                System.arraycopy(b, i, o, p, run - i);
                p += run - i;
                i = run;
                if (i == end) break;
            }
            int c = b[i];
            if (c >= 0) {
                p = escape(o, p, c, ESCAPE[c]);
                i++;
                continue;
            }
            int n = sequenceLength(b, i, end);
            if (n == 0) return false;
            System.arraycopy(b, i, o, p, n);
            p += n;
            i += n;
        }
        System.arraycopy(TAIL, 0, o, p, TAIL.length);
        jsonLength = p + TAIL.length;
        return true;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Where the run of plain ASCII from {@code i} ends: the first byte that is not ASCII or needs
     * an escape (a control character, a quote, a backslash). Eight bytes at a time (SWAR): a flood
     * of output is mostly such runs.
     */
    static int plainRun(byte[] b, int i, int end) {
        while (i + 8 <= end) {
            long x = (long) LONGS.get(b, i);
            long quote = x ^ (0x22 * ONES);
            long backslash = x ^ (0x5C * ONES);
            long special = x // a byte >= 0x80
                    | ((x - 0x20 * ONES) & ~x) // a byte < 0x20
                    | ((quote - ONES) & ~quote) // a '"'
                    | ((backslash - ONES) & ~backslash); // a '\\'
            if ((special & HIGHS) != 0) break;
            i += 8;
        }
        while (i < end) {
            int c = b[i];
            if (c < 0 || ESCAPE[c] != 0) return i;
            i++;
        }
        return i;
    }

    /** The length of the well-formed UTF-8 sequence at {@code i} (Unicode table 3-7), or 0. */
    private static int sequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        if (c >= 0xc2 && c <= 0xdf) {
            return i + 1 < end && cont(b[i + 1]) ? 2 : 0;
        }
        if (c >= 0xe0 && c <= 0xef) {
            if (i + 2 >= end) return 0;
            int c1 = b[i + 1] & 0xff;
            boolean ok = c == 0xe0 ? c1 >= 0xa0 && c1 <= 0xbf : c == 0xed ? c1 >= 0x80 && c1 <= 0x9f : cont(b[i + 1]);
            return ok && cont(b[i + 2]) ? 3 : 0;
        }
        if (c >= 0xf0 && c <= 0xf4) {
            if (i + 3 >= end) return 0;
            int c1 = b[i + 1] & 0xff;
            boolean ok = c == 0xf0 ? c1 >= 0x90 && c1 <= 0xbf : c == 0xf4 ? c1 >= 0x80 && c1 <= 0x8f : cont(b[i + 1]);
            return ok && cont(b[i + 2]) && cont(b[i + 3]) ? 4 : 0;
        }
        return 0;
    }

    private static boolean cont(byte b) {
        return (b & 0xc0) == 0x80;
    }

    private static int escape(byte[] o, int p, int c, byte esc) {
        o[p++] = '\\';
        if (esc != 'u') {
            o[p++] = esc;
            return p;
        }
        o[p++] = 'u';
        o[p++] = '0';
        o[p++] = '0';
        o[p++] = HEX[c >> 4];
        o[p++] = HEX[c & 0xf];
        return p;
    }

    /** The frame for text that was decoded the slow way. */
    private void encodeText(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (!encodeValid(utf8, 0, utf8.length)) throw new IllegalStateException("the JDK encoded invalid UTF-8");
    }

    private void ensure(int size) {
        if (out.length < size) out = new byte[size];
    }
}
