package dev.sandbench.engine.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The little of a DNS message (RFC 1035) the engine's resolver needs: the question, the
 * addresses an answer carries with their TTLs, and refusals built from a query.
 */
final class DnsMessage {
    static final int NOERROR = 0;
    static final int SERVFAIL = 2;
    static final int NXDOMAIN = 3;
    static final int REFUSED = 5;
    static final int TYPE_A = 1;
    static final int TYPE_AAAA = 28;

    /** A query's question; {@code end} is the offset just past it. */
    record Question(int id, String name, int type, int qclass, int end) {}

    /** An address from an answer and how long it may be used. */
    record Address(InetAddress address, long ttlSeconds) {}

    private DnsMessage() {}

    /** The first question of a query, or null when the message is no query with one question. */
    static Question question(byte[] m) {
        if (m.length < 12 || (m[2] & 0x80) != 0 || u16(m, 4) != 1) return null;
        int[] at = {12};
        String name = name(m, at);
        if (name == null || at[0] + 4 > m.length) return null;
        return new Question(u16(m, 0), name, u16(m, at[0]), u16(m, at[0] + 2), at[0] + 4);
    }

    /** The A and AAAA records in an answer's answer section (CNAME chains included). */
    static List<Address> addresses(byte[] m) {
        List<Address> out = new ArrayList<>();
        if (m.length < 12) return out;
        int qd = u16(m, 4);
        int an = u16(m, 6);
        int[] at = {12};
        try {
            for (int i = 0; i < qd; i++) {
                if (name(m, at) == null) return out;
                at[0] += 4;
            }
            for (int i = 0; i < an; i++) {
                if (name(m, at) == null) return out;
                int p = at[0];
                int type = u16(m, p);
                long ttl = ((long) u16(m, p + 4) << 16) | u16(m, p + 6);
                int len = u16(m, p + 8);
                int data = p + 10;
                if (data + len > m.length) return out;
                if ((type == TYPE_A && len == 4) || (type == TYPE_AAAA && len == 16)) {
                    byte[] a = new byte[len];
                    System.arraycopy(m, data, a, 0, len);
                    out.add(new Address(InetAddress.getByAddress(a), ttl));
                }
                at[0] = data + len;
            }
        } catch (ArrayIndexOutOfBoundsException | UnknownHostException e) {
            // a truncated or malformed answer: what was read so far
        }
        return out;
    }

    /** The response code of an answer. */
    static int rcode(byte[] m) {
        return m.length < 4 ? SERVFAIL : m[3] & 0x0f;
    }

    /** An answer to {@code query} with no records and response code {@code rcode}. */
    static byte[] reply(byte[] query, Question q, int rcode) {
        byte[] r = new byte[q.end()];
        System.arraycopy(query, 0, r, 0, q.end());
        r[2] = (byte) (0x80 | (query[2] & 0x79));   // QR, keep opcode and RD
        r[3] = (byte) (0x80 | rcode);               // RA
        for (int i = 6; i < 12; i++) r[i] = 0;       // no answer, authority or additional records
        return r;
    }

    private static int u16(byte[] m, int at) {
        return ((m[at] & 0xff) << 8) | (m[at + 1] & 0xff);
    }

    /** Reads a (possibly compressed) name at at[0], advancing it past the name; null when malformed. */
    private static String name(byte[] m, int[] at) {
        StringBuilder sb = new StringBuilder();
        int p = at[0];
        boolean jumped = false;
        for (int hops = 0; hops < 128; hops++) {
            if (p >= m.length) return null;
            int len = m[p] & 0xff;
            if (len == 0) {
                if (!jumped) at[0] = p + 1;
                return sb.toString();
            }
            if ((len & 0xc0) == 0xc0) {
                if (p + 1 >= m.length) return null;
                if (!jumped) at[0] = p + 2;
                jumped = true;
                p = ((len & 0x3f) << 8) | (m[p + 1] & 0xff);
                continue;
            }
            if ((len & 0xc0) != 0 || p + 1 + len > m.length) return null;
            if (sb.length() > 0) sb.append('.');
            for (int i = 0; i < len; i++) {
                char c = (char) (m[p + 1 + i] & 0xff);
                sb.append(c);
            }
            if (sb.length() > 255) return null;
            p += 1 + len;
        }
        return null;
    }
}
