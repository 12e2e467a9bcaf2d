package dev.sandbench.engine.api;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/** Documentation of one route, written next to its registration. */
public final class Route {
    private Route() {}

    public record Param(String name, String type, boolean required, String description) {}

    /** Mutable builder for a route's documentation. */
    public static final class Doc {
        private final String summary;
        private String tag = "engine";
        private String operationId;
        private Type request;
        private boolean requestRequired = true;
        private String requestMediaType = "application/json";
        private Type response;
        private boolean responseArray;
        private String responseMediaType = "application/json";
        private String responseDescription = "OK";
        private int status = 200;
        private boolean publicRoute;
        private final List<String> security = new ArrayList<>();
        private final List<Param> query = new ArrayList<>();

        private Doc(String summary) { this.summary = summary; }

        public static Doc of(String summary) { return new Doc(summary); }

        public Doc tag(String t) { tag = t; return this; }
        public Doc operationId(String id) { operationId = id; return this; }
        public Doc request(Type t) { request = t; return this; }
        public Doc optionalRequest(Type t) { request = t; requestRequired = false; return this; }
        public Doc requestMediaType(String m) { requestMediaType = m; return this; }
        public Doc response(Type t) { response = t; return this; }
        public Doc responseList(Type t) { response = t; responseArray = true; return this; }
        public Doc responseMediaType(String m) { responseMediaType = m; return this; }
        public Doc status(int s, String description) { status = s; responseDescription = description; return this; }
        public Doc query(String name, String type, String description) { query.add(new Param(name, type, false, description)); return this; }
        public Doc requiredQuery(String name, String type, String description) { query.add(new Param(name, type, true, description)); return this; }
        public Doc publicRoute() { publicRoute = true; return this; }
        /** Another way to authenticate than the engine's bearer key (a scheme registered with the OpenAPI document). */
        public Doc security(String scheme) { security.add(scheme); return this; }

        public String summary() { return summary; }
        String tag() { return tag; }
        String operationId() { return operationId; }
        Type request() { return request; }
        boolean requestRequired() { return requestRequired; }
        String requestMediaType() { return requestMediaType; }
        Type response() { return response; }
        boolean responseArray() { return responseArray; }
        String responseMediaType() { return responseMediaType; }
        String responseDescription() { return responseDescription; }
        int status() { return status; }
        boolean isPublic() { return publicRoute; }
        List<String> security() { return security; }
        List<Param> query() { return query; }
    }
}
