package dev.podpreset.controller;

import dev.podpreset.sources.MockCluster;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link MockCluster} with our two CRDs created as objects (the generated ones, from the build), so that the
 * CRUD mock treats {@code /status} as a subresource: status writes leave spec and generation alone.
 */
final class ControllerCluster implements AutoCloseable {
    private static final Path CRDS = Path.of("target/classes/META-INF/fabric8");
    final MockCluster cluster;
    final KubernetesClient client;

    ControllerCluster() throws IOException {
        this(new MockCluster());
    }

    private ControllerCluster(MockCluster unstarted) {
        cluster = unstarted.start();
        client = cluster.client();
        registerCrds(client);
    }

    /** One served over HTTPS, for a container of the image that reaches it as a pod does ({@code ServiceAccount}). */
    static ControllerCluster overHttps() throws IOException {
        return new ControllerCluster(new MockCluster().overHttps());
    }

    /** Creates our two CRDs, as the build generated them, in the mock behind {@code client}. */
    static void registerCrds(KubernetesClient client) {
        for (String file : new String[]{"podpresets.podpreset.dev-v1.yml", "clusterpodpresets.podpreset.dev-v1.yml"}) {
            try (InputStream in = Files.newInputStream(CRDS.resolve(file))) {
                client.apiextensions().v1().customResourceDefinitions()
                        .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
                        .create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A kubeconfig for the mock, for a process or container of the packaged controller. */
    String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: mock, user: {}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock}}]
                current-context: mock
                """.formatted(cluster.url());
    }

    void apply(String yaml) {
        MockCluster.apply(client, yaml);
    }

    @Override
    public void close() {
        client.close();
        cluster.close();
    }
}
