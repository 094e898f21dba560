package dev.podpreset.sources;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fabric8 mock API server in CRUD mode that knows our two CRDs, on a fixed port so it can be stopped
 * and started again (on the same stored objects) to break the informers' watches. It records when each request
 * arrived, and answers 500 to the requests a test tells it to fail. Unlike the fabric8 mock alone, it lists in pages
 * when a client asks for them ({@link ListPages}), as kube-apiserver does.
 *
 * <p>Its watches replay every stored object as ADDED when they open, whatever resourceVersion they resume from;
 * kube-apiserver sends a watch that resumes from its list's resourceVersion only what changed after it. A benchmark
 * that changes nothing once its objects are stored uses {@link #withoutWatchReplay()}, so that a client does not
 * receive its whole list twice.
 */
public final class MockCluster implements AutoCloseable {
    private static final Pattern RESOURCE_VERSION = Pattern.compile("[?&]resourceVersion=([^&]*)");

    /** A request as it arrived: when (System.nanoTime()), its method and its path with the query. */
    public record Request(long nanos, String method, String path) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Predicate<Request> failing = r -> false;
    private final ListPages pages = new ListPages();
    private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher(List.of(
            CustomResourceDefinitionContext.fromCustomResourceType(dev.podpreset.api.PodPreset.class),
            CustomResourceDefinitionContext.fromCustomResourceType(dev.podpreset.api.ClusterPodPreset.class))) {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            Request r = new Request(System.nanoTime(), request.getMethod(), request.getPath());
            requests.add(r);
            if (!r.method().equals("GET")) {
                pages.changed();
            }
            return failing.test(r) ? new MockResponse().setResponseCode(500).setBody("{\"kind\":\"Status\",\"code\":500}")
                    : super.dispatch(request);
        }

        @Override
        public MockResponse handleGet(String path) {
            return pages.get(path, super::handleGet);
        }

        @Override
        public MockResponse handleWatch(String path) {
            // Open, and silent until the client closes it: nothing changes after the list in that mode.
            return silentResumedWatches && resumes(path) ? new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            }) : super.handleWatch(path);
        }
    };
    private final boolean silentResumedWatches;
    private final int port;
    private boolean https;
    private MockWebServer webServer;
    private KubernetesMockServer server;

    public MockCluster() throws IOException {
        this(false);
    }

    private MockCluster(boolean silentResumedWatches) throws IOException {
        this.silentResumedWatches = silentResumedWatches;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    /**
     * A server whose watches that resume from a resourceVersion (not "0", which asks for everything) send nothing:
     * what kube-apiserver sends them while nothing changes. Changes made after such a watch opened are not sent to it.
     */
    public static MockCluster withoutWatchReplay() throws IOException {
        return new MockCluster(true);
    }

    static boolean resumes(String path) {
        Matcher m = RESOURCE_VERSION.matcher(path);
        return m.find() && !m.group(1).isEmpty() && !m.group(1).equals("0");
    }

    /**
     * Serves HTTPS, as kube-apiserver does, with a self-signed certificate for localhost ({@link #certificate()});
     * before {@link #start()}.
     */
    public MockCluster overHttps() {
        https = true;
        return this;
    }

    public MockCluster start() {
        webServer = new MockWebServer();
        server = new KubernetesMockServer(new Context(), webServer, new HashMap<>(), dispatcher, https);
        server.init(InetAddress.getLoopbackAddress(), port);
        return this;
    }

    /** The requests so far that match. */
    public List<Request> requests(Predicate<Request> matching) {
        return requests.stream().filter(matching).toList();
    }

    /** From now on, answers 500 to requests that match (a broken API server, an overloaded etcd). */
    public void fail(Predicate<Request> matching) {
        failing = matching;
    }

    /** Stops the server; the stored objects stay in the dispatcher for the next {@link #start()}. */
    public void stop() {
        if (server != null) {
            server.destroy();
            server = null;
        }
    }

    public String url() {
        // Over HTTPS, the name its certificate is for.
        return https ? "https://" + webServer.getHostName() + ":" + port
                : "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
    }

    /** The PEM file of the certificate it serves over HTTPS, while it runs. */
    public Path certificate() {
        return Path.of(webServer.getSelfSignedCertificate().certificatePath());
    }

    /** A client of this server that does not look at kubeconfig or a service account. */
    public KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withTrustCerts(true)
                .withNamespace("default")
                .withRequestRetryBackoffLimit(0)
                .withWatchReconnectInterval(200)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Creates or replaces a resource given as YAML (PodPreset, ClusterPodPreset or Namespace). */
    public static void apply(KubernetesClient client, String yaml) {
        GenericKubernetesResource r;
        try {
            r = client.getKubernetesSerialization().convertValue(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(yaml), GenericKubernetesResource.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        client.resource(r).createOr(existing -> existing.update());
    }

    /** A second server on the same stored objects, on another port: to change things behind a stopped one. */
    public Side side() {
        KubernetesMockServer other = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        other.init();
        return new Side(other);
    }

    public record Side(KubernetesMockServer server) implements AutoCloseable {
        public KubernetesClient client() {
            return server.createClient();
        }

        @Override
        public void close() {
            server.destroy();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
