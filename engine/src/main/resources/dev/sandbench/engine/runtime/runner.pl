# Sandbench command runner: the sandbox's PID 1. It forks the engine's commands on request, so a
# command costs one fork+exec, and as the namespace's init it cannot be killed from inside.
# It also reaps every orphan. Frames both ways: u32 length, u8 type, u32 id, payload.
#   engine -> runner  S start (cwd \0 argc \0 argv... \0 env...), I stdin (empty = EOF), K kill,
#                     G gate (1: exec the started command, 0: kill it; only when the runner was told to wait)
#   runner -> engine  R ready, P started (pid), O stdout, E stderr, X exited (wait status),
#                     C output closed, F failed to start (message)
# Only core builtins: modules such as POSIX would triple the start-up time of every sandbox.
# Linux constants: WNOHANG 1, EINTR 4, EAGAIN 11, F_GETFL 3, F_SETFL 4, O_NONBLOCK 04000.
use strict;
my ($SYS_PRCTL, $SYS_SETSID, $SECCOMP, $GATED) = @ARGV;
# Not dumpable: other processes of the sandbox cannot open the runner's pipes via /proc.
syscall($SYS_PRCTL, 4, 0) if $SYS_PRCTL;
# The engine's seccomp filter (runtime/Seccomp.java), inherited by every command: no_new_privs
# first (PR_SET_NO_NEW_PRIVS 38), then PR_SET_SECCOMP 22 with SECCOMP_MODE_FILTER 2. Fail closed.
if ($SYS_PRCTL && $SECCOMP) {
    my $filter = pack('H*', $SECCOMP);
    my $prog = pack('S x6 P', length($filter) / 8, $filter);
    syscall($SYS_PRCTL, 38, 1, 0, 0, 0) == 0 && syscall($SYS_PRCTL, 22, 2, $prog) == 0
        or die "cannot install the seccomp filter: $!\n";
}
$SIG{PIPE} = 'IGNORE';
binmode STDIN;
binmode STDOUT;

pipe(my $wake_r, my $wake_w) or die "pipe: $!";
nonblock($wake_r);
nonblock($wake_w);
$SIG{CHLD} = sub { syswrite($wake_w, "x") };

my (%pid_of, %id_of_pid, %outs, %stdin_of, %pending, %eof_wanted, %reader, %writer, %gate);
my $inbuf = '';

sub nonblock { my $fh = shift; my $fl = fcntl($fh, 3, 0); fcntl($fh, 4, $fl | 04000); }

sub send_frame {
    my ($type, $id, $data) = @_;
    $data = '' unless defined $data;
    my $frame = pack('NaN', 5 + length($data), $type, $id) . $data;
    my $off = 0;
    while ($off < length $frame) {
        my $n = syswrite(STDOUT, $frame, length($frame) - $off, $off);
        if (!defined $n) { next if $! + 0 == 4; exit 0; }
        $off += $n;
    }
}

sub start_child {
    my ($id, $payload) = @_;
    my @f = split /\0/, $payload, -1;
    my $cwd = shift @f;
    my $argc = shift @f;
    my @argv = splice(@f, 0, $argc);
    my @env = @f;
    my ($ir, $iw, $or, $ow, $er, $ew, $gr, $gw);
    unless (pipe($ir, $iw) && pipe($or, $ow) && pipe($er, $ew)) { send_frame('F', $id, "pipe: $!"); return; }
    # Gated (an engine running as root): the child waits before exec until the engine has given it
    # an OOM score it cannot lower (this runner is exempt from the OOM killer, and children inherit that).
    if ($GATED && !pipe($gr, $gw)) { send_frame('F', $id, "pipe: $!"); close $_ for ($ir, $iw, $or, $ow, $er, $ew); return; }
    my $pid = fork();
    if (!defined $pid) { send_frame('F', $id, "fork: $!"); close $_ for grep { defined } ($ir, $iw, $or, $ow, $er, $ew, $gr, $gw); return; }
    if ($pid == 0) {
        $SIG{PIPE} = 'DEFAULT';
        $SIG{CHLD} = 'DEFAULT';
        # Past a file size limit (a measured disk limit) a write fails with EFBIG instead of killing the writer.
        $SIG{XFSZ} = 'IGNORE';
        if ($GATED) {
            close $gw;
            my $go = '';
            1 while !defined sysread($gr, $go, 1) && $! + 0 == 4;
            exit 126 unless $go eq '1';
            close $gr;
        } else {
            # An ordinary user's engine: raising its own score is all a command may do (it could lower it
            # back). Dumpable again first (as exec would make it), or its /proc files are not its own.
            syscall($SYS_PRCTL, 4, 1) if $SYS_PRCTL;
            if (open(my $oom, '>', '/proc/self/oom_score_adj')) { print $oom "500"; close $oom; }
        }
        syscall($SYS_SETSID) if $SYS_SETSID;
        open(STDIN, '<&', $ir); open(STDOUT, '>&', $ow); open(STDERR, '>&', $ew);
        %ENV = map { split(/=/, $_, 2) } @env;
        unless (chdir $cwd) { syswrite(STDERR, "cannot change directory to '$cwd': $!\n"); exit 125; }
        exec { $argv[0] } @argv;
        syswrite(STDERR, "$argv[0]: $!\n");
        exit 127;
    }
    close $ir; close $ow; close $ew;
    if ($GATED) { close $gr; $gate{$id} = $gw; }
    nonblock($iw); nonblock($or); nonblock($er);
    $pid_of{$id} = $pid;
    $id_of_pid{$pid} = $id;
    $stdin_of{$id} = $iw;
    $pending{$id} = '';
    $outs{$id} = 2;
    $reader{fileno $or} = [$id, 'O', $or];
    $reader{fileno $er} = [$id, 'E', $er];
    send_frame('P', $id, $pid);
}

