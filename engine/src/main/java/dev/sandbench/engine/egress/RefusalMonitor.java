package dev.sandbench.engine.egress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code nft monitor} in a sandbox's network namespace: ruleset changes (the first proves
 * the monitor listens) and the traces of refused packets, which the refusing chains mark. A
 * trace's first line has the packet's header; the line with the verdict names the chain, and so
 * the reason.
 */
final class RefusalMonitor {
    private static final Pattern TRACE = Pattern.compile("^trace id (\\S+) inet sandbench (\\S+) (.*)$");
    private static final Pattern DADDR = Pattern.compile("\\bip6? daddr (\\S+)");
    private static final Pattern PROTO = Pattern.compile("\\b(?:ip protocol|ip6 nexthdr) (\\S+)");
    private static final Pattern DPORT = Pattern.compile("\\b(?:tcp|udp|udplite|sctp|dccp) dport (\\d+)");

    /** One refused packet. {@code port} is 0 for protocols without ports. */
    record Refused(String destination, String protocol, int port, Refusal reason) {}

    private final Map<String, String[]> packets = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
            return size() > 256;
        }
    };
    private final Consumer<Refused> sink;
    /** Completes at the first ruleset change the monitor reports. */
    final CompletableFuture<Void> listening = new CompletableFuture<>();

    RefusalMonitor(Consumer<Refused> sink) {
        this.sink = sink;
    }

    /** Reads until the stream ends (the sandbox stopped). */
    void read(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) accept(line);
        } catch (IOException e) {
            // the monitor ended with its sandbox
        } finally {
            listening.complete(null);
        }
    }

    void accept(String line) {
        Matcher t = TRACE.matcher(line);
        if (!t.matches()) {
            if (!line.isBlank()) listening.complete(null);
            return;
        }
        String id = t.group(1);
        String rest = t.group(3);
        if (rest.startsWith("packet:")) {
            packets.put(id, new String[]{group(DADDR, rest), group(PROTO, rest), group(DPORT, rest)});
            return;
        }
        Refusal reason = Refusal.ofChain(t.group(2));
        if (reason == null || !rest.endsWith("(verdict drop)")) return;
        String[] p = packets.remove(id);
        if (p == null || p[0] == null) return;
        sink.accept(new Refused(p[0], p[1] == null ? "ip" : p[1].replace("ipv6-icmp", "icmpv6"),
                p[2] == null ? 0 : Integer.parseInt(p[2]), reason));
    }

    private static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }
}
