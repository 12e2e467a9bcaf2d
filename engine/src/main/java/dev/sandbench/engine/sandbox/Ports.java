package dev.sandbench.engine.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/** Listening TCP ports inside a sandbox's network namespace, read from its /proc/net. */
public final class Ports {
    /** The contract's Port (exact fields). */
    public record Port(int port, String protocol, String state, String url) {}

    private Ports() {}

    public static List<Port> listening(long initPid) {
        TreeSet<Integer> ports = new TreeSet<>();
        for (String f : List.of("tcp", "tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(initPid), "net", f));
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length > 3 && cols[3].equals("0A")) {
                        String local = cols[1];
                        ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // the sandbox stopped meanwhile
            }
        }
        // Ports are not forwarded to the host yet, so there is no URL to give.
        return ports.stream().map(p -> new Port(p, "tcp", "listening", null)).toList();
    }
}
