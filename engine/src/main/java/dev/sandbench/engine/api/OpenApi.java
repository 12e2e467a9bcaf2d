package dev.sandbench.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the OpenAPI 3 document from the routes as they are registered, so the document
 * cannot drift from what the engine serves. Schemas come from the records the handlers use.
 */
public final class OpenApi {
    private final String version;
    private final Map<String, ObjectNode> paths = new TreeMap<>();
    private final Map<String, ObjectNode> schemas = new TreeMap<>();
    private final Map<String, Map<String, String>> securitySchemes = new TreeMap<>();
    private final PropertyNamingStrategies.NamingBase naming =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    public OpenApi(String version) {
        this.version = version;
    }

    synchronized void add(String method, String path, Route.Doc doc) {
        ObjectNode item = paths.computeIfAbsent(path, p -> Json.MAPPER.createObjectNode());
        ObjectNode op = item.putObject(method.toLowerCase());
        String opId = doc.operationId() != null ? doc.operationId() : operationId(method, path);
        op.put("operationId", opId);
        op.put("summary", doc.summary());
        op.putArray("tags").add(doc.tag());
        ArrayNode params = op.putArray("parameters");
        for (String segment : path.split("/")) {
            if (segment.startsWith("{") && segment.endsWith("}")) {
                ObjectNode p = params.addObject();
                p.put("name", segment.substring(1, segment.length() - 1));
                p.put("in", "path");
                p.put("required", true);
                p.putObject("schema").put("type", "string");
            }
        }
        for (Route.Param q : doc.query()) {
            ObjectNode p = params.addObject();
            p.put("name", q.name());
            p.put("in", "query");
            p.put("required", q.required());
            p.put("description", q.description());
            p.putObject("schema").put("type", q.type());
        }
        if (doc.isPublic()) {
            op.putArray("security");
        } else if (!doc.security().isEmpty()) {
            ArrayNode security = op.putArray("security");
            doc.security().forEach(s -> security.addObject().putArray(s));
        }
        if (doc.request() != null) {
            ObjectNode body = op.putObject("requestBody");
            body.put("required", doc.requestRequired());
            body.putObject("content").putObject(doc.requestMediaType()).set("schema", schemaFor(doc.request()));
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject(String.valueOf(doc.status()));
        ok.put("description", doc.responseDescription());
        if (doc.response() != null) {
            ObjectNode schema = schemaFor(doc.response());
            if (doc.responseArray()) {
                ObjectNode arr = Json.MAPPER.createObjectNode();
                arr.put("type", "array");
                arr.set("items", schema);
                schema = arr;
            }
            ok.putObject("content").putObject(doc.responseMediaType()).set("schema", schema);
        }
        ObjectNode problem = responses.putObject("default");
        problem.put("description", "A problem (RFC 9457)");
        problem.putObject("content").putObject("application/problem+json")
                .putObject("schema").put("$ref", "#/components/schemas/Problem");
    }

    /** Declares an authentication scheme that routes name with {@link Route.Doc#security} (OpenAPI's fields, e.g. type, in, name). */
    public synchronized void securityScheme(String name, Map<String, String> definition) {
        securitySchemes.put(name, Map.copyOf(definition));
    }

    /** Adds a sentence to a documented operation's description (a route that a second API shares). */
    public synchronized void note(String method, String path, String text) {
        ObjectNode item = paths.get(path);
        if (item == null || !item.has(method.toLowerCase())) return;
        ObjectNode op = (ObjectNode) item.get(method.toLowerCase());
        String before = op.path("description").asText("");
        op.put("description", before.isEmpty() ? text : before + " " + text);
    }

    static String operationId(String method, String path) {
        StringBuilder sb = new StringBuilder(method.toLowerCase());
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals("v1")) continue;
            String s = seg.startsWith("{") ? "By" + cap(seg.substring(1, seg.length() - 1)) : seg;
            for (String part : s.split("[-_.]")) sb.append(cap(part));
        }
        return sb.toString();
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private ObjectNode schemaFor(Type type) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                node.put("type", "array");
                node.set("items", schemaFor(pt.getActualTypeArguments()[0]));
                return node;
            }
            if (Map.class.isAssignableFrom(raw)) {
                node.put("type", "object");
                node.set("additionalProperties", schemaFor(pt.getActualTypeArguments()[1]));
                return node;
            }
            return schemaFor(raw);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class || c.isEnum()) return node.put("type", "string");
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) return node.put("type", "integer");
        if (c == Double.class || c == double.class || c == Float.class || c == float.class) return node.put("type", "number");
        if (c == Boolean.class || c == boolean.class) return node.put("type", "boolean");
        if (c == byte[].class) return node.put("type", "string").put("format", "binary");
        if (Map.class.isAssignableFrom(c)) {
            node.put("type", "object");
            return node;
        }
        if (c.isRecord()) {
            String name = c.getSimpleName();
            if (!schemas.containsKey(name)) {
                ObjectNode s = Json.MAPPER.createObjectNode();
                schemas.put(name, s);
                s.put("type", "object");
                ObjectNode props = s.putObject("properties");
                for (RecordComponent rc : c.getRecordComponents()) {
                    // An explicit name (a compatible API's camelCase field) is what goes on the wire.
                    JsonProperty named = rc.getAccessor().getAnnotation(JsonProperty.class);
                    String prop = named != null && !named.value().isEmpty() ? named.value() : naming.translate(rc.getName());
                    props.set(prop, schemaFor(rc.getGenericType()));
                }
            }
            return node.put("$ref", "#/components/schemas/" + name);
        }
        return node; // any JSON value
    }

    public synchronized ObjectNode document() {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Sandbench engine API");
        info.put("version", version);
        info.put("description", "Sandboxes as isolated Linux process trees. Part A of the API is wire-compatible "
                + "with the Caged sandbox API; part B is the engine's own surface.");
        doc.putArray("servers").addObject().put("url", "/");
        doc.putArray("security").addObject().putArray("bearer");
        ObjectNode p = doc.putObject("paths");
        paths.forEach(p::set);
        ObjectNode components = doc.putObject("components");
        ObjectNode sch = components.putObject("schemas");
        ObjectNode problem = sch.putObject("Problem");
        problem.put("type", "object");
        ObjectNode pp = problem.putObject("properties");
        pp.putObject("status").put("type", "integer");
        pp.putObject("title").put("type", "string");
        pp.putObject("detail").put("type", "string");
        pp.putObject("error").put("type", "string").put("description", "the detail again, where the Caged SDKs "
                + "read an error's message");
        schemas.forEach(sch::set);
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer");
        securitySchemes.forEach((name, def) -> {
            ObjectNode s = schemes.putObject(name);
            new TreeMap<>(def).forEach(s::put);
        });
        return doc;
    }

    /** Every documented operation as "METHOD path", for tests that compare routes with clients. */
    public synchronized List<String> operations() {
        List<String> out = new ArrayList<>();
        paths.forEach((path, item) -> item.fieldNames().forEachRemaining(m -> out.add(m.toUpperCase() + " " + path)));
        return out;
    }
}
