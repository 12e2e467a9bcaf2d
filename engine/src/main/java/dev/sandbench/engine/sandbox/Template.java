package dev.sandbench.engine.sandbox;

import java.util.List;

/** A kind of sandbox, and whether this host can provide it. */
public record Template(String name, String description, List<String> languages, boolean available, String reason) {}
