package dev.sandbench.engine.egress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network (an address is a network of one), with its host bits cleared. */
public record Cidr(InetAddress network, int prefix) {
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** The network {@code text} names ({@code 10.0.0.0/8}, {@code 203.0.113.7}, {@code fc00::/7}), or null if it names none. */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        // Only literals reach InetAddress, so parsing never asks DNS.
        if (!V4.matcher(addr).matches() && !V6.matcher(addr).matches()) return null;
        InetAddress a;
        try {
            a = InetAddress.getByName(addr);
        } catch (UnknownHostException e) {
            return null;
        }
        if (addr.contains(":") && a instanceof java.net.Inet4Address) {
            // Java turns ::ffff:a.b.c.d into an IPv4 address; the rule means the IPv6 one.
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(a.getAddress(), 0, mapped, 12, 4);
            try {
                a = java.net.Inet6Address.getByAddress(null, mapped, -1);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        int bits = a.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > bits) return null;
        }
        return of(a, prefix);
    }

    static Cidr of(InetAddress a, int prefix) {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] &= (byte) (0xff00 >> keep);
        }
        try {
            return new Cidr(b.length == 16 ? java.net.Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b), prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean v6() {
        return network instanceof Inet6Address;
    }

    public boolean contains(InetAddress a) {
        byte[] n = network.getAddress();
        byte[] b = a.getAddress();
        if (n.length != b.length) return false;
        for (int i = 0; i < n.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            int mask = (0xff00 >> keep) & 0xff;
            if ((n[i] & mask) != (b[i] & mask)) return false;
        }
        return true;
    }

    /** As nft and people write it: the address alone for a single host. */
    @Override
    public String toString() {
        String a = text(network);
        return prefix == network.getAddress().length * 8 ? a : a + "/" + prefix;
    }

    /** An address in its short form (RFC 5952 for IPv6: 2001:db8::1, not 2001:db8:0:0:0:0:0:1). */
    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) return address.getHostAddress();
        byte[] b = address.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestAt = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
