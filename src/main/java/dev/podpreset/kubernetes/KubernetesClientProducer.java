package dev.podpreset.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The one fabric8 client of the application and its configuration. The client is application-scoped, so it is only
 * built on its first use (the controller, conflict events); local mode never touches a cluster. Its configuration is
 * fabric8's own: the in-cluster service account when running in a pod, else the kubeconfig, and the
 * {@code kubernetes.*} system properties / {@code KUBERNETES_*} environment variables. Closed at shutdown.
 */
@Singleton
public class KubernetesClientProducer {
    private static final Logger LOG = Logger.getLogger(KubernetesClientProducer.class);

    /**
     * Where the cluster is and who this process is in it, as fabric8 resolves it; the preset watch reaches the API
     * server with it through a client of its own ({@link ApiServer}).
     */
    @Produces
    @Singleton
    Config kubernetesConfig() {
        return Config.autoConfigure(null);
    }

    @Produces
    @ApplicationScoped
    KubernetesClient kubernetesClient(Config config) {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        LOG.infof("Kubernetes API server: %s", client.getMasterUrl());
        return client;
    }

    void close(@Disposes KubernetesClient client) {
        client.close();
    }
}
