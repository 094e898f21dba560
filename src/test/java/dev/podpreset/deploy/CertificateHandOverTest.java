package dev.podpreset.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podpreset.Commands;
import dev.podpreset.certificates.CertificateManagerForTests;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving an install of k8s/ from script-made certificates to the controller's: after {@code rotate-certs.sh
 * --hand-over} the Secret holds the scripts' CA with its key, and the controller (run on the CRUD mock with
 * the settings of k8s/controller.yaml) keeps that CA and the serving certificate and writes the same CA into
 * the caBundle of the webhook configurations of k8s/, so nothing a webhook replica serves stops being trusted.
 */
class CertificateHandOverTest {
    private static final String NAMESPACE = "podpreset-system";

    private static List<Certificate> pem(byte[] bytes) throws Exception {
        return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes)));
    }

    @Test
    void theControllerKeepsAHandedOverCaAndServingCertificate(@TempDir Path out) throws Exception {
        assumeTrue(Commands.available("bash", "--version") && Commands.available("openssl", "version"), "bash and openssl");
        Process script = new ProcessBuilder("bash", "certs-scripts/create-certs.sh", "--no-kubectl", "--out-dir", out.toString())
                .redirectErrorStream(true).start();
        String log = new String(script.getInputStream().readAllBytes());
        assertTrue(script.waitFor(120, TimeUnit.SECONDS) && script.exitValue() == 0, log);
        // What rotate-certs.sh --hand-over applies (CertificateScriptsTest checks that it does).
        Map<String, String> data = new LinkedHashMap<>();
        for (String key : List.of("ca.crt", "ca.key", "tls.crt", "tls.key")) {
            data.put(key, Base64.getEncoder().encodeToString(Files.readAllBytes(out.resolve(key))));
        }

        Manifests k8s = Manifests.fromKustomization(Path.of("k8s"));
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            client.resource(Serialization.unmarshal(k8s.single("MutatingWebhookConfiguration").toString(),
                    MutatingWebhookConfiguration.class)).create();
            client.resource(Serialization.unmarshal(k8s.single("ValidatingWebhookConfiguration").toString(),
                    ValidatingWebhookConfiguration.class)).create();
            var secret = client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                    .withName("podpreset-injector-tls").withNamespace(NAMESPACE).endMetadata()
                    .withType("kubernetes.io/tls").withData(data).build()).create();
            var mutating = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("podpreset-injector");
            var validating = client.admissionRegistration().v1().validatingWebhookConfigurations().withName("podpreset-injector");
            try (AutoCloseable leader = CertificateManagerForTests.lead(client, new RbacTest.ChartCertificates())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (mutating.get().getWebhooks().get(0).getClientConfig().getCaBundle() == null
                        || validating.get().getWebhooks().get(0).getClientConfig().getCaBundle() == null) {
                    assertTrue(System.nanoTime() < deadline, "no caBundle written");
                    Thread.sleep(50);
                }
            }
            List<Certificate> scriptCa = pem(Files.readAllBytes(out.resolve("ca.crt")));
            assertEquals(scriptCa, pem(Base64.getDecoder().decode(mutating.get().getWebhooks().get(0).getClientConfig().getCaBundle())));
            assertEquals(scriptCa, pem(Base64.getDecoder().decode(validating.get().getWebhooks().get(0).getClientConfig().getCaBundle())));
            var stored = client.secrets().inNamespace(NAMESPACE).withName("podpreset-injector-tls").get();
            assertEquals(secret.getMetadata().getResourceVersion(), stored.getMetadata().getResourceVersion(),
                    "the Secret is kept as handed over");
            assertEquals(data, stored.getData());
        } finally {
            server.destroy();
        }
    }
}
