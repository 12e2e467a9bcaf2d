package dev.sandbench.engine.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A seccomp filter that refuses the kernel keyring calls (add_key, request_key, keyctl) with EPERM
 * in every sandbox process. Keyrings are keyed by host uid, not by namespace: where a sandbox runs
 * as the engine's own uid (an ordinary user's engine), it could otherwise view the user's keys and
 * clear or add to the user's keyring. Docker's default profile refuses the same calls.
 * The filter is a classic BPF program, installed by the runner (the sandbox's PID 1, so every
 * command inherits it) and by a perl prefix on every nsenter chain; both need no_new_privs, which
 * every sandbox process has.
 */
public final class Seccomp {
    private static final int LD_W_ABS = 0x20;
    private static final int JEQ_K = 0x15;
    private static final int RET_K = 0x06;
    private static final int RET_ALLOW = 0x7fff0000;
    private static final int RET_EPERM = 0x00050000 | 1;

    /** audit arch, then the add_key, request_key and keyctl numbers on it (x32 shares x86_64's with bit 30 set). */
    private static final int[][] ARCHES = {
            {0xC000003E, 248, 249, 250, 0x40000000 | 248, 0x40000000 | 249, 0x40000000 | 250}, // x86_64, x32
            {0x40000003, 286, 287, 288},                                                         // i386
            {0xC00000B7, 217, 218, 219},                                                         // aarch64
            {0x40000028, 309, 310, 311},                                                         // arm
    };

    private Seccomp() {}

    /** The filter as hex (host byte order), or null on an architecture whose prctl number is unknown. */
    public static String filterHex() {
        return prctlNumber() == 0 ? null : HexFormat.of().formatHex(program());
    }

    /** prctl's syscall number here, or 0 where unknown. */
    public static int prctlNumber() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 157;
            case "aarch64" -> 167;
            default -> 0;
        };
    }

    static byte[] program() {
        List<int[]> insns = new ArrayList<>();
        insns.add(new int[]{LD_W_ABS, 0, 0, 4}); // seccomp_data.arch
        List<Integer> denyJumps = new ArrayList<>();
        for (int[] arch : ARCHES) {
            int n = arch.length - 1;
            insns.add(new int[]{JEQ_K, 0, n + 2, arch[0]}); // another arch: skip this block
            insns.add(new int[]{LD_W_ABS, 0, 0, 0});        // seccomp_data.nr
            for (int i = 1; i <= n; i++) {
                denyJumps.add(insns.size());
                insns.add(new int[]{JEQ_K, -1, 0, arch[i]});
            }
            insns.add(new int[]{RET_K, 0, 0, RET_ALLOW});
        }
        insns.add(new int[]{RET_K, 0, 0, RET_ALLOW});
        int deny = insns.size();
        insns.add(new int[]{RET_K, 0, 0, RET_EPERM});
        for (int at : denyJumps) {
            insns.get(at)[1] = deny - at - 1;
        }
        ByteBuffer b = ByteBuffer.allocate(insns.size() * 8).order(ByteOrder.nativeOrder());
        for (int[] in : insns) {
            if (in[1] > 255 || in[2] > 255) throw new IllegalStateException("seccomp jump too far");
            b.putShort((short) in[0]).put((byte) in[1]).put((byte) in[2]).putInt(in[3]);
        }
        return b.array();
    }

    /**
     * A command prefix that installs the filter and then execs the rest of the command line
     * (empty when the filter or perl is unavailable).
     */
    static List<String> prefix() {
        String hex = filterHex();
        if (hex == null || !Runner.available()) return List.of();
        // SIGXFSZ ignored (kept across exec): past a file size limit a write fails with EFBIG instead of killing.
        return List.of(Runner.PERL, "-e", "$SIG{XFSZ} = 'IGNORE'; my $f = pack('H*', shift); my $p = pack('S x6 P', length($f) / 8, $f); "
                + "syscall(" + prctlNumber() + ", 22, 2, $p) == 0 or die \"seccomp: $!\\n\"; "
                + "exec {$ARGV[0]} @ARGV or die \"exec $ARGV[0]: $!\\n\";", hex);
    }
}
