package dev.podpreset.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import dev.podpreset.Commands;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** k8s/ as {@code kubectl kustomize} renders it, against the chart rendered with the same release name. */
class PlainManifestsTest {
    private static final Path K8S = Path.of("k8s");
    private static final String NAME = "podpreset-injector";

    @BeforeAll
    static void kubectl() {
        assumeTrue(Commands.available("kubectl", "version", "--client"), "kubectl not available");
    }

    private static Manifests chart() {
        return Manifests.parse(new Helm(Path.of("charts", NAME)).template().withName(NAME).withNamespace("podpreset-system").call());
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
}
