package dev.podpreset.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.fabric8.zjsonpatch.JsonPatch;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.podpreset.TemporaryDirectories;
import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Just enough of a kube-apiserver for the controller benchmark ({@code src/jmh/controller-scale.sh}): paged lists
 * (limit/continue) of the {@link ClusterShape}'s namespaces, ReplicaSets, pods and presets, HTTP watches that stay
 * open, a Lease, Events, and preset status patches, which it timestamps. Not a test double of the API: no
 * storage, no validation. Its own endpoints: {@code POST /bench/change?preset=ns-0001/pp} (or {@code cpp-3})
 * bumps a preset's generation and sends MODIFIED on the preset watches; {@code GET /bench/stats} answers the
 * number of presets whose status was written and the milliseconds from each change to its status.
 *
 * <p>Lists are served metadata-only ({@code PartialObjectMetadataList}) to a client whose Accept header asks for
 * {@code as=PartialObjectMetadataList;g=meta.k8s.io;v=v1}, as a kube-apiserver does, unless started with
 * {@code --full-objects-only} (an API server without it, as the fabric8 mock server), so that the controller's
 * metadata-only path and its fallback are both measured; {@code /bench/stats} counts the list pages of each.
 *
 * <p>{@code main} serves HTTPS, as kube-apiserver does, with a self-signed certificate for localhost whose PEM it writes
 * to CA_FILE, so that a controller reaches it as a pod reaches its API server (TLS, the server's certificate verified).
 *
 * <p>Usage: {@code SimulatedApiServer NAMESPACES REPLICASETS PODS PRESETS PORT_FILE CA_FILE [--full-objects-only]}
 */
public final class SimulatedApiServer {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ClusterShape shape;
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    private final Map<String, Long> changedAt = new ConcurrentHashMap<>();
    private final List<Long> changeToStatusMillis = new CopyOnWriteArrayList<>();
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private final List<OutputStream> presetWatches = new CopyOnWriteArrayList<>();
    /** List pages served per path, with full objects and metadata-only. */
    private final Map<String, Long> fullPages = new ConcurrentHashMap<>();
    private final Map<String, Long> metadataOnlyPages = new ConcurrentHashMap<>();
    private final boolean offersMetadataOnly;
    private final AtomicLong resourceVersion = new AtomicLong(1_000_000);
    private volatile String lease;

    SimulatedApiServer(ClusterShape shape, boolean offersMetadataOnly) {
        this.shape = shape;
        this.offersMetadataOnly = offersMetadataOnly;
    }

    public static void main(String[] args) throws Exception {
        ClusterShape shape = new ClusterShape(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]));
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setHttpsConfigurator(new HttpsConfigurator(tls(Path.of(args[5]))));
        start(server, shape, !(args.length > 6 && args[6].equals("--full-objects-only")));
        Files.writeString(Path.of(args[4]), Integer.toString(server.getAddress().getPort()));
    }

    /** Serves {@code shape} over HTTP on a free loopback port, metadata-only lists if {@code offersMetadataOnly}. */
    public static HttpServer serve(ClusterShape shape, boolean offersMetadataOnly) throws IOException {
        return start(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200), shape,
                offersMetadataOnly);
    }

    /**
     * A self-signed certificate for localhost and its key, generated in a temporary directory as a key store and as
     * PEM; the PEM certificate is copied to {@code ca}.
     */
    private static SSLContext tls(Path ca) throws Exception {
        Path dir = TemporaryDirectories.deletedAtExit("simulated-api-server");
        char[] password = "simulated".toCharArray();
        new CertificateGenerator(dir, true).generate(new CertificateRequest().withName("api").withCN("localhost")
                .withSubjectAlternativeName("DNS:localhost").withSubjectAlternativeName("IP:127.0.0.1")
                .withDuration(Duration.ofDays(1)).withFormats(List.of(Format.PKCS12, Format.PEM))
                .withPassword(new String(password)));
        Files.copy(dir.resolve("api.crt"), ca, StandardCopyOption.REPLACE_EXISTING);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("api-keystore.p12"))) {
            keys.load(in, password);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static <S extends HttpServer> S start(S server, ClusterShape shape, boolean offersMetadataOnly) {
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "simulated-api-server");
            t.setDaemon(true);
            return t;
        }));
        SimulatedApiServer api = new SimulatedApiServer(shape, offersMetadataOnly);
        server.createContext("/", api::handle);
        server.start();
        return server;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (RuntimeException e) {
            reply(exchange, 500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"" + e + "\"}");
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        String method = ex.getRequestMethod();
        if (path.startsWith("/bench/")) {
            bench(ex, path, query);
        } else if ("true".equals(query.get("watch"))) {
            watch(ex, path);
        } else if (path.contains("/leases")) {
            lease(ex, method);
        } else if (path.endsWith("/events")) {
            reply(ex, 201, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        } else if (path.endsWith("/status") && method.equals("PATCH")) {
            status(ex, path);
        } else if (method.equals("GET") && path.startsWith("/apis/podpreset.dev/") && path.split("/").length > 5) {
            reply(ex, 200, preset(path));
        } else if (method.equals("GET")) {
            list(ex, path, query);
        } else {
            reply(ex, 405, "{\"kind\":\"Status\",\"code\":405}");
        }
    }

    /** A listable resource: how many there are, the list kind, and the i-th object in full and as its metadata. */
    private record Listing(int count, String kind, IntFunction<String> item, IntFunction<String> metadata) {
    }

    private Listing listing(String path) {
        return switch (path) {
            case "/api/v1/namespaces" -> new Listing(shape.namespaces, "NamespaceList", shape::namespace, shape::namespaceMetadata);
            case "/apis/apps/v1/replicasets" -> new Listing(shape.replicaSets, "ReplicaSetList", shape::replicaSet,
                    shape::replicaSetMetadata);
            case "/api/v1/pods" -> new Listing(shape.pods, "PodList", shape::pod, shape::podMetadata);
            case "/apis/podpreset.dev/v1alpha1/podpresets" -> new Listing(shape.podPresets, "PodPresetList",
                    i -> withStatus(ClusterShape.ns(i) + "/pp", shape.podPreset(i, generation(ClusterShape.ns(i) + "/pp"))),
                    i -> shape.podPresetMetadata(i, generation(ClusterShape.ns(i) + "/pp")));
            case "/apis/podpreset.dev/v1alpha1/clusterpodpresets" -> new Listing(shape.clusterPodPresets, "ClusterPodPresetList",
                    i -> withStatus("cpp-" + i, shape.clusterPodPreset(i, generation("cpp-" + i))),
                    i -> shape.clusterPodPresetMetadata(i, generation("cpp-" + i)));
            default -> null;
        };
    }

    /**
     * One page of a list: full objects, or, when the client asks for {@code as=PartialObjectMetadataList} and this
     * server offers it, a PartialObjectMetadataList of the objects' metadata.
     */
    private void list(HttpExchange ex, String path, Map<String, String> query) throws IOException {
        Listing listing = listing(path);
        if (listing == null) {
            reply(ex, 404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}");
            return;
        }
        boolean metadataOnly = metadataOnly(ex, "PartialObjectMetadataList");
        (metadataOnly ? metadataOnlyPages : fullPages).merge(path, 1L, Long::sum);
        int count = listing.count();
        IntFunction<String> item = metadataOnly ? i -> ClusterShape.partial(listing.metadata().apply(i)) : listing.item();
        String kind = metadataOnly ? "PartialObjectMetadataList" : listing.kind();
        String apiVersion = metadataOnly ? "meta.k8s.io/v1" : "v1";
        int from = query.containsKey("continue") ? Integer.parseInt(query.get("continue")) : 0;
        int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : count;
        int to = Math.min(count, from + limit);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            StringBuilder page = new StringBuilder(64 * 1024);
            page.append("{\"kind\":\"").append(kind).append("\",\"apiVersion\":\"").append(apiVersion)
                    .append("\",\"metadata\":{\"resourceVersion\":\"")
                    .append(resourceVersion.get()).append('"').append(to < count ? ",\"continue\":\"" + to + "\"" : "")
                    .append("},\"items\":[");
            for (int i = from; i < to; i++) {
                page.append(i > from ? "," : "").append(item.apply(i));
                if (page.length() > 60_000) {
                    out.write(page.toString().getBytes(StandardCharsets.UTF_8));
                    page.setLength(0);
                }
            }
            page.append("]}");
            out.write(page.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Websocket upgrades get a plain 200, so the client falls back to an HTTP watch, which stays open. */
    private void watch(HttpExchange ex, String path) throws IOException {
        if (ex.getRequestHeaders().containsKey("Upgrade")) {
            reply(ex, 200, "");
            return;
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        out.flush();
        if (path.startsWith("/apis/podpreset.dev/")) {
            presetWatches.add(out);
        }
        // The exchange stays open until the client goes away; events are written by change().
    }

    private void bench(HttpExchange ex, String path, Map<String, String> query) throws IOException {
        if (path.equals("/bench/change")) {
            String preset = query.get("preset");
            long generation = generations.merge(preset, 2L, (a, b) -> a + 1);
            String object = preset.contains("/")
                    ? shape.podPreset(Integer.parseInt(preset.substring(3, 7)), generation)
                    : shape.clusterPodPreset(Integer.parseInt(preset.substring(4)), generation);
            changedAt.put(preset + "@" + generation, System.nanoTime());
            modified(withStatus(preset, object));
            reply(ex, 200, "{\"generation\":" + generation + "}");
        } else {
            reply(ex, 200, "{\"statusWritten\":" + statuses.size() + ",\"changeToStatusMillis\":" + changeToStatusMillis
                    + ",\"fullListPages\":" + MAPPER.writeValueAsString(fullPages)
                    + ",\"metadataOnlyListPages\":" + MAPPER.writeValueAsString(metadataOnlyPages) + "}");
        }
    }

    /** Sends a MODIFIED event on every open preset watch, as the API server does after each write. */
    private void modified(String object) {
        String event = "{\"type\":\"MODIFIED\",\"object\":" + object + "}\n";
        for (OutputStream watch : presetWatches) {
            try {
                synchronized (watch) {
                    watch.write(event.getBytes(StandardCharsets.UTF_8));
                    watch.flush();
                }
            } catch (IOException gone) {
                presetWatches.remove(watch);
            }
        }
    }

    /** The object with the status last written for it, if any. */
    private String withStatus(String preset, String object) {
        String status = statuses.get(preset);
        return status == null ? object : object.substring(0, object.length() - 1) + ",\"status\":" + status + "}";
    }

    private void status(HttpExchange ex, String path) throws IOException {
        JsonNode patch = MAPPER.readTree(ex.getRequestBody());
        String[] parts = path.split("/");
        boolean cluster = path.contains("/clusterpodpresets/");
        String preset = cluster ? parts[5] : parts[5] + "/" + parts[7];
        long observed = patch.path(0).path("value").path("observedGeneration").asLong();
        statuses.put(preset, patch.path(0).path("value").toString());
        Long started = changedAt.remove(preset + "@" + observed);
        if (started != null) {
            changeToStatusMillis.add((System.nanoTime() - started) / 1_000_000);
        }
        String object = preset(path);
        reply(ex, 200, object);
        modified(object);
    }

    /** The preset a path names: .../namespaces/ns-0001/podpresets/pp[/status] or .../clusterpodpresets/cpp-3[/status]. */
    private String preset(String path) {
        String[] parts = path.split("/");
        if (path.contains("/clusterpodpresets/")) {
            return withStatus(parts[5], shape.clusterPodPreset(Integer.parseInt(parts[5].substring(4)), generation(parts[5])));
        }
        return withStatus(parts[5] + "/pp", shape.podPreset(Integer.parseInt(parts[5].substring(3)), generation(parts[5] + "/pp")));
    }

    private void lease(HttpExchange ex, String method) throws IOException {
        switch (method) {
            case "GET" -> reply(ex, lease == null ? 404 : 200, lease == null ? "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}" : lease);
            case "POST", "PUT", "PATCH" -> {
                JsonNode body = MAPPER.readTree(ex.getRequestBody());
                if (method.equals("PATCH")) {
                    String type = ex.getRequestHeaders().getFirst("Content-Type");
                    body = type != null && type.startsWith("application/json-patch")
                            ? JsonPatch.apply(body, MAPPER.readTree(lease)) : merge(MAPPER.readTree(lease), body);
                }
                ((ObjectNode) body.path("metadata"))
                        .put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
                lease = body.toString();
                reply(ex, method.equals("POST") ? 201 : 200, lease);
            }
            default -> reply(ex, 405, "{}");
        }
    }

    /** RFC 7386 merge patch. */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject() || !target.isObject()) {
            return patch;
        }
        ObjectNode out = (ObjectNode) target;
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), merge(out.path(e.getKey()).isMissingNode() ? MAPPER.createObjectNode() : out.get(e.getKey()),
                        e.getValue()));
            }
        });
        return out;
    }

    private long generation(String preset) {
        return generations.getOrDefault(preset, 1L);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(eq < 0 ? pair : pair.substring(0, eq),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /**
     * Whether the client's Accept header asks for {@code as=<as>;g=meta.k8s.io;v=v1} (what client-go's metadata client
     * sends) and this server offers it; otherwise it answers full objects, as the fabric8 mock server does.
     */
    private boolean metadataOnly(HttpExchange ex, String as) {
        String accept = String.join(",", ex.getRequestHeaders().getOrDefault("Accept", List.of()));
        return offersMetadataOnly && accept.replace(" ", "").contains("as=" + as + ";g=meta.k8s.io;v=v1");
    }

    private static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
