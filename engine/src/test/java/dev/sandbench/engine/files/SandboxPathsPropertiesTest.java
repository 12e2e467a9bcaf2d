package dev.sandbench.engine.files;

import dev.sandbench.engine.api.ApiException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Path confinement, for any input: a path either comes back absolute, without '.', '..' or empty
 * segments, and stable under a second normalisation, or is refused with a 400, never anything else.
 * Inputs are built from the pieces that break naive normalisers (dot segments, doubled and trailing
 * slashes, backslashes, NUL, long names, unicode look-alikes).
 */
class SandboxPathsPropertiesTest {

    @Property(tries = 3000)
    void normalizedPathsAreAbsoluteCleanAndStable(@ForAll("paths") String raw) {
        String p;
        try {
            p = SandboxPaths.normalize(raw, "path");
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            return;
        }
        assertThat(p).startsWith("/").doesNotContain("//").doesNotContain("\0");
        assertThat(List.of(p.split("/"))).doesNotContain("..", ".");
        assertThat(p.length() == 1 || !p.endsWith("/")).isTrue();
        assertThat(SandboxPaths.normalize(p, "path")).isEqualTo(p);
        if (!raw.startsWith("/")) {
            assertThat(p).as("a relative path stays under /workspace").matches("(?s)/workspace(/.*)?");
        }
    }

    @Property(tries = 3000)
    void aDotDotSegmentIsAlwaysRefusedNeverResolved(@ForAll("paths") String before, @ForAll("paths") String after) {
        String raw = before + "/../" + after;
        Throwable t = catchThrowable(() -> SandboxPaths.normalize(raw, "path"));
        assertThat(t).isInstanceOf(ApiException.class);
        assertThat(((ApiException) t).status()).isEqualTo(400);
    }

    @Property(tries = 3000)
    void uploadedNamesStayBelowTheirTargetDirectory(@ForAll("paths") String name) {
        String dir = "/workspace/up";
        String p;
        try {
            p = SandboxPaths.child(dir, name);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            return;
        }
        assertThat(p).startsWith(dir + "/");
        assertThat(List.of(p.split("/"))).doesNotContain("..");
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of("", ".", "..", "...", "workspace", "etc", "passwd", "..\\..", "a b", "%2e%2e", "\u2024\u2024",
                        "..;", ".. ", " ..", "\0", "~", "-rf", "$(id)", "`id`", "*", "\n", "\u00e9t\u00e9"),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().withChars('a', '.', '/').ofMinLength(250).ofMaxLength(260));
        Arbitrary<String> body = segment.list().ofMinSize(0).ofMaxSize(8).map(l -> String.join("/", l));
        return Combinators.combine(Arbitraries.of("", "/", "//", "./", "/workspace/", "\\"), body, Arbitraries.of("", "/", "/."))
                .as((a, b, c) -> a + b + c);
    }
}
