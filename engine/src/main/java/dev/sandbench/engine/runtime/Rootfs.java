package dev.sandbench.engine.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's view of the system: the host's /usr read-only, merged-/usr links, and a
 * generated /etc holding only what programs need (no shadow, no ssh keys, no host names).
 * Built once per engine; the bwrap arguments are reused for every sandbox.
 */
final class Rootfs {
    /** Host /etc entries that are safe and useful inside (public data only: no /etc/ssl/private). */
    private static final List<String> ETC_FROM_HOST = List.of(
            "alternatives", "ssl/certs", "ca-certificates", "ca-certificates.conf", "ld.so.cache", "ld.so.conf",
            "ld.so.conf.d", "localtime", "timezone", "mime.types", "protocols", "services", "bash.bashrc",
            "profile", "profile.d", "inputrc", "terminfo", "magic", "magic.mime", "gitconfig", "vim",
            "nanorc", "mailcap", "locale.alias", "java-17-openjdk", "R", "gai.conf", "host.conf");

    /**
     * Where the sandbox finds commands that images of other platforms have under their plain name
     * but this host only under a versioned one ({@code python} for {@code python3}): templates
     * named {@code python-312} are used with {@code python --version}. Last on the sandbox's PATH,
     * so a host that has the plain name wins.
     */
    static final String ALIASES_DIR = "/opt/sandbench/bin";
    private static final List<String[]> ALIASES = List.of(new String[]{"python", "python3"}, new String[]{"pip", "pip3"});

    private final List<String> args;

    private Rootfs(List<String> args) {
        this.args = List.copyOf(args);
    }

    List<String> args() {
        return args;
    }

    static Rootfs build(Path etcDir, int uid, int gid) throws IOException {
        List<String> a = new ArrayList<>();
        a.add("--ro-bind");
        a.add("/usr");
        a.add("/usr");
        for (String top : List.of("bin", "sbin", "lib", "lib64", "lib32", "libx32")) {
            Path p = Path.of("/", top);
            if (Files.isSymbolicLink(p)) {
                a.add("--symlink");
                a.add(Files.readSymbolicLink(p).toString());
                a.add("/" + top);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                a.add("--ro-bind");
                a.add(p.toString());
                a.add(p.toString());
            }
        }
        aliases(a);
        writeEtc(etcDir, uid, gid);
        copyHostEtc(etcDir);
        a.add("--ro-bind");
        a.add(etcDir.toString());
        a.add("/etc");
        return new Rootfs(a);
    }

    /** Symlinks in the sandbox's own root (no mount, so no cost per sandbox) for the plain names the host lacks. */
    private static void aliases(List<String> a) {
        List<String> links = new ArrayList<>();
        for (String[] alias : ALIASES) {
            if (onHost(alias[0]) != null) continue;
            String target = onHost(alias[1]);
            if (target != null) links.addAll(List.of("--symlink", target, ALIASES_DIR + "/" + alias[0]));
        }
        if (links.isEmpty()) return;
        a.addAll(List.of("--dir", ALIASES_DIR)); // made explicitly: parents implied by --symlink would be 0700
        a.addAll(links);
    }

    /** A command in the host's /usr as the sandbox sees it, or null. */
    private static String onHost(String command) {
        for (String dir : List.of("/usr/local/bin", "/usr/bin")) {
            if (Files.isExecutable(Path.of(dir, command))) return dir + "/" + command;
        }
        return null;
    }

    /**
     * Copies the public host /etc entries into the generated /etc once per engine start. One
     * bind mount of the result is much cheaper per sandbox than a bind per entry (each mount
     * costs bwrap about 0.3 ms). Symlinks are copied as links, never followed; only files every
     * host user may read are copied.
     */
    private static void copyHostEtc(Path etcDir) throws IOException {
        List<String> entries = new ArrayList<>(ETC_FROM_HOST);
        try (DirectoryStream<Path> py = Files.newDirectoryStream(Path.of("/etc"), "python3*")) {
            py.forEach(p -> entries.add(p.getFileName().toString()));
        } catch (IOException ignored) {
            // no python config on this host
        }
        for (String e : entries) {
            Path host = Path.of("/etc").resolve(e);
            if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) continue;
            Path target = etcDir.resolve(e);
            Files.createDirectories(target.getParent());
            copyTree(host, target);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path t = source.equals(p) ? target : target.resolve(source.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.deleteIfExists(t);
                    Files.createSymbolicLink(t, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && worldReadable(p)) {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean worldReadable(Path p) throws IOException {
        return Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
    }

    private static void writeEtc(Path etc, int uid, int gid) throws IOException {
        Files.createDirectories(etc);
        write(etc.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/sh
                user:x:%d:%d:Sandbox user:/home/user:/bin/bash
                nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
                """.formatted(uid, gid));
        write(etc.resolve("group"), """
                root:x:0:
                user:x:%d:
                nogroup:x:65534:
                """.formatted(gid));
        write(etc.resolve("hosts"), """
                127.0.0.1\tlocalhost sandbox
                ::1\tlocalhost ip6-localhost ip6-loopback
                """);
        // slirp4netns answers DNS on 10.0.2.3 in "full" network mode; in "none" lookups fail fast.
        write(etc.resolve("resolv.conf"), "nameserver 10.0.2.3\noptions timeout:2 attempts:1\n");
        write(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\nnetworks: files\n");
        write(etc.resolve("hostname"), "sandbox\n");
        write(etc.resolve("os-release"), osRelease());
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String osRelease() {
        for (String p : List.of("/etc/os-release", "/usr/lib/os-release")) {
            try {
                return Files.readString(Path.of(p));
            } catch (IOException ignored) {
                // try the next
            }
        }
        return "NAME=Linux\n";
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
}
