package dev.sandbench.engine.travel;

import dev.sandbench.engine.sandbox.SandboxView;

/** What "fork from here" or "restore to here" did: the sandbox (new or restored) and the plan it followed. */
public record TravelResult(SandboxView sandbox, TravelPlan plan, int applied) {}
