package dev.sandbench.engine.escape;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.engine.TestEngine;
import dev.sandbench.engine.runtime.BubblewrapRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The egress policy of sandboxes with network, tried for real against test hosts in a network
 * namespace of the test's own ({@link TestNet}) and names from a test zone ({@link TestZone}), as
 * part of the escape suite (so against a root engine and an ordinary user's). Every refusal must be
 * fast (a reset or an error at once, never a time-out) and recorded as an event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EgressSuite {
    protected TestZone zone;
    protected TestNet net;

    protected abstract TestEngine.Client api();

    @BeforeAll
    void startTestNetwork() throws Exception {
        zone = new TestZone();
        if (BubblewrapRuntime.unixUid() == 0) net = new TestNet();
    }

    @AfterAll
    void stopTestNetwork() {
        if (net != null) net.close();
        if (zone != null) zone.close();
    }

    /** Variables the engine under test needs: its resolver asks the test zone. */
    protected Map<String, String> egressEnvironment() {
        return Map.of("SANDBENCH_DNS_UPSTREAM", zone.address());
    }

    private String networked(Map<String, Object> body) {
        assumeTrue(net != null, "the test hosts need root (ip netns)");
        assumeTrue(api().get("/v1/info").json().get("network_modes").toString().contains("\"" + body.get("network_mode") + "\""),
                "this host cannot give sandboxes network");
        return api().createSandbox(body);
    }

    @Test
    void fullNetworkCannotReachTheHostsOwnAddresses() throws Exception {
        String s = networked(Map.of("network_mode", "full"));
        assertThat(net.hostReaches(net.hostAddress)).as("the host reaches its own address").isTrue();
        assertThat(net.hostReaches(net.publicAddress)).as("the host reaches the public test host").isTrue();
        sleep(300); // the listeners report the host's own connections asynchronously
        net.reached.clear();
        LinkedBlockingQueue<JsonNode> stream = events();
        Map<String, String> got = probe(s, net.hostAddress, net.publicAddress);
        assertRefused(got, net.hostAddress);
        assertThat(got.get(net.publicAddress)).as("public egress works").isEqualTo("OK reached " + net.publicAddress);
        sleep(300);
        assertThat(net.reached).contains(net.publicAddress).doesNotContain(net.hostAddress);
        assertRecorded(s, net.hostAddress, "host-address");
        JsonNode live = awaitEvent(stream, s, net.hostAddress);
        assertThat(live.get("data").get("reason").asText()).isEqualTo("host-address");
        assertThat(api().get("/v1/sandboxes/" + s + "/logs").body()).contains("refused tcp to " + net.hostAddress);

        // An address the host gets while the sandbox runs is refused too, without touching the sandbox.
        String added = net.addHostAddress();
        assertThat(net.hostReaches(added)).isTrue();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!api().get("/v1/info").json().at("/network/host_addresses").toString().contains("\"" + added + "\"")
                && System.currentTimeMillis() < deadline) {
            sleep(100);
        }
        sleep(1000); // the engine reloads the sandbox's ruleset after it sees the address
        assertRefused(probe(s, added), added);
        assertRecorded(s, added, "host-address");
    }

    @Test
    void fullNetworkCannotReachLinkLocalMetadataPrivateRangesOrMulticast() {
        String s = networked(Map.of("network_mode", "full"));
        for (String a : List.of(net.metadataAddress, net.privateAddress)) {
            assertThat(net.hostReaches(a)).as("the host reaches " + a).isTrue();
        }
        sleep(300); // the listeners report the host's own connections asynchronously
        net.reached.clear();
        Map<String, String> got = probe(s, net.metadataAddress, net.privateAddress);
        assertRefused(got, net.metadataAddress);
        assertRefused(got, net.privateAddress);
        sleep(300);
        assertThat(net.reached).doesNotContain(net.metadataAddress, net.privateAddress);
        String udp = api().output(s, "python3 -c \"import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
                + "s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)\nfor a in ('224.0.0.251', '255.255.255.255'):\n"
                + "  try: s.sendto(b'x', (a, 5353)); print(a, 'sent')\n  except OSError as e: print(a, e.errno)\"");
        assertThat(udp).doesNotContain("sent");
        assertRecorded(s, net.metadataAddress, "cloud-metadata");
        assertRecorded(s, net.privateAddress, "private");
        assertRecorded(s, "224.0.0.251", "multicast-broadcast");
        assertRecorded(s, "255.255.255.255", "multicast-broadcast");
    }

    @Test
    void networkRulesOpenAHostAddressAndChangeLiveFromTheNextConnection() {
        String s = networked(Map.of("network_mode", "full", "egress", Map.of("allow", List.of(net.hostAddress + "/32"))));
        Map<String, String> got = probe(s, net.hostAddress, net.publicAddress);
        assertThat(got.get(net.hostAddress)).isEqualTo("OK reached " + net.hostAddress);
        assertThat(got.get(net.publicAddress)).isEqualTo("OK reached " + net.publicAddress);

        JsonNode changed = api().put("/v1/sandboxes/" + s + "/egress", Map.of("deny", List.of("198.51.100.0/24"))).json();
        assertThat(changed.get("deny").toString()).contains("198.51.100.0/24");
        assertThat(changed.get("allow")).isEmpty();
        assertThat(changed.get("live").asBoolean()).isTrue();
        got = probe(s, net.hostAddress, net.publicAddress);
        assertRefused(got, net.hostAddress);
        assertRefused(got, net.publicAddress);
        assertRecorded(s, net.publicAddress, "denied");
        assertRecorded(s, net.hostAddress, "host-address");

        api().put("/v1/sandboxes/" + s + "/egress", Map.of());
        assertThat(probe(s, net.publicAddress).get(net.publicAddress)).isEqualTo("OK reached " + net.publicAddress);
        assertThat(api().get("/v1/sandboxes/" + s + "/egress").json().get("deny")).isEmpty();
    }

    @Test
    void allowlistModeLetsOnlyAllowedNamesThrough() {
        zone.put("pkg.egress.test", net.publicAddress);
        zone.put("files.mirror.egress.test", net.publicAddress);
        zone.put("mirror.egress.test", net.otherPublicAddress);
        zone.put("other.egress.test", net.otherPublicAddress);
        String s = networked(Map.of("network_mode", "allowlist", "allowlist", List.of("pkg.egress.test"),
                "egress", Map.of("allow", List.of("*.mirror.egress.test"))));
        assertThat(api().output(s, "getent hosts pkg.egress.test")).contains(net.publicAddress);
        assertThat(probe(s, "pkg.egress.test").get("pkg.egress.test")).isEqualTo("OK reached " + net.publicAddress);
        assertThat(api().output(s, "getent hosts files.mirror.egress.test")).contains(net.publicAddress);
        // Names not allowed are NXDOMAIN without a query leaving the engine; their addresses stay closed.
        assertThat(api().exec(s, "getent hosts other.egress.test").get("exit_code").asInt()).isNotZero();
        assertThat(api().exec(s, "getent hosts mirror.egress.test").get("exit_code").asInt()).isNotZero();
        assertThat(zone.asked).contains("pkg.egress.test").doesNotContain("other.egress.test", "mirror.egress.test");
        assertRefused(probe(s, net.otherPublicAddress), net.otherPublicAddress);
        assertRecorded(s, net.otherPublicAddress, "not-allowed");
        assertRecordedName(s, "other.egress.test", "not-allowed");
        JsonNode policy = api().get("/v1/sandboxes/" + s + "/egress").json();
        assertThat(policy.get("network_mode").asText()).isEqualTo("allowlist");
        assertThat(policy.get("allow").toString()).contains("pkg.egress.test", "*.mirror.egress.test");
        assertThat(policy.get("resolved").toString()).contains("pkg.egress.test").contains(net.publicAddress);
    }

    @Test
    void aDeniedNameIsNxdomainAndItsAddressesAreRefusedEvenByNumber() {
        zone.put("blocked.egress.test", net.otherPublicAddress);
        zone.put("fine.egress.test", net.publicAddress);
        String s = networked(Map.of("network_mode", "full"));
        assertThat(probe(s, net.otherPublicAddress).get(net.otherPublicAddress)).startsWith("OK");
        api().put("/v1/sandboxes/" + s + "/egress", Map.of("deny", List.of("blocked.egress.test")));
        assertThat(api().exec(s, "getent hosts blocked.egress.test").get("exit_code").asInt()).isNotZero();
        assertRefused(probe(s, net.otherPublicAddress), net.otherPublicAddress);
        assertRecorded(s, net.otherPublicAddress, "denied-name");
        assertRecordedName(s, "blocked.egress.test", "denied-name");
        assertThat(probe(s, "fine.egress.test").get("fine.egress.test")).isEqualTo("OK reached " + net.publicAddress);
    }

    /** Connects from inside the sandbox to each address (or name) at the test port: target to outcome. */
    private Map<String, String> probe(String sandbox, String... addresses) {
        List<String> targets = java.util.Arrays.stream(addresses).map(net::target).toList();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : api().output(sandbox, TestNet.probe(targets)).strip().split("\n")) {
            String[] f = line.split(" ", 2);
            out.put(f[0].substring(0, f[0].lastIndexOf(':')), f.length > 1 ? f[1] : "");
        }
        return out;
    }

    /** Refused at once: a reset (ECONNREFUSED) or an ICMP error, within a second, never a time-out. */
    private static void assertRefused(Map<String, String> got, String target) {
        String outcome = got.get(target);
        assertThat(outcome).as(target).matches("(ConnectionRefusedError|PermissionError|OSError) \\d+");
        assertThat(Integer.parseInt(outcome.substring(outcome.indexOf(' ') + 1))).as("milliseconds to refuse " + target)
                .isLessThan(1000);
    }

    private void assertRecorded(String sandbox, String destination, String reason) {
        awaitReplay(sandbox, "destination", destination, reason);
    }

    private void assertRecordedName(String sandbox, String name, String reason) {
        awaitReplay(sandbox, "name", name, reason);
    }

    /** The sandbox's session has an {@code egress_refused} event for this destination and reason. */
    private void awaitReplay(String sandbox, String field, String value, String reason) {
        long deadline = System.currentTimeMillis() + 10_000;
        String seen = "";
        while (System.currentTimeMillis() < deadline) {
            JsonNode sessions = api().get("/v1/sandboxes/" + sandbox + "/sessions").json();
            if (sessions.size() > 0) {
                JsonNode replay = api().get("/v1/sessions/" + sessions.get(0).get("id").asText() + "/replay").json();
                for (JsonNode e : replay) {
                    if (!e.get("type").asText().equals("egress_refused")) continue;
                    seen = replay.toString();
                    JsonNode d = e.get("data");
                    if (d.path(field).asText().equals(value) && d.path("reason").asText().equals(reason)) return;
                }
            }
            sleep(200);
        }
        throw new AssertionError("no egress_refused event for " + value + " (" + reason + ") in " + seen);
    }

    /** The account's live event stream. */
    private LinkedBlockingQueue<JsonNode> events() throws InterruptedException {
        LinkedBlockingQueue<JsonNode> q = new LinkedBlockingQueue<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create(api().url() + "/v1/events/stream"))
                .header("Authorization", "Bearer " + api().apiKey()).GET().build();
        CompletableFuture.runAsync(() -> {
            try {
                HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
                BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
                q.add(TestEngine.JSON.createObjectNode().put("type", "open"));
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("data: ")) q.add(TestEngine.JSON.readTree(line.substring(6)));
                }
            } catch (Exception e) {
                // the test ended
            }
        });
        assertThat(q.poll(10, TimeUnit.SECONDS)).as("the event stream opened").isNotNull();
        return q;
    }

    private static JsonNode awaitEvent(LinkedBlockingQueue<JsonNode> q, String sandbox, String destination)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && "sandbox.egress_refused".equals(e.path("type").asText())
                    && sandbox.equals(e.path("sandbox_id").asText())
                    && destination.equals(e.path("data").path("destination").asText())) {
                return e;
            }
        }
        throw new AssertionError("no sandbox.egress_refused event for " + destination + " on the live stream");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
