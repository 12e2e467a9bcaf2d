package dev.sandbench.engine.compat;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Development mode ({@code --dev}): the quick-start credentials of the compatible SDKs are
 * accepted (CAGE's {@code dev_<user>} keys and its key-less MCP socket, Sandkasten's fixed key,
 * Cloud Sandbox's open token endpoint, AgentCube's calls without credentials), all as the admin account. Those
 * literals are public, so the mode is refused unless every address the engine listens on is
 * loopback: only this machine's users can reach it.
 */
public final class DevMode {
    private DevMode() {}

    /** Refuses development mode on a non-loopback bind address, saying why. */
    public static void requireLoopback(String bind) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalArgumentException("--dev is refused on " + bind + ": development mode accepts the SDKs' "
                    + "published quick-start keys (dev_<user>, sk-sandbox-quickstart), open tokens and key-less calls, "
                    + "so it may only listen on a loopback address such as 127.0.0.1; use real API keys to serve a network");
        }
    }
}
