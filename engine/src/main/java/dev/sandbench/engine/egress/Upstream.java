package dev.sandbench.engine.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The nameservers the engine's resolver forwards sandboxes' queries to, from the engine's host:
 * {@code SANDBENCH_DNS_UPSTREAM} ({@code host:port,...}) where set, else /etc/resolv.conf.
 */
final class Upstream {
    static final String VARIABLE = "SANDBENCH_DNS_UPSTREAM";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<InetSocketAddress> servers;

    Upstream(List<InetSocketAddress> servers) {
        this.servers = List.copyOf(servers);
    }

    static Upstream fromEnvironment() {
        String configured = System.getenv(VARIABLE);
        List<InetSocketAddress> out = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            for (String s : configured.split(",")) {
                String t = s.strip();
                int colon = t.lastIndexOf(':');
                boolean port = colon > 0 && t.indexOf(':') == colon || t.startsWith("[");
                String host = port ? t.substring(0, colon).replace("[", "").replace("]", "") : t;
                int p = port ? Integer.parseInt(t.substring(colon + 1)) : 53;
                Cidr literal = Cidr.parse(host);
                if (literal != null) out.add(new InetSocketAddress(literal.network(), p));
            }
            return new Upstream(out);
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 2 && f[0].equals("nameserver")) {
                    Cidr literal = Cidr.parse(f[1].replaceAll("%.*", ""));
                    if (literal != null) out.add(new InetSocketAddress(literal.network(), 53));
                }
            }
        } catch (IOException e) {
            // no resolv.conf: no upstream, every forwarded query fails
        }
        return new Upstream(out);
    }

    List<InetSocketAddress> servers() {
        return servers;
    }

    /** Forwards a query; returns the first matching answer, or null when no server answered. */
    byte[] ask(byte[] query, int timeoutMs) {
        if (query.length < 2) return null;
        for (InetSocketAddress server : servers) {
            try (DatagramSocket s = new DatagramSocket()) {
                s.setSoTimeout(timeoutMs);
                s.connect(server);
                s.send(new DatagramPacket(query, query.length));
                long deadline = System.currentTimeMillis() + timeoutMs;
                while (System.currentTimeMillis() < deadline) {
                    DatagramPacket got = new DatagramPacket(new byte[4096], 4096);
                    s.receive(got);
                    if (got.getLength() >= 12 && got.getData()[0] == query[0] && got.getData()[1] == query[1]) {
                        byte[] answer = new byte[got.getLength()];
                        System.arraycopy(got.getData(), 0, answer, 0, answer.length);
                        return answer;
                    }
                }
            } catch (SocketTimeoutException e) {
                // try the next server
            } catch (IOException e) {
                // unreachable: try the next server
            }
        }
        return null;
    }

    /** The addresses (A and AAAA) of {@code name}, as the upstream answers them now. */
    List<DnsMessage.Address> resolve(String name, int timeoutMs) {
        List<DnsMessage.Address> out = new ArrayList<>();
        for (int type : new int[]{DnsMessage.TYPE_A, DnsMessage.TYPE_AAAA}) {
            byte[] answer = ask(query(name, type), timeoutMs);
            if (answer != null && DnsMessage.rcode(answer) == DnsMessage.NOERROR) out.addAll(DnsMessage.addresses(answer));
        }
        return out;
    }

    static byte[] query(String name, int type) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int id = RANDOM.nextInt(0x10000);
        b.write(id >> 8);
        b.write(id);
        b.writeBytes(new byte[]{1, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            b.write(l.length);
            b.writeBytes(l);
        }
        b.writeBytes(new byte[]{0, (byte) (type >> 8), (byte) type, 0, 1});
        return b.toByteArray();
    }
}
