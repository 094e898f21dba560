package dev.podpreset.controller;

import dev.podpreset.TemporaryDirectories;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PresetCondition;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.deploy.Chart;
import dev.podpreset.image.ChartPod;
import dev.podpreset.image.Podman;
import dev.podpreset.image.RunningPod;
import dev.podpreset.image.ServiceAccount;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image run as the chart runs the controller ({@link ChartPod}), against the fabric8 CRUD mock API server with
 * our CRDs registered, over HTTPS and reached as a pod reaches its API server ({@link ServiceAccount}: fabric8's
 * in-cluster configuration, the server's certificate verified against the mounted CA); the mock holds what a Helm install leaves besides the pods (its webhook configurations) and a
 * PodPreset. The controller becomes ready, takes the Lease, writes the preset's status and, in the chart's default
 * selfManaged mode, creates the serving certificate's Secret and the webhooks' caBundle; it exits on SIGTERM.
 * Run by {@code src/container/test.sh}.
 */
class ControllerImageIT {
    private static final String POD_NAME = "podpreset-injector-controller-7d4b9c-x2x7q";

    private final Podman podman = Podman.fromSystemProperties();

    @AfterEach
    void removeContainers() {
        podman.removeAll();
    }

    @Test
    void takesTheLeaseAndWritesStatusAndCertificates() throws Exception {
        ChartPod pod = ChartPod.render("Deployment", Chart.RELEASE + "-controller", Map.of("managementPort", RunningPod.freePort()));
        try (ControllerCluster cluster = ControllerCluster.overHttps()) {
            KubernetesClient client = cluster.client;
            for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
                cluster.apply(pod.objects().get(kind, pod.env("PODPRESET_CERTIFICATES_WEBHOOK_NAME")).toString());
            }
            cluster.apply("{apiVersion: v1, kind: Namespace, metadata: {name: " + Chart.NAMESPACE + "}}");
            cluster.apply("{apiVersion: v1, kind: Namespace, metadata: {name: team-a, labels: {podpreset.dev/injection: enabled}}}");
            cluster.apply("""
                    apiVersion: podpreset.dev/v1alpha1
                    kind: PodPreset
                    metadata: {name: db, namespace: team-a}
                    spec: {env: [{name: DB_PORT, value: "5432"}]}
                    """);

            Path work = TemporaryDirectories.deletedAtExit("controller-image-it");
            List<String> extra = new ArrayList<>(List.of("--hostname", POD_NAME));
            extra.addAll(ServiceAccount.podmanOptions(work, cluster.cluster.url(), cluster.cluster.certificate(), Chart.NAMESPACE));
            RunningPod controller = RunningPod.start(podman, pod, Map.of(), work, extra);
            controller.awaitReady(Duration.ofSeconds(120));
            controller.assertRunsAsTheChartSays();

            String leaseName = pod.env("PODPRESET_CONTROLLER_LEASE_NAME");
            RunningPod.await(() -> {
                Lease lease = client.leases().inNamespace(Chart.NAMESPACE).withName(leaseName).get();
                return lease != null && lease.getSpec().getHolderIdentity() != null
                        && lease.getSpec().getHolderIdentity().startsWith(POD_NAME);
            }, Duration.ofSeconds(60), "the Lease " + leaseName + " held by the container\n" + controller.logs());

            RunningPod.await(() -> {
                PresetStatus s = client.resources(PodPreset.class).inNamespace("team-a").withName("db").get().getStatus();
                return s != null && s.condition(PresetCondition.READY) != null
                        && "True".equals(s.condition(PresetCondition.READY).getStatus());
            }, Duration.ofSeconds(60), "the preset's status Ready=True\n" + controller.logs());

            String secretName = pod.env("PODPRESET_CERTIFICATES_SECRET_NAME");
            RunningPod.await(() -> {
                Secret secret = client.secrets().inNamespace(Chart.NAMESPACE).withName(secretName).get();
                MutatingWebhookConfiguration webhook = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                        .withName(pod.env("PODPRESET_CERTIFICATES_WEBHOOK_NAME")).get();
                String caBundle = webhook.getWebhooks().get(0).getClientConfig().getCaBundle();
                return secret != null && secret.getData().containsKey("tls.crt") && caBundle != null && !caBundle.isEmpty();
            }, Duration.ofSeconds(60), "the Secret " + secretName + " and the caBundle\n" + controller.logs());

            controller.sigterm();
            assertEquals(143, controller.awaitExit(Duration.ofSeconds(pod.terminationGracePeriodSeconds())),
                    "the JVM's exit on SIGTERM:\n" + controller.logs());
            assertTrue(controller.logs().contains("Competing for Lease " + Chart.NAMESPACE + "/" + leaseName));
            // Only KUBERNETES_SERVICE_HOST and _PORT name it: the client took the in-cluster path.
            assertTrue(controller.logs().contains("Kubernetes API server: " + cluster.cluster.url() + "/"), controller.logs());
        }
    }
}
