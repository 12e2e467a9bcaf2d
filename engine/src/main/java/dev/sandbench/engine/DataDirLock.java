package dev.sandbench.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * One engine per data directory. Two engines on one directory would share its database and each
 * recover (restart, stop, clean up) the other's sandboxes. The holder keeps an exclusive lock on
 * {@code engine.lock} for its lifetime (the kernel drops it when the process dies, so a crash never
 * leaves a stale lock) and writes its process id and URL into it, so whoever finds the directory
 * taken knows where that engine answers.
 */
public final class DataDirLock implements AutoCloseable {
    static final String FILE = "engine.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory, or throws {@link InUseException} naming the engine that has it. */
    static DataDirLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // another engine in this very process has it
        }
        if (l == null) {
            ch.close();
            Properties holder = read(dataDir);
            throw new InUseException(dataDir, holder.getProperty("pid"), holder.getProperty("url"));
        }
        DataDirLock d = new DataDirLock(ch, l);
        d.write(ProcessHandle.current().pid(), null);
        return d;
    }

    /** Says where this engine answers, once it listens. */
    void publish(String url) throws IOException {
        write(ProcessHandle.current().pid(), url);
    }

    private void write(long pid, String url) throws IOException {
        String text = "pid=" + pid + "\n" + (url == null ? "" : "url=" + url + "\n");
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    /** The URL of the engine holding {@code dataDir}, once it listens (null before, or when nobody holds it). */
    public static String holderUrl(Path dataDir) {
        return read(dataDir).getProperty("url");
    }

    /** What the holder of a directory wrote (empty when nobody did). */
    static Properties read(Path dataDir) {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(Files.readString(dataDir.resolve(FILE), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            // never held
        } catch (IOException e) {
            // unreadable: the caller reports the directory as taken without details
        }
        return p;
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }

    /** The data directory is held by another engine, which answers at {@link #url()} (null while it starts). */
    public static final class InUseException extends IOException {
        private final String pid;
        private final String url;

        InUseException(Path dir, String pid, String url) {
            super("the data directory " + dir + " is in use by another engine" + (pid == null ? "" : " (process " + pid)
                    + (url == null ? (pid == null ? "" : ")") : ", " + url + ")")
                    + ": stop it, or give this one its own --data-dir");
            this.pid = pid;
            this.url = url;
        }

        public String pid() { return pid; }

        public String url() { return url; }
    }
}
