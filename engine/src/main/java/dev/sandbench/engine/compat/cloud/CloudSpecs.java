package dev.sandbench.engine.compat.cloud;

import dev.sandbench.engine.api.ApiException;
import dev.sandbench.engine.sandbox.SandboxService;
import dev.sandbench.engine.sandbox.Template;
import dev.sandbench.engine.sandbox.TemplateNames;
import dev.sandbench.engine.sandbox.Templates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Cloud Sandbox session asks for, made servable: its Docker image name resolved to the
 * nearest local template (never silently: the session's metadata says which template and runtime
 * version serve it), CPUs and memory clamped to what this host has, the Go-Duration ttl in
 * nanoseconds turned into a lifetime (24 hours by default, at most 7 days, as the original's
 * session manager has it). Everything is checked before any sandbox is made.
 */
final class CloudSpecs {
    static final String DEFAULT_IMAGE = "python:3.11-slim";
    static final int DEFAULT_CPUS = 2;
    static final int DEFAULT_MEMORY_MB = 2048;
    static final int MIN_MEMORY_MB = 16;
    static final Duration DEFAULT_TTL = Duration.ofHours(24);
    static final Duration MAX_TTL = Duration.ofDays(7);
    /** The local template an image this engine does not know runs in. */
    static final String FALLBACK_TEMPLATE = "python";
    static final String META_PREFIX = "sandbench.";

    /**
     * A session as it will be made. {@code template} is what the sandbox is created from: the image
     * name itself when the engine's template names resolve it, else {@link #FALLBACK_TEMPLATE}.
     */
    record Spec(String image, String template, int cpus, int memoryMb, long ttlSeconds, Map<String, String> metadata) {}

    private final Templates templates;
    private final TemplateNames names;

    CloudSpecs(Templates templates) {
        this.templates = templates;
        this.names = new TemplateNames(templates);
    }

    Spec validate(CloudWire.CloudCreateSession req) {
        String image = req.image() == null || req.image().isBlank() ? DEFAULT_IMAGE : req.image().strip();
        if (image.length() > 255) throw ApiException.badRequest("image must be at most 255 characters");
        Map<String, String> meta = new LinkedHashMap<>();
        if (req.metadata() != null) {
            if (req.metadata().size() > 64) throw ApiException.badRequest("metadata holds at most 64 entries");
            req.metadata().forEach((k, v) -> {
                if (k.startsWith(META_PREFIX)) {
                    throw ApiException.badRequest("metadata keys starting with '" + META_PREFIX + "' are the engine's");
                }
                meta.put(k, v);
            });
        }
        String template = template(image, meta);
        List<String> clamped = new ArrayList<>();
        int hostCpus = Runtime.getRuntime().availableProcessors();
        int cpus = req.cpuCount() == null || req.cpuCount() == 0 ? DEFAULT_CPUS : req.cpuCount();
        if (cpus < 0) throw ApiException.badRequest("cpu_count must be positive, got " + cpus);
        if (cpus > hostCpus) {
            clamped.add("cpu_count " + cpus + " -> " + hostCpus + " (this host's CPUs)");
            cpus = hostCpus;
        }
        long hostMb = SandboxService.hostMemoryMb();
        long memory = req.memoryMb() == null || req.memoryMb() == 0 ? DEFAULT_MEMORY_MB : req.memoryMb();
        if (memory < 0) throw ApiException.badRequest("memory_mb must be positive, got " + memory);
        if (memory > hostMb || memory < MIN_MEMORY_MB) {
            long to = Math.max(MIN_MEMORY_MB, Math.min(memory, hostMb));
            clamped.add("memory_mb " + memory + " -> " + to + (memory > hostMb ? " (this host's memory)" : " (the least)"));
            memory = to;
        }
        if (!clamped.isEmpty()) meta.put(META_PREFIX + "clamped", String.join("; ", clamped));
        return new Spec(image, template, cpus, (int) memory, ttlSeconds(req.ttl()), meta);
    }

    /** The sandbox's template for {@code image}, noting in {@code meta} what really serves it. */
    private String template(String image, Map<String, String> meta) {
        Template t;
        String create;
        try {
            TemplateNames.Resolution r = names.resolve(image);
            t = r.template();
            create = image;
            if (r.note() != null) meta.put(META_PREFIX + "image_note", r.note());
        } catch (ApiException e) {
            if (e.status() != 400) throw ApiException.badRequest(e.detail()); // a known image this host cannot serve
            t = templates.get(FALLBACK_TEMPLATE).orElseThrow();
            create = FALLBACK_TEMPLATE;
            meta.put(META_PREFIX + "image_note", "image " + image + " names no template this engine knows; it runs "
                    + "in local template " + t.name());
        }
        if (!t.available()) {
            throw ApiException.badRequest("image '" + image + "' needs template '" + t.name() + "', which this engine "
                    + "cannot serve: " + t.reason());
        }
        meta.put(META_PREFIX + "template", t.name());
        String runtimes = String.join(", ", t.runtimeVersions().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList());
        if (!runtimes.isEmpty()) meta.put(META_PREFIX + "runtime", runtimes);
        return create;
    }

    /** A Go Duration (nanoseconds) as whole seconds: 0 or absent is the default, more than the most is the most. */
    static long ttlSeconds(Long nanos) {
        if (nanos == null || nanos == 0) return DEFAULT_TTL.toSeconds();
        if (nanos < 0) throw ApiException.badRequest("ttl must not be negative (nanoseconds, a Go duration), got " + nanos);
        long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
        return Math.min(seconds, MAX_TTL.toSeconds());
    }
}
