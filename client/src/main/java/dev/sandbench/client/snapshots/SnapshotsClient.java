package dev.sandbench.client.snapshots;

import dev.sandbench.client.ApiRoute;
import dev.sandbench.client.files.TransferListener;
import dev.sandbench.client.http.EngineHttp;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.sandbench.client.http.EngineHttp.seg;

/** Snapshots (take, list, restore, fork via sandboxes().create, download, import) and named workspaces. */
public final class SnapshotsClient {
    private final EngineHttp http;
    private final OkHttpClient transfers;

    public SnapshotsClient(EngineHttp http) {
        this.http = http;
        this.transfers = http.okHttp().newBuilder().callTimeout(Duration.ZERO).readTimeout(Duration.ofMinutes(5))
                .writeTimeout(Duration.ofMinutes(5)).build();
    }

    @ApiRoute("GET /v1/sandboxes/{id}/snapshots")
    public List<Snapshot> list(String sandboxId) {
        return http.call(getRequest("/v1/sandboxes/" + seg(sandboxId) + "/snapshots"), http.listOf(Snapshot.class));
    }

    /** Takes a snapshot (the sandbox is frozen while its files are archived) and returns it completed. */
    @ApiRoute("POST /v1/sandboxes/{id}/snapshots")
    public Snapshot create(String sandboxId, String name, String description) {
        Map<String, String> body = new HashMap<>();
        if (name != null) body.put("name", name);
        if (description != null) body.put("description", description);
        Request req = new Request.Builder().url(http.url("/v1/sandboxes/" + seg(sandboxId) + "/snapshots"))
                .post(http.json(body)).build();
        return http.call(transfers, req, http.type(Snapshot.class));
    }

    @ApiRoute("GET /v1/snapshots/{sid}")
    public Snapshot get(String snapshotId) {
        return http.call(getRequest("/v1/snapshots/" + seg(snapshotId)), Snapshot.class);
    }

    @ApiRoute("DELETE /v1/snapshots/{sid}")
    public void delete(String snapshotId) {
        http.send(new Request.Builder().url(http.url("/v1/snapshots/" + seg(snapshotId))).delete().build());
    }

    /** Puts the snapshot's files back into its sandbox. */
    @ApiRoute("POST /v1/snapshots/{sid}/restore")
    public Snapshot restore(String snapshotId) {
        Request req = new Request.Builder().url(http.url("/v1/snapshots/" + seg(snapshotId) + "/restore"))
                .post(http.json(Map.of())).build();
        return http.call(transfers, req, http.type(Snapshot.class));
    }

    /** What changed since the snapshot: against its sandbox now ({@code against} null) or another snapshot. */
    @ApiRoute("GET /v1/snapshots/{sid}/diff")
    public SnapshotDiff diff(String snapshotId, String against) {
        return http.call(new Request.Builder().url(http.url("/v1/snapshots/" + seg(snapshotId) + "/diff",
                "against", against == null ? "current" : against)).get().build(), SnapshotDiff.class);
    }

    /** A text file as the snapshot has it (422 for binary files or over 10 MiB, 404 when absent). */
    @ApiRoute("GET /v1/snapshots/{sid}/files/content")
    public String text(String snapshotId, String path) {
        return http.call(new Request.Builder().url(http.url("/v1/snapshots/" + seg(snapshotId) + "/files/content",
                "path", path)).get().build(), String.class);
    }

    @ApiRoute("GET /v1/snapshots/{sid}/download")
    public DownloadUrl downloadUrl(String snapshotId) {
        return http.call(getRequest("/v1/snapshots/" + seg(snapshotId) + "/download"), DownloadUrl.class);
    }

    /** Saves the snapshot's archive to {@code file} (through a fresh download URL). */
    @ApiRoute("GET /v1/snapshots/{sid}/archive")
    public Path download(String snapshotId, Path file, TransferListener listener) {
        DownloadUrl u = downloadUrl(snapshotId);
        Request req = new Request.Builder().url(u.url()).get().build();
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (Response r = http.execute(transfers.newCall(req)); InputStream in = r.body().byteStream();
             OutputStream out = Files.newOutputStream(part)) {
            long total = r.body().contentLength();
            byte[] buf = new byte[1 << 16];
            long done = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                listener.onProgress(done += n, total);
            }
        } catch (IOException e) {
            throw EngineHttp.transport(req, e);
        }
        try {
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw EngineHttp.transport(req, e);
        }
        return file;
    }

    /** Uploads an archive (as {@link #download} saves it) as a new snapshot of {@code sandboxId}. */
    @ApiRoute("POST /v1/snapshots/import")
    public Snapshot importArchive(String sandboxId, Path archive, String name) {
        Request req = new Request.Builder().url(http.url("/v1/snapshots/import", "sandbox_id", sandboxId, "name", name))
                .post(RequestBody.create(archive.toFile(), MediaType.get("application/octet-stream"))).build();
        return http.call(transfers, req, http.type(Snapshot.class));
    }

    /** The account's named workspaces. The engine answers {@code {"workspaces": [...]}}, an object (the one shape it shares with Sandkasten's SDK). */
    @ApiRoute("GET /v1/workspaces")
    public List<Workspace> workspaces() {
        return http.call(getRequest("/v1/workspaces"), WorkspaceList.class).workspaces();
    }

    /** The body of {@code GET /v1/workspaces}. */
    record WorkspaceList(List<Workspace> workspaces) {}

    @ApiRoute("DELETE /v1/workspaces/{workspace_id}")
    public void deleteWorkspace(String workspaceId) {
        http.send(new Request.Builder().url(http.url("/v1/workspaces/" + seg(workspaceId))).delete().build());
    }

    private Request getRequest(String path) {
        return new Request.Builder().url(http.url(path)).get().build();
    }
}
