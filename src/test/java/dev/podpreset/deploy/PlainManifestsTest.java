package dev.podpreset.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** k8s/ as {@code kubectl kustomize} renders it, against the chart rendered with the same release name. */
class PlainManifestsTest {
    private static final Path K8S = Path.of("k8s");
    private static final String NAME = "podpreset-injector";
    private static final String CONTROLLER = NAME + "-controller";

    @BeforeAll
    static void kubectl() {
        assumeTrue(Commands.available("kubectl", "version", "--client"), "kubectl not available");
    }

    private static Manifests chart() {
        return Manifests.parse(Chart.template("podpreset-system").call());
    }

    @Test
    void rendersEveryObject() {
        List<String> kinds = Manifests.kustomize(K8S).kinds().stream().sorted().toList();
        assertEquals(List.of("ClusterRole", "ClusterRole", "ClusterRole", "ClusterRole", "ClusterRole", "ClusterRoleBinding",
                "ClusterRoleBinding", "CustomResourceDefinition", "CustomResourceDefinition", "Deployment", "Deployment",
                "MutatingWebhookConfiguration", "Namespace", "PodDisruptionBudget", "Role", "RoleBinding", "Service",
                "ServiceAccount", "ServiceAccount", "ValidatingWebhookConfiguration"), kinds);
    }

    @Test
    void aggregatedRolesAreTheCharts() {
        Manifests k8s = Manifests.kustomize(K8S);
        Manifests chart = chart();
        for (String role : List.of(NAME + "-edit", NAME + "-view", NAME + "-clusterpodpresets-view")) {
            JsonNode ours = k8s.get("ClusterRole", role);
            JsonNode theirs = chart.get("ClusterRole", role);
            assertEquals(theirs.path("rules"), ours.path("rules"), role);
            for (String aggregation : List.of("admin", "edit", "view")) {
                String label = "/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-" + aggregation;
                assertEquals(theirs.at(label), ours.at(label), role + " " + aggregation);
            }
        }
    }

    @Test
    void theWebhookRunsAsTheChartRunsIt() {
        // Its JVM options and resources were measured as the chart sets them (docs/performance.md): the two move together.
        JsonNode ours = Manifests.kustomize(K8S).get("Deployment", NAME).at("/spec/template/spec/containers/0");
        JsonNode theirs = chart().get("Deployment", NAME).at("/spec/template/spec/containers/0");
        assertSameContainer(theirs, ours);
    }

    /** Equal but for the order of the environment variables (a component patches them by name). */
    private static void assertSameContainer(JsonNode chart, JsonNode k8s) {
        assertEquals(env(chart), env(k8s));
        assertEquals(((ObjectNode) chart.deepCopy()).without("env"), ((ObjectNode) k8s.deepCopy()).without("env"));
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    private static String value(Map<String, JsonNode> env, String name) {
        assertTrue(env.containsKey(name), name + " in " + env.keySet());
        return env.get(name).path("value").asText();
    }

    @Test
    void theControllerManagesTheCertificatesByDefault() {
        Manifests k8s = Manifests.kustomize(K8S);
        Map<String, JsonNode> env = env(k8s.get("Deployment", CONTROLLER).at("/spec/template/spec/containers/0"));
        assertEquals("self-managed", value(env, "PODPRESET_CERTIFICATES_MODE"));
        String secret = value(env, "PODPRESET_CERTIFICATES_SECRET_NAME");
        String webhook = value(env, "PODPRESET_CERTIFICATES_WEBHOOK_NAME");
        String service = value(env, "PODPRESET_CERTIFICATES_SERVICE_NAME");
        assertEquals(secret, k8s.get("Deployment", NAME).at("/spec/template/spec/volumes/0/secret/secretName").asText(),
                "the webhook pods mount the Secret the controller writes");
        k8s.get("Service", service);
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            JsonNode config = k8s.get(kind, webhook);
            assertEquals(service, config.at("/webhooks/0/clientConfig/service/name").asText(), kind);
            assertTrue(config.at("/webhooks/0/clientConfig/caBundle").isMissingNode(), kind + ": the controller writes caBundle");
        }
        assertTrue(k8s.ofKind("Secret").isEmpty(), "no certificate in the manifests");
        Map<String, Set<String>> role = Manifests.grants(k8s.get("Role", CONTROLLER));
        assertEquals(Set.of("create"), role.get("/secrets"));
        assertEquals(Set.of("get", "list", "watch", "update"), role.get("/secrets/" + secret));
        Map<String, Set<String>> clusterRole = Manifests.grants(k8s.get("ClusterRole", CONTROLLER));
        for (String kind : List.of("mutatingwebhookconfigurations", "validatingwebhookconfigurations")) {
            assertEquals(Set.of("get", "list", "watch", "patch"), clusterRole.get("admissionregistration.k8s.io/" + kind + "/" + webhook));
        }
    }

    @Test
    void theScriptCertificatesComponentLeavesThemToTheScriptsAsTheChartsExternalModes() throws IOException {
        // A kustomization of the user's own, as the README shows it (kustomize wants a relative path).
        Path dir = Files.createDirectories(Path.of("target", "kustomize-script-certificates"));
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources: [../../k8s]
                components: [../../k8s/script-certificates]
                """);
        Manifests k8s = Manifests.kustomize(dir);
        Manifests chart = Manifests.parse(Chart.template("podpreset-system").set("certificates.mode", "certManager").call());
        JsonNode container = k8s.get("Deployment", CONTROLLER).at("/spec/template/spec/containers/0");
        JsonNode chartContainer = chart.get("Deployment", CONTROLLER).at("/spec/template/spec/containers/0");
        assertEquals("external", value(env(container), "PODPRESET_CERTIFICATES_MODE"));
        assertSameContainer(chartContainer, container);
        assertEquals(chart.get("ClusterRole", CONTROLLER).path("rules"), k8s.get("ClusterRole", CONTROLLER).path("rules"));
        assertEquals(chart.get("Role", CONTROLLER).path("rules"), k8s.get("Role", CONTROLLER).path("rules"));
        assertEquals(Manifests.kustomize(K8S).kinds(), k8s.kinds(), "the same objects otherwise");
    }
}
