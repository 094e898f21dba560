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

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;

/**
 * A fabric8 mock API server in CRUD mode that knows our two CRDs, on a fixed port so it can be stopped
 * and started again (on the same stored objects) to break the informers' watches.
 */
public final class MockCluster implements AutoCloseable {
    private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher(List.of(
            CustomResourceDefinitionContext.fromCustomResourceType(dev.podpreset.api.PodPreset.class),
            CustomResourceDefinitionContext.fromCustomResourceType(dev.podpreset.api.ClusterPodPreset.class)));
    private final int port;
    private KubernetesMockServer server;

    public MockCluster() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    public MockCluster start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        return this;
    }

    /** Stops the server; the stored objects stay in the dispatcher for the next {@link #start()}. */
    public void stop() {
        if (server != null) {
            server.destroy();
            server = null;
        }
    }

    public String url() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
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
