package dev.sandbench.client.sessions;

import dev.sandbench.client.sandboxes.Sandbox;

/** The sandbox a fork created (or the one restored), the plan followed and how many changes were applied. */
public record TravelResult(Sandbox sandbox, TravelPlan plan, int applied) {}
