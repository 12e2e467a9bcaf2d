package dev.sandbench.engine.compat;

import dev.sandbench.engine.api.Principal;
import dev.sandbench.engine.runtime.RunningSandbox;
import dev.sandbench.engine.sandbox.CreateSandboxRequest;
import dev.sandbench.engine.sandbox.SandboxRecord;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.sandbox.SandboxStatus;

import java.util.Map;

/**
 * Engine sandboxes behind the compatible APIs. They are ordinary sandboxes, created and run by
 * {@link SandboxService}, so limits, recording, events and the workbench apply to them as to any
 * other; labels say which API and which of its users they serve.
 */
public final class CompatSandboxes {
    /** Label naming the API a sandbox came through: a {@link CompatApi#id()}. */
    public static final String API_LABEL = "sandbench.api";
    /** Label naming the API's user the sandbox serves (a CAGE user, say). */
    public static final String USER_LABEL = "sandbench.compat.user";

    /**
     * Whether a sandbox's lifetime has run out. A compatible session is over at that moment, though
     * the engine's expiry may still be tearing its sandbox down (which answers 409 meanwhile).
     */
    public static boolean pastLifetime(SandboxRecord r) {
        return r.expiresAt() != null && r.expiresAt().compareTo(dev.sandbench.engine.core.Ids.now()) <= 0;
    }

    /** What an API asks of a new sandbox; null fields take the engine's defaults. */
    public record Spec(String template, Long timeoutSeconds, String workspaceId, Integer cpus, Integer memoryMb) {
        public Spec(String template, Long timeoutSeconds, String workspaceId) {
            this(template, timeoutSeconds, workspaceId, null, null);
        }
    }

    private final SandboxService sandboxes;

    public CompatSandboxes(SandboxService sandboxes) {
        this.sandboxes = sandboxes;
    }

    public SandboxService service() {
        return sandboxes;
    }

    /** Creates and starts a labelled sandbox owned by the caller's account. */
    public SandboxRecord create(CompatApi api, CompatIdentity who, String name, Spec spec) {
        Map<String, String> labels = Map.of(API_LABEL, api.id(), USER_LABEL, who.user());
        CreateSandboxRequest req = new CreateSandboxRequest(spec.template(),
                spec.cpus() == null ? null : spec.cpus().doubleValue(), spec.memoryMb(), null, null, null, null, null,
                spec.timeoutSeconds(), null, null, null, null, null, null, null, null, null, name, labels, null, null,
                spec.workspaceId(), null);
        return sandboxes.create(who.principal(), req);
    }

    /**
     * The sandbox's processes. A stopped sandbox (every sandbox after an engine restart) is started
     * again, files intact, because these APIs have no start call of their own; a paused one stays
     * paused (409) until someone resumes it.
     */
    public RunningSandbox running(Principal p, String sandboxId) {
        SandboxRecord r = sandboxes.get(p, sandboxId);
        if (r.status().equals(SandboxStatus.STOPPED) || r.status().equals(SandboxStatus.ERROR)) {
            sandboxes.start(p, sandboxId);
        }
        return sandboxes.running(p, sandboxId);
    }

    /** The account's sandbox, destroyed ones included, or null. */
    public SandboxRecord find(Principal p, String sandboxId) {
        return sandboxes.find(p, sandboxId);
    }
}
