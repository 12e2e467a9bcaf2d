package dev.sandbench.engine.api;

import dev.sandbench.engine.sandbox.CreateSandboxRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies, for any input: parsed, or refused with a 400 that says why. No other exception
 * may escape (it would become a 500), whatever the bytes.
 */
class JsonParsingPropertiesTest {

    @Property(tries = 3000)
    void anyBodyParsesOrIsABadRequest(@ForAll("bodies") String body) {
        try {
            Json.parse(body, CreateSandboxRequest.class);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.detail()).isNotBlank();
        }
        try {
            Json.tree(body);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
        }
    }

    /** Valid request bodies, then the same with bytes cut, repeated or swapped, plus raw noise. */
    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> valid = Arbitraries.of(
                "{\"template\":\"minimal\",\"cpus\":2,\"memory_mb\":512,\"env\":{\"A\":\"b\"},\"network_mode\":\"none\"}",
                "{\"disk_gb\":0.5,\"timeout\":60,\"allowlist\":[\"example.com\"],\"packages\":[],\"budget\":1.5}",
                "{\"name\":\"x\",\"labels\":{\"k\":\"v\"},\"init_script\":\"echo hi\",\"secrets\":[]}",
                "[]", "null", "1", "\"s\"", "{}");
        Arbitrary<String> mutated = valid.flatMap(v -> Arbitraries.integers().between(0, v.length()).flatMap(i ->
                Arbitraries.oneOf(
                        Arbitraries.just(v.substring(0, i)),
                        Arbitraries.strings().ofMaxLength(4).map(s -> v.substring(0, i) + s + v.substring(i)),
                        Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "1e99999", "-0",
                                "NaN", "true", "null", "{\"cpus\":", "99999999999999999999")
                                .map(s -> v.substring(0, i) + s + v.substring(Math.min(v.length(), i + 1))))));
        Arbitrary<String> nested = Arbitraries.integers().between(1, 3000).map(n -> "[".repeat(n) + "]".repeat(n));
        return Arbitraries.oneOf(mutated, mutated, Arbitraries.strings().ofMaxLength(64), nested);
    }
}
