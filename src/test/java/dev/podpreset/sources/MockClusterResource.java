package dev.podpreset.sources;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A {@link MockCluster} for a Quarkus test. It is created but not started, so a test can see the
 * injector before the API server answers; fabric8's client (built by the application's producer) is
 * pointed at it through the {@code kubernetes.*} system properties.
 */
public class MockClusterResource implements QuarkusTestResourceLifecycleManager {
    static MockCluster cluster;
    private static final String[] PROPERTIES = {"kubernetes.master", "kubernetes.trust.certificates",
            "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount", "kubernetes.namespace",
            "kubernetes.watch.reconnectInterval"};

    /** The cluster of the running test, not started yet when the test begins. */
    public static MockCluster cluster() {
        return cluster;
    }

    @Override
    public Map<String, String> start() {
        try {
            cluster = new MockCluster();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("kubernetes.master", cluster.url());
        System.setProperty("kubernetes.trust.certificates", "true");
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        System.setProperty("kubernetes.namespace", "default");
        System.setProperty("kubernetes.watch.reconnectInterval", "200");
        return Map.of("podpreset.source", "kubernetes");
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
        for (String p : PROPERTIES) {
            System.clearProperty(p);
        }
    }
}
