package dev.sandbench.engine.files;

/** The contract's FileEntry (exact fields). */
public record FileEntry(String name, String path, String type, long size, String modified) {}
