package dev.sandbench.engine.snapshots;

import dev.sandbench.engine.runtime.HostTools;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way the engine writes an archive (the host's find, tar and zstd in one pipeline; host tar
 * named by the engine's own walk; both with a named workspace apart from the sandbox's other
 * directories; the engine's tar into zstd; gzip) gives back the same tree, and
 * the checksum it reports is the SHA-256 of the file it wrote, taken while zstd was still writing.
 */
class ArchiveWritersTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"host-find-tar-zstd", "host-tar-engine-walk", "engine-tar-zstd", "gzip",
            "host-find-tar-zstd, workspace apart", "host-tar-engine-walk, workspace apart"})
    void everyWriterRoundTripsTheTreeWithTheChecksumOfItsFile(String writer) throws IOException {
        Path sandbox = tmp.resolve("sandbox");
        // A named workspace lives apart from its sandbox's home and tmp, under a name of its own
        // (here with characters a regular expression would misread).
        Path workspace = writer.endsWith("apart") ? tmp.resolve("store,x.y+[z]^$/acct/my ws") : sandbox.resolve("workspace");
        Map<String, Path> dirs = seed(sandbox, workspace);
        Optional<Path> tar = HostTools.locate("tar");
        Optional<Path> find = HostTools.locate("find");
        Archives.Tools tools = switch (writer.replace(", workspace apart", "")) {
            case "host-find-tar-zstd" -> new Archives.Tools(tar, find);
            case "host-tar-engine-walk" -> new Archives.Tools(tar, Optional.empty());
            default -> new Archives.Tools(Optional.empty(), Optional.empty());
        };
        String format = writer.equals("gzip") ? Archives.GZIP : Archives.ZSTD;
        Path out = tmp.resolve("archive");
        List<String> heard = new ArrayList<>();
        List<Long> progress = new ArrayList<>();

        Archives.Written w = Archives.write(dirs, out, format, new Archives.Listener() {
            @Override
            public void progress(long bytes) {
                progress.add(bytes);
                heard.add("progress");
            }

            @Override
            public void filesRead() {
                heard.add("files read");
            }
        }, tools);

        assertThat(w.size()).isEqualTo(Files.size(out));
        assertThat(w.sha256()).isEqualTo(sha256(out));
        assertThat(progress).isNotEmpty().isSorted();
        // Told once, after the last progress: the snapshot thaws its sandbox then.
        assertThat(heard).last().isEqualTo("files read");
        assertThat(heard).filteredOn("files read"::equals).hasSize(1);
        Path staging = tmp.resolve("staging");
        for (String top : Archives.TOP) Files.createDirectories(staging.resolve(top));
        Archives.Extracted x = Archives.extract(out, format, staging, 1L << 30, -1);
        assertThat(x.sha256()).isEqualTo(w.sha256());
        Map<String, Path> unpacked = new LinkedHashMap<>();
        for (String top : dirs.keySet()) unpacked.put(top, staging.resolve(top));
        assertThat(tree(unpacked)).isEqualTo(tree(dirs));
    }

    /**
     * Workspace, home and tmp with several MB of text (zstd works while it is hashed), odd names, a
     * link and modes; tmp also holds a path that spells out where home is on the host, and the
     * workspace a relative link whose target does too: renaming host paths must touch neither.
     */
    private static Map<String, Path> seed(Path sandbox, Path workspace) throws IOException {
        // tmp first: its renamed names ("tmp/...") are what a later rename of a directory under /tmp
        // on the host could match again, were it not for the marker.
        Map<String, Path> dirs = new LinkedHashMap<>();
        dirs.put("tmp", Files.createDirectories(sandbox.resolve("tmp")));
        dirs.put("home", Files.createDirectories(sandbox.resolve("home")));
        dirs.put("workspace", Files.createDirectories(workspace));
        Path src = dirs.get("workspace").resolve("src");
        Files.createDirectories(src.resolve("deep"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) text.append(i).append(" line of text\n");
        Files.writeString(src.resolve("big.txt"), text);
        byte[] noise = new byte[3 << 20];
        new java.util.Random(7).nextBytes(noise);
        Files.write(src.resolve("deep/noise.bin"), noise);
        Files.writeString(src.resolve("-dash and space é.txt"), "odd\n");
        Files.writeString(src.resolve("secret.txt"), "mode 600\n");
        Files.setPosixFilePermissions(src.resolve("secret.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(dirs.get("workspace").resolve("link"), Path.of("src/big.txt"));
        String homeOnHost = dirs.get("home").toAbsolutePath().toString().substring(1);
        Files.createSymbolicLink(dirs.get("workspace").resolve("hostlike"), Path.of(homeOnHost + "/x"));
        // tmp/<home's host path less its first "tmp/"> is, once renamed, exactly home's host path.
        assertThat(homeOnHost).startsWith("tmp/");
        Path mirror = Files.createDirectories(dirs.get("tmp").resolve(homeOnHost.substring("tmp/".length())));
        Files.writeString(mirror.resolve("inside.txt"), "stays in tmp\n");
        Files.writeString(dirs.get("home").resolve(".profile"), "export X=1\n");
        Files.writeString(dirs.get("tmp").resolve("t.txt"), "tmp\n");
        return dirs;
    }

    /** Name in the archive -> type, mode and content hash (or link target), for every entry under the directories. */
    private static Map<String, String> tree(Map<String, Path> dirs) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (Map.Entry<String, Path> d : dirs.entrySet()) {
            try (Stream<Path> all = Files.walk(d.getValue())) {
                for (Path p : all.toList()) {
                    String rel = d.getKey() + "/" + d.getValue().relativize(p);
                    if (Files.isSymbolicLink(p)) {
                        m.put(rel, "link " + Files.readSymbolicLink(p));
                    } else {
                        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                        m.put(rel, Files.isDirectory(p) ? "dir " + mode : "file " + mode + " " + sha256(p));
                    }
                }
            }
        }
        return m;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
