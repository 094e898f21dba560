package dev.podpreset.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The one fabric8 client of the application. It is application-scoped, so it is only built on its
 * first use (the Kubernetes preset source); local mode never touches a cluster. Its configuration is
 * fabric8's own: the in-cluster service account when running in a pod, else the kubeconfig, and the
 * {@code kubernetes.*} system properties / {@code KUBERNETES_*} environment variables. Closed at shutdown.
 */
@Singleton
public class KubernetesClientProducer {
    private static final Logger LOG = Logger.getLogger(KubernetesClientProducer.class);

    @Produces
    @ApplicationScoped
    KubernetesClient kubernetesClient() {
        KubernetesClient client = new KubernetesClientBuilder().build();
        LOG.infof("Kubernetes API server: %s", client.getMasterUrl());
        return client;
    }

    void close(@Disposes KubernetesClient client) {
        client.close();
    }
}
