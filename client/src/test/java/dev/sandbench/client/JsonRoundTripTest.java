package dev.sandbench.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.client.account.Account;
import dev.sandbench.client.account.ApiKey;
import dev.sandbench.client.account.ClientSession;
import dev.sandbench.client.account.CreatedAccount;
import dev.sandbench.client.account.CreatedKey;
import dev.sandbench.client.account.Subscription;
import dev.sandbench.client.exec.ExecRequest;
import dev.sandbench.client.exec.ExecResult;
import dev.sandbench.client.files.FileEntry;
import dev.sandbench.client.http.EngineHttp;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.LogEntry;
import dev.sandbench.client.sandboxes.Port;
import dev.sandbench.client.sandboxes.Sandbox;
import dev.sandbench.client.sandboxes.SandboxStats;
import dev.sandbench.client.sandboxes.SandboxStatus;
import dev.sandbench.client.system.EngineInfo;
import dev.sandbench.client.system.Health;
import dev.sandbench.client.system.Template;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every record reads a sample payload of the wire format and writes it back unchanged. */
class JsonRoundTripTest {
    static final String TS = "\"2026-11-22T01:02:03.456Z\"";

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of(Sandbox.class, """
                        {"id":"sbx_a","status":"running","template":"python","cpus":2.0,"memory_mb":512,"disk_gb":5.0,
                         "network_mode":"none","created_at":%1$s,"ip":"10.0.2.100","repo_url":"https://x/y.git","budget":1.5,
                         "init_script":"echo hi","timeout":3600,"name":"n","expires_at":%1$s,"started_at":%1$s,
                         "labels":{"a":"b"},"runtime":"bubblewrap","pids_limit":512,"status_reason":"r","env_keys":["K"],
                         "workspace_id":"w","mcp_url":"http://127.0.0.1:8080/v1/sandboxes/sbx_a/mcp",
                         "resolved_template":"python","runtime_versions":{"python":"3.11.2"}}"""),
                Arguments.of(CreateSandbox.class, """
                        {"template":"node","cpus":1.0,"memory_mb":256,"disk_gb":2.0,"network_mode":"full","allowlist":["a.b"],
                         "env":{"K":"V"},"init_script":"true","timeout":60,"name":"n","labels":{"l":"v"},"pids_limit":64,"budget":2.0,
                         "from_snapshot":"snap_a","workspace_id":"w","egress":{"allow":["pypi.org"],"deny":["198.51.100.7"]}}"""),
                Arguments.of(dev.sandbench.client.sandboxes.EgressPolicy.class, """
                        {"sandbox_id":"sbx_a","network_mode":"allowlist","allow":["*.pythonhosted.org","203.0.113.0/24"],
                         "deny":["198.51.100.7"],"refused_by_default":[{"network":"169.254.169.254","reason":"cloud-metadata"}],
                         "host_addresses":["192.0.2.2"],"resolved":[{"name":"files.pythonhosted.org","addresses":["198.51.100.1"],
                         "verdict":"allowed","until":"2026-12-04T16:00:00Z"}],"live":true}"""),
                Arguments.of(dev.sandbench.client.snapshots.Snapshot.class, """
                        {"id":"snap_a","sandbox_id":"sbx_a","account_id":"acc_a","name":"n","trigger":"manual","status":"completed",
                         "created_at":%1$s,"description":"d","size_bytes":10,"completed_at":%1$s,"checksum":"c","format":"tar.zst",
                         "error":"e"}"""),
                Arguments.of(SandboxStats.class, """
                        {"sandbox_id":"sbx_a","status":"paused","timestamp":%1$s,"cpu_usage_usec":10,"memory_bytes":20,
                         "memory_limit":30,"memory_peak":25,"pids":3,"pids_limit":512,"disk_bytes":100,"disk_limit":200,"oom_kills":1}"""),
                Arguments.of(LogEntry.class, """
                        {"timestamp":%1$s,"type":"exec","message":"$ ls"}"""),
                Arguments.of(Port.class, """
                        {"port":8000,"protocol":"tcp","state":"listening","url":"http://x"}"""),
                Arguments.of(ExecRequest.class, """
                        {"command":"ls","cwd":"/tmp","env":{"A":"1"},"timeout_ms":500,"stdin":"in","session_id":"s"}"""),
                Arguments.of(ExecResult.class, """
                        {"output":"o","exit_code":3,"error":"e","stdout":"o","stderr":"","duration_ms":12,"truncated":true,
                         "timed_out":false,"cwd":"/workspace"}"""),
                Arguments.of(FileEntry.class, """
                        {"name":"a.txt","path":"/workspace/a.txt","type":"file","size":5,"modified":%1$s}"""),
                Arguments.of(ApiKey.class, """
                        {"id":"key_a","name":"ci","prefix":"sk_abcdefg","created_at":%1$s,"last_used_at":%1$s}"""),
                Arguments.of(CreatedKey.class, """
                        {"id":"key_a","name":"ci","prefix":"sk_abcdefg","created_at":%1$s,"last_used_at":%1$s,"key":"sk_abcdefgh"}"""),
                Arguments.of(Account.class, """
                        {"id":"acc_a","name":"team","created_at":%1$s}"""),
                Arguments.of(CreatedAccount.class, """
                        {"account":{"id":"acc_a","name":"team","created_at":%1$s},
                         "key":{"id":"key_a","name":"default","prefix":"sk_x","created_at":%1$s,"last_used_at":%1$s,"key":"sk_xy"}}"""),
                Arguments.of(ClientSession.class, """
                        {"id":"cls_a","user_agent":"curl","ip_address":"127.0.0.1","created_at":%1$s,"last_active_at":%1$s}"""),
                Arguments.of(Subscription.class, """
                        {"plan":"self-hosted","status":"active","usage":{"sandboxes":2,"limits":"none"}}"""),
                Arguments.of(Health.class, """
                        {"status":"ok","version":"0.1.0","problem":"p"}"""),
                Arguments.of(EngineInfo.class, """
                        {"version":"0.1.0","runtime":"bubblewrap","cgroups":"cgroup v1","isolation":["pid namespace"],
                         "limits":{"memory":{"enforced":true,"how":"memory.max"}},"network_modes":["none","full"],
                         "running_as_root":true,"data_dir":"/d","exec_timeout_ms":60000,"output_cap_bytes":1048576,
                         "max_text_file_bytes":10485760,"warm_sandboxes":1,"warm_pool_size":2,
                         "network":{"modes":["none","full","allowlist"],"none":"loopback only","egress":"nftables",
                         "refused_by_default":["10.0.0.0/8 (private)"],"host_addresses":["192.0.2.2"],"dns_upstream":["127.0.0.1:53"]}}"""),
                Arguments.of(Template.class, """
                        {"name":"python","description":"Python 3","languages":["python"],"available":false,"reason":"no python3"}"""),
                Arguments.of(dev.sandbench.client.code.CodeRequest.class, """
                        {"language":"python","code":"print(1)","persistent":true,"timeout_ms":500,"env":{"A":"1"}}"""),
                Arguments.of(dev.sandbench.client.code.CodeResult.class, """
                        {"stdout":"1\\n","stderr":"","output":"1\\n","exit_code":0,"duration_ms":3,"error":"e","language":"python",
                         "persistent":true,"restarted":false,"truncated":false,"timed_out":false}"""),
                Arguments.of(dev.sandbench.client.jobs.Job.class, """
                        {"id":"job_a","sandbox_id":"sbx_a","type":"exec","status":"completed","created_at":%1$s,"started_at":%1$s,
                         "finished_at":%1$s,"result":{"output":"x"},"error":"e","expires_at":%1$s}"""),
                Arguments.of(dev.sandbench.client.jobs.JobRequest.class, """
                        {"type":"code","command":"ls","cwd":"/","env":{"A":"1"},"timeout_ms":9,"stdin":"i","session_id":"s",
                         "language":"python","code":"1","persistent":false}"""),
                Arguments.of(dev.sandbench.client.events.EngineEvent.class, """
                        {"id":"ab12cd-7","type":"sandbox.created","sandbox_id":"sbx_a","timestamp":%1$s,"data":{"status":"running"}}"""),
                Arguments.of(dev.sandbench.client.alerts.Alert.class, """
                        {"id":"alrt_a","type":"oom_kill","severity":"high","message":"sandbox sbx_a: memory limit of 64 MB hit",
                         "resolved":true,"created_at":%1$s,"sandbox_id":"sbx_a","resolved_at":%1$s,"session_id":"sess_a",
                         "data":{"limit":"memory","kills":1}}"""),
                Arguments.of(dev.sandbench.client.alerts.AlertRule.class, """
                        {"id":"low_trust","type":"low_trust","enabled":true,"channels":["in_app"],"threshold":0.5,
                         "cooldown_minutes":10,"severity":"critical","description":"a session's trust score fell"}"""),
                Arguments.of(dev.sandbench.client.alerts.AlertRuleUpdate.class, """
                        {"enabled":false,"channels":[],"threshold":2.5,"cooldown_minutes":0,"severity":"medium"}"""),
                Arguments.of(dev.sandbench.client.notifications.Notification.class, """
                        {"id":"ntf_a","type":"exec_timeout","title":"Command timed out in sbx_a","body":"b","read":false,
                         "created_at":%1$s,"alert_id":"alrt_a"}"""),
                Arguments.of(dev.sandbench.client.notifications.NotificationConfig.class, """
                        {"in_app":true,"min_severity":"low","muted_types":["sandbox_expiring"]}"""),
                Arguments.of(dev.sandbench.client.sessions.TrustScore.class, """
                        {"session_id":"sess_a","sandbox_id":"sbx_a","score":0.35,"factors":{"destructive_commands":0.4,
                         "runaway_resources":0.25},"updated_at":%1$s}"""),
                Arguments.of(dev.sandbench.client.sessions.SessionSummary.class, """
                        {"session_id":"sess_a","total_events":12,"duration_ms":3400,"tokens_in":1000,"tokens_out":200,
                         "cost_usd":0.5,"tools_used":["grep"],"files_modified":["/workspace/a.py"],"trust_score":0.75,
                         "trust_factors":{"credential_access":0.25}}"""),
                Arguments.of(dev.sandbench.client.sessions.AgentSession.class, """
                        {"id":"sess_a","sandbox_id":"sbx_a","status":"completed","tokens_in":1,"tokens_out":2,"cost_usd":0.5,
                         "event_count":3,"started_at":%1$s,"agent_type":"coder","model":"gpt-4o","trust_score":1.0,
                         "duration_ms":10,"ended_at":%1$s,"size_bytes":2048}"""),
                Arguments.of(Problem.class, """
                        {"status":404,"title":"Not Found","detail":"sandbox sbx_a does not exist"}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void recordsRoundTripTheWireFormat(Class<?> type, String sample) throws Exception {
        JsonNode wire = EngineHttp.MAPPER.readTree(sample.formatted(TS));
        Object value = EngineHttp.MAPPER.treeToValue(wire, type);
        JsonNode back = EngineHttp.MAPPER.readTree(EngineHttp.MAPPER.writeValueAsString(value));
        assertThat(back).isEqualTo(wire);
    }

    @org.junit.jupiter.api.Test
    void aStatusFromANewerEngineReadsAsUnknown() throws Exception {
        Sandbox s = EngineHttp.MAPPER.readValue("{\"id\":\"sbx_a\",\"status\":\"hibernating\",\"cpus\":1}", Sandbox.class);
        assertThat(s.status()).isEqualTo(SandboxStatus.UNKNOWN);
    }
}
