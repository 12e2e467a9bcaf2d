package dev.sandbench.engine.compat.agentcube;

import dev.sandbench.engine.api.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP/1.0 exchange an agent runtime's invocation is relayed as: one request with
 * {@code Connection: close}, so the agent's answer ends where its connection does.
 */
final class AgentCubeRelay {
    /** Not passed on: hop-by-hop headers, what the relay sets itself, and the caller's credentials. */
    static final Set<String> DROPPED = Set.of("host", "connection", "keep-alive", "transfer-encoding", "te", "upgrade",
            "proxy-authorization", "proxy-connection", "content-length", "authorization", "expect", "accept-encoding");
    /** The Router's most for one request (its write timeout). */
    static final int MAX_BODY = 1 << 20;

    /** The agent's answer. */
    record Answer(int status, String contentType, String body) {}

    private AgentCubeRelay() {}

    static String request(String method, String path, int port, Map<String, String> headers, String body) {
        String b = body == null ? "" : body;
        if (b.length() > MAX_BODY) throw ApiException.tooLarge("an invocation's body is at most " + MAX_BODY + " bytes");
        if (b.indexOf('\0') >= 0) throw ApiException.badRequest("an invocation's body must be text without NUL bytes");
        StringBuilder r = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.0\r\n");
        r.append("Host: 127.0.0.1:").append(port).append("\r\n");
        headers.forEach((k, v) -> {
            if (!DROPPED.contains(k.toLowerCase(Locale.ROOT)) && v.indexOf('\r') < 0 && v.indexOf('\n') < 0
                    && v.indexOf('\0') < 0) {
                r.append(k).append(": ").append(v).append("\r\n");
            }
        });
        r.append("Connection: close\r\n");
        if (!method.equals("GET") || !b.isEmpty()) {
            r.append("Content-Length: ").append(b.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        return r.append("\r\n").append(b).toString();
    }

    /** Status line, headers and body of the agent's answer (a chunked body is put together). */
    static Answer parse(String raw, boolean truncated) {
        int end = raw.indexOf("\r\n\r\n");
        int sep = 4;
        if (end < 0) {
            end = raw.indexOf("\n\n");
            sep = 2;
        }
        String head = end < 0 ? raw : raw.substring(0, end);
        String body = end < 0 ? "" : raw.substring(end + sep);
        String[] lines = head.split("\r?\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) {
            throw new ApiException(502, "Bad Gateway", "the agent did not answer HTTP: " + lines[0]);
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new ApiException(502, "Bad Gateway", "the agent answered a malformed status line: " + lines[0]);
        }
        String type = null;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) continue;
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("content-type")) type = value;
            if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) chunked = true;
        }
        if (truncated) throw new ApiException(502, "Bad Gateway", "the agent's answer is larger than the relay carries");
        return new Answer(code, type, chunked ? dechunk(body) : body);
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int eol = body.indexOf("\r\n", at);
            if (eol < 0) break;
            String size = body.substring(at, eol).split(";", 2)[0].trim();
            int n;
            try {
                n = Integer.parseInt(size, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (n == 0) break;
            int start = eol + 2;
            out.append(body, start, Math.min(body.length(), start + n));
            at = start + n + 2;
        }
        return out.toString();
    }
}
