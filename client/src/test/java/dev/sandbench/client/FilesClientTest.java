package dev.sandbench.client;

import dev.sandbench.client.files.FileEntry;
import dev.sandbench.client.files.FileType;
import dev.sandbench.client.files.Transfer;
import dev.sandbench.client.sandboxes.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilesClientTest {
    static final long BIG = 200L * 1024 * 1024;
    static EngineFixture f;
    static SandbenchClient sb;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        f = new EngineFixture();
        sb = f.client;
        Sandbox box = sb.sandboxes().create();
        id = box.id();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void textFilesDirectoriesMovesAndDeletes() {
        sb.files().writeText(id, "notes/a.txt", "héllo");
        assertThat(sb.files().readText(id, "/workspace/notes/a.txt")).isEqualTo("héllo");
        assertThat(sb.files().list(id, "/workspace/notes")).extracting(FileEntry::name).containsExactly("a.txt");
        FileEntry dir = sb.files().mkdir(id, "/workspace/m/n");
        assertThat(dir.type()).isEqualTo(FileType.DIR);
        FileEntry moved = sb.files().move(id, "/workspace/notes/a.txt", "/workspace/m/n/b.txt", false);
        assertThat(moved.path()).isEqualTo("/workspace/m/n/b.txt");
        assertThat(sb.files().stat(id, "/workspace/m/n/b.txt").size()).isEqualTo("héllo".getBytes().length);
        assertThat(sb.files().readBytes(id, "/workspace/m/n/b.txt", 1, 2)).isEqualTo("é".getBytes());
        assertThatThrownBy(() -> sb.files().delete(id, "/workspace/m", false)).isInstanceOf(ConflictException.class);
        sb.files().delete(id, "/workspace/m", true);
        assertThatThrownBy(() -> sb.files().stat(id, "/workspace/m")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sb.files().readText(id, "../etc/shadow")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sb.files().writeText(id, "/usr/x", "x")).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void theWorkspacesGitDiffIsEmptyUntilARepositoryChanges() {
        Sandbox box = sb.sandboxes().create();
        assertThat(sb.files().gitDiff(box.id())).isEmpty();
        sb.exec().run(box.id(), "printf 'one\\n' > f.txt && git init -q && git add f.txt && "
                + "git -c user.name=t -c user.email=t@t commit -qm one");
        sb.files().writeText(box.id(), "f.txt", "two\n");
        assertThat(sb.files().gitDiff(box.id())).startsWith("diff --git a/f.txt b/f.txt").contains("-one", "+two");
        sb.sandboxes().destroy(box.id());
    }

    @Test
    void twoHundredMegabytesGoUpAndComeBackIntact(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("big.bin");
        String hash = writeRandom(src, BIG);
        AtomicLong upSeen = new AtomicLong();
        long[] upTotal = {0};
        FileEntry up = sb.files().upload(id, src, "/workspace/big.bin", true, (done, total) -> {
            upSeen.set(done);
            upTotal[0] = total;
        }).await();
        assertThat(up.size()).isEqualTo(BIG);
        assertThat(upSeen.get()).isEqualTo(BIG);
        assertThat(upTotal[0]).isEqualTo(BIG);
        assertThat(sb.exec().run(id, "sha256sum /workspace/big.bin | cut -d' ' -f1").stdout().trim()).isEqualTo(hash);

        Path back = tmp.resolve("back.bin");
        AtomicLong downSeen = new AtomicLong();
        sb.files().download(id, "/workspace/big.bin", back, false, (done, total) -> downSeen.set(done)).await();
        assertThat(downSeen.get()).isEqualTo(BIG);
        assertThat(sha256(back)).isEqualTo(hash);
        assertThat(tmp.resolve("back.bin.part")).doesNotExist();
        sb.files().delete(id, "/workspace/big.bin", false);
    }

    @Test
    void aCancelledUploadLeavesNoPartialFile(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("big.bin");
        writeRandom(src, BIG);
        Transfer<FileEntry>[] holder = new Transfer[1];
        holder[0] = sb.files().upload(id, src, "/workspace/cancelled.bin", true, (done, total) -> {
            if (done > 20L * 1024 * 1024 && holder[0] != null) holder[0].cancel();
        });
        assertThatThrownBy(holder[0]::await).isInstanceOf(CancellationException.class);
        // The engine notices the broken upload and removes its temporary file.
        for (int i = 0; i < 50 && !sb.exec().run(id, "ls -a /workspace").stdout().contains(".sandbench-upload")
                && i < 3; i++) {
            Thread.sleep(100);
        }
        for (int i = 0; i < 50 && sb.exec().run(id, "ls -a /workspace").stdout().contains(".sandbench-upload"); i++) {
            Thread.sleep(100);
        }
        String listing = sb.exec().run(id, "ls -a /workspace").stdout();
        assertThat(listing).doesNotContain("cancelled.bin").doesNotContain(".sandbench-upload");
    }

    @Test
    void anInterruptedDownloadResumesWithARange(@TempDir Path tmp) throws Exception {
        sb.exec().run(id, "head -c 3000000 /dev/urandom > /workspace/r.bin");
        Path whole = tmp.resolve("whole.bin");
        sb.files().download(id, "/workspace/r.bin", whole, false, (d, t) -> { }).await();
        // Leave only the first megabyte, as a broken download would.
        Path target = tmp.resolve("r.bin");
        Path part = tmp.resolve("r.bin.part");
        try (InputStream in = Files.newInputStream(whole); OutputStream out = Files.newOutputStream(part)) {
            out.write(in.readNBytes(1_000_000));
        }
        long[] first = {-1};
        sb.files().download(id, "/workspace/r.bin", target, true, (done, total) -> {
            if (first[0] < 0) first[0] = done;
        }).await();
        assertThat(first[0]).isGreaterThan(1_000_000);
        assertThat(sha256(target)).isEqualTo(sha256(whole));
    }

    @Test
    void foldersGoUpAndComeBack(@TempDir Path tmp) throws Exception {
        Path proj = tmp.resolve("proj");
        Files.createDirectories(proj.resolve("src/deep"));
        Files.writeString(proj.resolve("README.md"), "# proj\n");
        Files.writeString(proj.resolve("src/main.py"), "print('hi')\n");
        Files.writeString(proj.resolve("src/deep/run.sh"), "#!/bin/sh\necho run\n");
        List<FileEntry> up = sb.files().uploadFolder(id, proj, "/workspace/up", true, (d, t) -> { }).await();
        assertThat(up).extracting(FileEntry::path).containsExactlyInAnyOrder("/workspace/up/proj/README.md",
                "/workspace/up/proj/src/main.py", "/workspace/up/proj/src/deep/run.sh");
        sb.exec().run(id, "chmod +x /workspace/up/proj/src/deep/run.sh");

        Path out = tmp.resolve("out");
        sb.files().downloadFolder(id, "/workspace/up/proj", out, (d, t) -> { }).await();
        assertThat(Files.readString(out.resolve("src/main.py"))).isEqualTo("print('hi')\n");
        assertThat(Files.isExecutable(out.resolve("src/deep/run.sh"))).isTrue();

        Path archive = tmp.resolve("proj.tar.gz");
        sb.files().downloadArchive(id, "/workspace/up/proj", archive, true, (d, t) -> { }).await();
        assertThat(Files.size(archive)).isPositive();
        assertThatThrownBy(() -> sb.files().downloadFolder(id, "/workspace/none", tmp.resolve("x"), (d, t) -> { }).await())
                .isInstanceOf(NotFoundException.class);
    }

    static String writeRandom(Path file, long size) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 20];
        Random r = new Random(42);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
