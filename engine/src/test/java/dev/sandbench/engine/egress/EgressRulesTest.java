package dev.sandbench.engine.egress;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.runtime.BubblewrapRuntime;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The policy's parts that need no sandbox: rules, names, DNS messages, the ruleset, the monitor's lines. */
class EgressRulesTest {
    @Test
    void networksAreParsedWithoutDnsAndCanonicalised() throws Exception {
        assertThat(Cidr.parse("203.0.113.77/24")).hasToString("203.0.113.0/24");
        assertThat(Cidr.parse("198.51.100.7")).hasToString("198.51.100.7");
        assertThat(Cidr.parse("2001:DB8:0:0:0:0:0:1")).hasToString("2001:db8::1");
        assertThat(Cidr.parse("::ffff:0:0/96")).hasToString("::ffff:0:0/96");
        assertThat(Cidr.parse("fd00:ec2::254").v6()).isTrue();
        assertThat(Cidr.parse("10.0.0.0/33")).isNull();
        assertThat(Cidr.parse("pypi.org")).isNull();
        assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("10.200.1.1"))).isTrue();
        assertThat(Cidr.parse("fc00::/7").contains(InetAddress.getByName("fd00:ec2::254"))).isTrue();
        assertThat(Cidr.parse("172.16.0.0/12").contains(InetAddress.getByName("172.32.0.1"))).isFalse();
    }

    @Test
    void namesMatchExactlyOrEveryNameBelowAWildcard() {
        NamePattern wild = NamePattern.parse("*.PyPI.org.");
        assertThat(wild).hasToString("*.pypi.org");
        assertThat(wild.matches("files.pypi.org")).isTrue();
        assertThat(wild.matches("a.b.pypi.org.")).isTrue();
        assertThat(wild.matches("pypi.org")).isFalse();
        assertThat(wild.matches("evilpypi.org")).isFalse();
        assertThat(NamePattern.parse("pypi.org").matches("PYPI.ORG")).isTrue();
        assertThat(NamePattern.parse("bad name")).isNull();
        assertThat(NamePattern.parse("*.")).isNull();
    }

    @Test
    void aPolicySortsNetworksFromNamesAndRefusesWhatIsNeither() {
        EgressPolicy p = new EgressPolicy(List.of("pypi.org", "203.0.113.9/24", "*.pythonhosted.org"), List.of("evil.example"));
        EgressPolicy.Rules r = p.rules();
        assertThat(r.allowNets()).hasToString("[203.0.113.0/24]");
        assertThat(r.allowed("files.pythonhosted.org")).isTrue();
        assertThat(r.denied("evil.example")).isNotNull();
        assertThat(p.normalised().allow()).containsExactly("203.0.113.0/24", "pypi.org", "*.pythonhosted.org");
        assertThatThrownBy(() -> new EgressPolicy(List.of("http://x"), List.of()).rules())
                .isInstanceOf(ApiException.class).hasMessageContaining("neither a network");
    }

    @Test
    void defaultRefusalsCoverTheHostsNeighboursAndTheMetadataService() throws Exception {
        assertThat(NftRuleset.refusedByDefault(InetAddress.getByName("169.254.169.254"))).isEqualTo(Refusal.CLOUD_METADATA);
        assertThat(NftRuleset.refusedByDefault(InetAddress.getByName("fd00:ec2::254"))).isEqualTo(Refusal.CLOUD_METADATA);
        assertThat(NftRuleset.refusedByDefault(InetAddress.getByName("100.64.1.1"))).isEqualTo(Refusal.PRIVATE);
        assertThat(NftRuleset.refusedByDefault(InetAddress.getByName("10.0.2.2"))).isEqualTo(Refusal.ENGINE_NETWORK);
        assertThat(NftRuleset.refusedByDefault(InetAddress.getByName("255.255.255.255"))).isEqualTo(Refusal.MULTICAST_BROADCAST);
        assertThat(NftRuleset.refusedByDefault(InetAddress.getByName("198.51.100.1"))).isNull();
    }

    @Test
    void theResolverReadsQuestionsAndAnswersAndRefusesWithTheQueryEchoed() throws Exception {
        byte[] query = Upstream.query("Files.PyPI.org", DnsMessage.TYPE_A);
        DnsMessage.Question q = DnsMessage.question(query);
        assertThat(q.name()).isEqualTo("Files.PyPI.org");
        assertThat(q.type()).isEqualTo(DnsMessage.TYPE_A);
        byte[] nx = DnsMessage.reply(query, q, DnsMessage.NXDOMAIN);
        assertThat(DnsMessage.rcode(nx)).isEqualTo(DnsMessage.NXDOMAIN);
        assertThat(nx[0]).isEqualTo(query[0]);
        assertThat(DnsMessage.question(nx)).as("an answer is no query").isNull();
        // An answer with a compressed CNAME, then an A record for its target.
        byte[] answer = new byte[q.end() + 40];
        System.arraycopy(query, 0, answer, 0, q.end());
        answer[2] = (byte) 0x81;
        answer[3] = (byte) 0x80;
        answer[7] = 2;
        int at = q.end();
        byte[] cname = {(byte) 0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 4, 1, 'x', (byte) 0xc0, 12};
        System.arraycopy(cname, 0, answer, at, cname.length);
        at += cname.length;
        byte[] a = {(byte) 0xc0, (byte) (q.end() + 12), 0, 1, 0, 1, 0, 0, 1, 0, 0, 4, (byte) 198, 51, 100, 7};
        System.arraycopy(a, 0, answer, at, a.length);
        List<DnsMessage.Address> got = DnsMessage.addresses(answer);
        assertThat(got).extracting(x -> x.address().getHostAddress()).containsExactly("198.51.100.7");
        assertThat(got.get(0).ttlSeconds()).isEqualTo(256);
        assertThat(DnsMessage.question(new byte[]{1, 2, 3})).isNull();
    }

    @Test
    void theMonitorTurnsATracedRefusalIntoOneEvent() {
        List<RefusalMonitor.Refused> got = new java.util.ArrayList<>();
        RefusalMonitor m = new RefusalMonitor(got::add);
        m.accept("add table inet sandbench");
        assertThat(m.listening).isDone();
        m.accept("trace id 52321b4f inet sandbench refuse_host_address packet: oif \"tap0\" ip saddr 10.0.2.100 "
                + "ip daddr 203.0.113.1 ip protocol tcp ip length 60 tcp sport 41642 tcp dport 8765 tcp flags == syn ");
        m.accept("trace id 52321b4f inet sandbench refuse_host_address rule limit rate 50/second burst 100 packets "
                + "meta nftrace set 1 (verdict continue)");
        m.accept("trace id 52321b4f inet sandbench refuse_host_address rule meta l4proto tcp reject with tcp reset (verdict drop)");
        assertThat(got).containsExactly(new RefusalMonitor.Refused("203.0.113.1", "tcp", 8765, Refusal.HOST_ADDRESS));
    }

    @Test
    void theRenderedRulesetLoadsIntoNftables() throws Exception {
        assumeTrue(BubblewrapRuntime.unixUid() == 0 && dev.sandbench.engine.runtime.HostTools.locate("nft").isPresent(),
                "needs root and nft (it is checked in a network namespace of its own)");
        EgressPolicy p = new EgressPolicy(List.of("203.0.113.0/24", "203.0.113.7", "2001:db8::/32", "pypi.org"),
                List.of("198.51.100.0/24", "evil.example"));
        for (boolean allowlist : new boolean[]{false, true}) {
            String script = NftRuleset.render(new NftRuleset.Inputs(allowlist, p.rules(),
                    Set.of(InetAddress.getByName("192.0.2.2"), InetAddress.getByName("fe80::1")),
                    Set.of(InetAddress.getByName("198.51.100.20")), Set.of()));
            Process nft = new ProcessBuilder("unshare", "-n", "nft", "-f", "-").redirectErrorStream(true).start();
            nft.getOutputStream().write((script + script).getBytes(StandardCharsets.UTF_8));
            nft.getOutputStream().close();
            String out = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(nft.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(nft.exitValue()).as(out + "\n" + script).isZero();
        }
    }
}