sub drain {
    my ($fd) = @_;
    my $r = $reader{$fd} or return;
    my ($id, $type, $fh) = @$r;
    while (1) {
        my $n = sysread($fh, my $buf, 65536);
        if (!defined $n) { return if $! + 0 == 11; next if $! + 0 == 4; $n = 0; }
        if ($n == 0) {
            delete $reader{$fd};
            close $fh;
            send_frame('C', $id, '') if --$outs{$id} == 0;
            return;
        }
        send_frame($type, $id, $buf);
    }
}

sub flush_stdin {
    my ($id) = @_;
    my $fh = $stdin_of{$id} or return;
    while (length $pending{$id}) {
        my $n = syswrite($fh, $pending{$id});
        if (!defined $n) {
            if ($! + 0 == 11) { $writer{fileno $fh} = $id; return; }
            $pending{$id} = '';
            last;
        }
        substr($pending{$id}, 0, $n) = '';
    }
    delete $writer{fileno $fh};
    if ($eof_wanted{$id}) { close $fh; delete $stdin_of{$id}; }
}

sub reap {
    while ((my $pid = waitpid(-1, 1)) > 0) {
        my $status = $?;
        my $id = delete $id_of_pid{$pid};
        next unless defined $id;
        for my $fd (keys %reader) { drain($fd) if $reader{$fd} && $reader{$fd}[0] == $id; }
        if (my $fh = delete $stdin_of{$id}) { delete $writer{fileno $fh}; close $fh; }
        delete $pending{$id};
        delete $eof_wanted{$id};
        delete $pid_of{$id};
        if (my $gw = delete $gate{$id}) { close $gw; }
        send_frame('X', $id, $status);
    }
}

sub handle_frame {
    my ($type, $id, $payload) = @_;
    if ($type eq 'S') { start_child($id, $payload); }
    elsif ($type eq 'I') {
        return unless exists $stdin_of{$id};
        if (length $payload) { $pending{$id} .= $payload; } else { $eof_wanted{$id} = 1; }
        flush_stdin($id);
    }
    elsif ($type eq 'G') {
        my $gw = delete $gate{$id} or return;
        syswrite($gw, $payload eq '1' ? '1' : '0');
        close $gw;
    }
    elsif ($type eq 'K') {
        my $pid = $pid_of{$id} or return;
        kill -$payload, $pid;
        kill $payload, $pid;
    }
}

send_frame('R', 0, $$);
while (1) {
    my ($rin, $win) = ('', '');
    vec($rin, 0, 1) = 1;
    vec($rin, fileno($wake_r), 1) = 1;
    vec($rin, $_, 1) = 1 for keys %reader;
    vec($win, $_, 1) = 1 for keys %writer;
    my $n = select(my $rout = $rin, my $wout = $win, undef, undef);
    if ($n < 0) { reap(); next; }
    if (vec($rout, fileno($wake_r), 1)) { 1 while sysread($wake_r, my $b, 512); reap(); }
    if (vec($rout, 0, 1)) {
        my $got = sysread(STDIN, $inbuf, 65536, length $inbuf);
        if (!defined $got) { next if $! + 0 == 4; exit 0; }
        exit 0 if $got == 0;
        while (length($inbuf) >= 4) {
            my $len = unpack('N', $inbuf);
            last if length($inbuf) < 4 + $len;
            my ($type, $id) = unpack('aN', substr($inbuf, 4, 5));
            my $payload = substr($inbuf, 9, $len - 5);
            substr($inbuf, 0, 4 + $len) = '';
            handle_frame($type, $id, $payload);
        }
    }
    for my $fd (keys %reader) { drain($fd) if $reader{$fd} && vec($rout, $fd, 1); }
    for my $fd (keys %writer) { flush_stdin($writer{$fd}) if defined $writer{$fd} && vec($wout, $fd, 1); }
    reap();
}
