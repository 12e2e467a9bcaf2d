# Sandbench's helper in a sandbox's network namespace, run by the engine on the host.
# argv: mode pid enter-user uid gid setns capset prctl [-- command...]
#   exec: join the sandbox's network namespace (and, for an engine that is not root, its user
#         namespace, where that engine holds every capability), keep only CAP_NET_ADMIN (also as
#         an ambient capability, so the command keeps it across execve) and run the command: nft, ip.
#   dns:  join the same way, bind UDP 10.0.2.3:53 (the sandbox's resolv.conf nameserver), drop every
#         privilege (root engine: to the sandbox's host uid) and relay queries to the engine over
#         stdout and answers back from stdin, as frames: u32 id, u16 length, message.
# The kernel kills the helper with its parent (the engine). No modules beyond Socket: starts fast.
use strict;
use Socket;
my ($mode, $pid, $user, $uid, $gid, $setns, $capset, $prctl) = splice(@ARGV, 0, 8);
shift @ARGV if @ARGV && $ARGV[0] eq '--';
syscall($prctl, 1, 9) == 0 or die "pdeathsig: $!\n";
my @ns = (['net', 0x40000000]);
unshift @ns, ['user', 0x10000000] if $user;
for my $n (@ns) {
    open(my $fh, '<', "/proc/$pid/ns/$n->[0]") or die "open $n->[0] namespace: $!\n";
    syscall($setns, fileno($fh), $n->[1]) == 0 or die "setns $n->[0]: $!\n";
}

sub caps {
    my ($mask) = @_;
    my $hdr = pack('LL', 0x20080522, 0);
    my $data = pack('LLLLLL', $mask, $mask, $mask, 0, 0, 0);
    syscall($capset, $hdr, $data) == 0 or die "capset: $!\n";
}

if ($mode eq 'exec') {
    if ($user) {
        caps(1 << 12);
        syscall($prctl, 47, 2, 12, 0, 0) == 0 or die "ambient CAP_NET_ADMIN: $!\n";
    }
    exec { $ARGV[0] } @ARGV or die "exec $ARGV[0]: $!\n";
}
die "unknown mode $mode\n" unless $mode eq 'dns';

socket(my $s, PF_INET, SOCK_DGRAM, 0) or die "socket: $!\n";
bind($s, pack_sockaddr_in(53, inet_aton('10.0.2.3'))) or die "bind 10.0.2.3:53: $!\n";
if ($user) {
    caps(0);
} else {
    $) = "$gid $gid"; $( = $gid; $< = $> = $uid;
    die "could not drop to uid $uid\n" if $< != $uid || $> != $uid;
}
syscall($prctl, 38, 1, 0, 0, 0);    # PR_SET_NO_NEW_PRIVS
binmode STDIN; binmode STDOUT;
syswrite(STDOUT, "ready\n");
my (%peer, $in);
my $next = 0;
my $rin = '';
vec($rin, fileno($s), 1) = 1;
vec($rin, fileno(STDIN), 1) = 1;
while (1) {
    select(my $rout = $rin, undef, undef, undef) > 0 or next;
    if (vec($rout, fileno($s), 1)) {
        my $from = recv($s, my $q, 4096, 0);
        if (defined $from && length $q >= 12) {
            %peer = () if keys %peer > 4096;
            $next = ($next + 1) % 0x7fffffff;
            $peer{$next} = $from;
            syswrite(STDOUT, pack('Nn', $next, length $q) . $q) or exit 0;
        }
    }
    if (vec($rout, fileno(STDIN), 1)) {
        sysread(STDIN, $in, 65536, length($in // '')) or exit 0;
        while (length $in >= 6) {
            my ($id, $n) = unpack('Nn', $in);
            last if length $in < 6 + $n;
            my $answer = substr($in, 6, $n);
            substr($in, 0, 6 + $n) = '';
            my $to = delete $peer{$id};
            send($s, $answer, 0, $to) if $to;
        }
    }
}
