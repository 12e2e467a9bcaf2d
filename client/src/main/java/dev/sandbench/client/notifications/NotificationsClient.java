package dev.sandbench.client.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.Request;

import java.util.List;

import static dev.sandbench.client.http.EngineHttp.seg;

/** Notifications made from alerts: list, unread count, mark read, and which alerts notify. */
public final class NotificationsClient {
    private final EngineHttp http;

    public NotificationsClient(EngineHttp http) {
        this.http = http;
    }

    /** The newest 100 notifications. */
    public List<Notification> list() {
        return list(false, null);
    }

    /** Notifications, newest first; {@code limit} null = 100. */
    @ApiRoute("GET /v1/notifications")
    public List<Notification> list(boolean unreadOnly, Integer limit) {
        return http.call(get("/v1/notifications", "unread", unreadOnly ? "true" : null, "limit", limit),
                http.listOf(Notification.class));
    }

    @ApiRoute("GET /v1/notifications/unread-count")
    public long unreadCount() {
        return http.call(get("/v1/notifications/unread-count"), JsonNode.class).get("count").asLong();
    }

    @ApiRoute("POST /v1/notifications/{id}/read")
    public Notification markRead(String notificationId) {
        return http.call(post("/v1/notifications/" + seg(notificationId) + "/read"), Notification.class);
    }

    /** Marks every notification read; returns how many were unread. */
    @ApiRoute("POST /v1/notifications/read-all")
    public int markAllRead() {
        return http.call(post("/v1/notifications/read-all"), JsonNode.class).get("marked").asInt();
    }

    @ApiRoute("GET /v1/notifications/config")
    public NotificationConfig config() {
        return http.call(get("/v1/notifications/config"), NotificationConfig.class);
    }

    @ApiRoute("PUT /v1/notifications/config")
    public NotificationConfig updateConfig(NotificationConfig config) {
        return http.call(new Request.Builder().url(http.url("/v1/notifications/config")).put(http.json(config)).build(),
                NotificationConfig.class);
    }

    private Request get(String path, Object... query) {
        return new Request.Builder().url(http.url(path, query)).get().build();
    }

    private Request post(String path) {
        return new Request.Builder().url(http.url(path)).post(http.json(null)).build();
    }
}
