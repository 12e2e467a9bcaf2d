package dev.sandbench.engine.storage;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The two btrfs ioctls a sandbox create needs, through JNA (a spawned {@code btrfs} costs 10-40 ms
 * each). Request numbers are _IOW/_IOR of the kernel's uapi/linux/btrfs.h, the same on x86-64 and arm64.
 */
final class Btrfs {
    /** _IOW(0x94, 14, struct btrfs_ioctl_vol_args): 4096 bytes, a name at offset 8. */
    private static final long SUBVOL_CREATE = 0x5000940EL;
    /** _IOR(0x94, 43, struct btrfs_ioctl_qgroup_limit_args): qgroup id (0: the fd's subvolume) and limits. */
    private static final long QGROUP_LIMIT = 0x8030942BL;
    private static final long LIMIT_MAX_RFER = 1;
    private static final LinkageError MISSING;

    static {
        LinkageError missing = null;
        try {
            Native.register(Btrfs.class, Platform.C_LIBRARY_NAME);
        } catch (LinkageError e) {
            missing = e;
        }
        MISSING = missing;
    }

    private Btrfs() {}

    static boolean available() {
        return MISSING == null;
    }

    private static native int open(String path, int flags) throws LastErrorException;

    private static native int close(int fd);

    private static native int ioctl(int fd, long request, byte[] arg) throws LastErrorException;

    /** Creates subvolume {@code dir} (its parent must exist). */
    static void createSubvolume(Path dir) throws IOException {
        byte[] name = dir.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        byte[] args = new byte[4096];
        System.arraycopy(name, 0, args, 8, name.length);
        call(dir.getParent(), SUBVOL_CREATE, args, "cannot create the volume " + dir.getFileName());
    }

    /** Limits what subvolume {@code dir} refers to (its referenced bytes) to {@code bytes}. */
    static void limitReferenced(Path dir, long bytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.nativeOrder());
        b.putLong(0).putLong(LIMIT_MAX_RFER).putLong(bytes).putLong(0).putLong(0).putLong(0);
        call(dir, QGROUP_LIMIT, b.array(), "cannot set the disk limit of " + dir.getFileName());
    }

    private static void call(Path dir, long request, byte[] args, String what) throws IOException {
        if (MISSING != null) throw new IOException(what + ": no C library through JNA");
        int fd;
        try {
            fd = open(dir.toString(), 0);
        } catch (LastErrorException e) {
            throw new IOException(what + ": open failed, errno " + e.getErrorCode());
        }
        try {
            ioctl(fd, request, args);
        } catch (LastErrorException e) {
            throw new IOException(what + ": errno " + e.getErrorCode());
        } finally {
            close(fd);
        }
    }
}
