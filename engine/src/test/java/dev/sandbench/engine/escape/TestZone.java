package dev.sandbench.engine.escape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny authoritative DNS server on the host's loopback, which the engine under test uses as its
 * upstream (SANDBENCH_DNS_UPSTREAM): the engine's resolver takes its production path, forwarding
 * real queries, and the test knows every name and which queries arrived.
 */
final class TestZone implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, List<String>> records = new ConcurrentHashMap<>();
    /** Every name asked, in order. */
    final List<String> asked = new CopyOnWriteArrayList<>();

    TestZone() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::serve, "test-zone");
        t.setDaemon(true);
        t.start();
    }

    /** Where the engine should send its queries ({@code 127.0.0.1:port}). */
    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    void put(String name, String... ipv4) {
        records.put(name.toLowerCase(Locale.ROOT), List.of(ipv4));
    }

    private void serve() {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                byte[] answer = answer(buf, p.getLength());
                if (answer != null) socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                // closed, or a malformed query: ignore it
            }
        }
    }

    private byte[] answer(byte[] q, int len) {
        StringBuilder name = new StringBuilder();
        int at = 12;
        while (at < len && q[at] != 0) {
            int l = q[at] & 0xff;
            if (name.length() > 0) name.append('.');
            name.append(new String(q, at + 1, l, java.nio.charset.StandardCharsets.US_ASCII));
            at += 1 + l;
        }
        int type = ((q[at + 1] & 0xff) << 8) | (q[at + 2] & 0xff);
        int end = at + 5;
        String n = name.toString().toLowerCase(Locale.ROOT);
        asked.add(n);
        List<String> addrs = records.get(n);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q, 0, 2);
        out.write(0x84 | (q[2] & 0x01));                       // answer, authoritative, RD as asked
        out.write(addrs == null ? 0x83 : 0x80);                   // RA; NXDOMAIN for unknown names
        int count = addrs == null || type != 1 ? 0 : addrs.size();
        out.writeBytes(new byte[]{0, 1, 0, (byte) count, 0, 0, 0, 0});
        out.write(q, 12, end - 12);
        for (int i = 0; i < count; i++) {
            out.writeBytes(new byte[]{(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4});
            for (String octet : addrs.get(i).split("\\.")) out.write(Integer.parseInt(octet));
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
