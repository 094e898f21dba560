package dev.podpreset.cli;

import dev.podpreset.sources.MockCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --cluster} and {@code uninstall} against the fabric8 mock API server, reached through a real
 * kubeconfig file and the same client set-up as on a workstation.
 */
class ClusterCommandTest {
    private static MockCluster cluster;
    private static KubernetesClient client;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        cluster = new MockCluster().start();
        client = cluster.client();
        Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                contexts:
                - name: mock
                  context: {cluster: mock, user: tester, namespace: default}
                current-context: mock
                users:
                - name: tester
                  user: {token: not-a-secret}
                """.formatted(cluster.url()));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a")
                .addToLabels("podpreset.dev/injection", "enabled").addToLabels("kubernetes.io/metadata.name", "team-a")
                .addToAnnotations("example.com/cost-center", "cc-2").endMetadata().build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-b")
                .endMetadata().build()).create();
        for (String name : List.of("current", "stale", "conflicting", "missing")) {
            MockCluster.apply(client, """
                    apiVersion: podpreset.dev/v1alpha1
                    kind: PodPreset
                    metadata: {name: %s, namespace: team-a}
                    spec:
                      selector: {matchLabels: {app: web}}
                      env: [{name: %s, value: "1"}]
                    """.formatted(name, name.toUpperCase()));
        }
        MockCluster.apply(client, """
                apiVersion: podpreset.dev/v1alpha1
                kind: ClusterPodPreset
                metadata: {name: everywhere}
                spec:
                  env: [{name: EVERYWHERE, value: "1"}]
                """);
        MockCluster.apply(client, """
                apiVersion: podpreset.dev/v1alpha1
                kind: ClusterPodPreset
                metadata: {name: cost-center}
                spec:
                  selector: {matchLabels: {app: billed}}
                  env: [{name: COST_CENTER, valueFrom: {namespaceFieldRef: {fieldPath: "metadata.annotations['example.com/cost-center']"}}}]
                """);
        for (String name : List.of("trial-recorded", "trial-conflict", "trial-new")) {
            MockCluster.apply(client, """
                    apiVersion: podpreset.dev/v1alpha1
                    kind: PodPreset
                    metadata: {name: %s, namespace: team-a}
                    spec:
                      mode: Audit
                      selector: {matchLabels: {app: trial}}
                      env: [{name: TRIAL, value: "1"}]
                    """.formatted(name));
        }
        MockCluster.apply(client, """
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: broken, namespace: team-a}
                spec: {}
                """);
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    private static CliCase.Run run(String stdin, String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--kubeconfig", "kubeconfig"));
        return CliCase.run(dir, line, stdin.getBytes(StandardCharsets.UTF_8), ClusterConnector.KUBECONFIG);
    }

    private static String generation(String name) {
        GenericKubernetesResource preset = client.genericKubernetesResources("podpreset.dev/v1alpha1", "PodPreset")
                .inNamespace("team-a").withName(name).get();
        Long generation = preset.getMetadata().getGeneration();
        return generation == null ? "" : generation.toString();
    }

    @Test
    void injectReadsPresetsAndNamespaceLabelsFromTheCluster() {
        String pods = """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: team-a, labels: {app: web}}
                spec:
                  containers: [{name: app, image: nginx}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: api, namespace: team-b, labels: {app: web}}
                spec:
                  containers: [{name: app, image: nginx}]
                """;
        CliCase.Run run = run(pods, "inject", "--cluster", "-f", "-");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        String web = run.out().split("---\n")[0];
        for (String env : List.of("CURRENT", "STALE", "CONFLICTING", "MISSING", "EVERYWHERE")) {
            assertTrue(web.contains("name: " + env + "\n"), env + " in\n" + web);
        }
        assertTrue(run.out().split("---\n")[1].endsWith("image: nginx\n"), "team-b is not opted in:\n" + run.out());
        assertTrue(run.err().contains("warning: invalid preset skipped: PodPreset team-a/broken: "), run.err());
        assertTrue(run.err().contains("note: <stdin> document 2 (Pod team-b/api): not injected: the webhook is not "
                + "called for this pod: namespace team-b does not match"), run.err());
        assertNull(run.server());
    }

    @Test
    void explainPodTellsWhereALivePodStandsWithEachPreset() {
        String stale = generation("stale");
        client.pods().inNamespace("team-a").resource(new PodBuilder()
                .withNewMetadata().withName("web").withNamespace("team-a").addToLabels("app", "web")
                .withAnnotations(Map.of(
                        "podpreset.dev/podpreset-current", generation("current"),
                        "podpreset.dev/podpreset-stale", stale + "0",
                        "podpreset.dev/skipped-podpreset-conflicting",
                        generation("conflicting") + "; env \"CONFLICTING\" in container \"app\""))
                .endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec()
                .build()).create();

        CliCase.Run run = run("", "explain", "pod", "web", "-n", "team-a", "--cluster");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        assertTrue(run.out().startsWith("Pod team-a/web\n"), run.out());
        assertTrue(run.out().contains("  webhook: called for this pod: namespace team-a matches"), run.out());
        assertTrue(run.out().contains("  PodPreset team-a/current (generation " + generation("current")
                + "): current: carries it at the current generation\n"), run.out());
        assertTrue(run.out().contains("  PodPreset team-a/stale (generation " + stale + "): stale: applied at generation "
                + stale + "0;"), run.out());
        assertTrue(run.out().contains("  PodPreset team-a/conflicting (generation " + generation("conflicting")
                + "): conflicting: skipped at admission on env \"CONFLICTING\" in container \"app\"\n"), run.out());
        assertTrue(run.out().contains("  PodPreset team-a/missing (generation " + generation("missing") + "): missing: "),
                run.out());
        assertTrue(run.out().contains("  ClusterPodPreset everywhere (generation "), run.out());
    }

    @Test
    void explainPodTellsWhatEachAuditPresetRecordedOnALivePod() {
        client.pods().inNamespace("team-a").resource(new PodBuilder()
                .withNewMetadata().withName("trial").withNamespace("team-a").addToLabels("app", "trial")
                .withAnnotations(Map.of(
                        "podpreset.dev/audit-podpreset-trial-recorded", generation("trial-recorded") + "; would apply",
                        "podpreset.dev/audit-podpreset-trial-conflict", generation("trial-conflict")
                                + "; would conflict: env \"TRIAL\" in container \"app\""))
                .endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec()
                .build()).create();

        CliCase.Run run = run("", "explain", "pod", "trial", "-n", "team-a", "--cluster");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        assertTrue(run.out().contains("  PodPreset team-a/trial-recorded (generation " + generation("trial-recorded")
                + ", audit): would apply: recorded at admission; the pod is unchanged (audit)\n"), run.out());
        assertTrue(run.out().contains("  PodPreset team-a/trial-conflict (generation " + generation("trial-conflict")
                + ", audit): would conflict: recorded at admission on env \"TRIAL\" in container \"app\"; the pod is"
                + " unchanged (audit)\n"), run.out());
        assertTrue(run.out().contains("  PodPreset team-a/trial-new (generation " + generation("trial-new")
                + ", audit): missing: no outcome recorded at admission for the current generation"), run.out());
    }

    @Test
    void explainPodSaysWhenAValueFromTheNamespaceChangedSinceAdmission() {
        GenericKubernetesResource preset = client.genericKubernetesResources("podpreset.dev/v1alpha1", "ClusterPodPreset")
                .withName("cost-center").get();
        String generation = String.valueOf(preset.getMetadata().getGeneration());
        // Admitted while the namespace's cost center was cc-1; it is cc-2 now.
        for (String[] pod : new String[][] {{"billed-old", "cc-1"}, {"billed-new", "cc-2"}}) {
            client.pods().inNamespace("team-a").resource(new PodBuilder()
                    .withNewMetadata().withName(pod[0]).withNamespace("team-a").addToLabels("app", "billed")
                    .withAnnotations(Map.of("podpreset.dev/clusterpodpreset-cost-center", generation)).endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("nginx")
                    .addNewEnv().withName("COST_CENTER").withValue(pod[1]).endEnv().endContainer().endSpec()
                    .build()).create();
        }

        CliCase.Run old = run("", "explain", "pod", "billed-old", "-n", "team-a", "--cluster");
        assertEquals(ExitCodes.OK, old.exit(), old.err());
        assertTrue(old.out().contains("  ClusterPodPreset cost-center (generation " + generation + "): current: carries it at"
                + " the current generation\n    env \"COST_CENTER\" in container \"app\": \"cc-1\" from the namespace at"
                + " admission, but the namespace's annotation \"example.com/cost-center\" gives \"cc-2\" now: recreate the"
                + " pod to get it\n"), old.out());
        CliCase.Run current = run("", "explain", "pod", "billed-new", "-n", "team-a", "--cluster");
        assertEquals(ExitCodes.OK, current.exit(), current.err());
        assertFalse(current.out().contains("from the namespace at admission"), current.out());
    }

    @Test
    void explainOfAMissingPodFails() {
        CliCase.Run run = run("", "explain", "pod", "nope", "-n", "team-a", "--cluster");
        assertEquals(ExitCodes.FAILED, run.exit());
        assertTrue(run.err().contains("podpreset explain: pod nope in namespace team-a: no pod found"), run.err());
    }

    @Test
    void uninstallDeletesBothWebhookConfigurationsAndIsIdempotent() {
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("podpreset-injector").endMetadata()
                        .build()).create();
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName("podpreset-injector").endMetadata()
                        .build()).create();
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("someone-else").endMetadata()
                        .build()).create();

        CliCase.Run first = run("", "uninstall", "--webhook-name", "podpreset-injector");
        assertEquals(ExitCodes.OK, first.exit(), first.err());
        assertEquals("MutatingWebhookConfiguration podpreset-injector: deleted\n"
                + "ValidatingWebhookConfiguration podpreset-injector: deleted\n", first.out());
        assertNull(client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("podpreset-injector").get());
        assertNull(client.admissionRegistration().v1().validatingWebhookConfigurations().withName("podpreset-injector").get());
        assertTrue(client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("someone-else").get() != null,
                "other webhooks are left alone");

        CliCase.Run second = run("", "uninstall", "--webhook-name", "podpreset-injector");
        assertEquals(ExitCodes.OK, second.exit(), second.err());
        assertEquals("MutatingWebhookConfiguration podpreset-injector: not found (already deleted)\n"
                + "ValidatingWebhookConfiguration podpreset-injector: not found (already deleted)\n", second.out());
    }

    @Test
    void uninstallAlsoDeletesTheCertificateSecretWhenAsked() {
        client.secrets().inNamespace("podpreset-system").resource(new SecretBuilder().withNewMetadata()
                .withName("podpreset-injector-tls").withNamespace("podpreset-system").endMetadata().build()).create();
        CliCase.Run run = run("", "uninstall", "--webhook-name", "gone-already", "-n", "podpreset-system",
                "--secret-name", "podpreset-injector-tls");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        assertTrue(run.out().endsWith("Secret podpreset-system/podpreset-injector-tls: deleted\n"), run.out());
        assertNull(client.secrets().inNamespace("podpreset-system").withName("podpreset-injector-tls").get());

        CliCase.Run withoutNamespace = run("", "uninstall", "--webhook-name", "x", "--secret-name", "s");
        assertEquals(ExitCodes.USAGE, withoutNamespace.exit());
        assertTrue(withoutNamespace.err().contains("--secret-name needs --namespace"), withoutNamespace.err());
    }

    @Test
    @Timeout(60) // a hang guard: fabric8's default retries would take minutes
    void anUnreachableClusterIsReported() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Files.writeString(dir.resolve("unreachable"), Files.readString(dir.resolve("kubeconfig"))
                .replace(cluster.url(), "http://127.0.0.1:" + closed));
        CliCase.Run run = CliCase.run(dir, List.of("inject", "--cluster", "--kubeconfig", "unreachable", "-f", "-"),
                "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a, image: a}]}\n"
                        .getBytes(StandardCharsets.UTF_8), ClusterConnector.KUBECONFIG);
        assertEquals(ExitCodes.FAILED, run.exit(), run.err());
        assertTrue(run.err().startsWith("podpreset inject: cluster http://127.0.0.1:" + closed), run.err());
        assertFalse(run.err().contains("Exception"), "the reason, not the exception: " + run.err());
    }

    @Test
    void uninstallNeedsTheWebhookName() {
        CliCase.Run run = run("", "uninstall");
        assertEquals(ExitCodes.USAGE, run.exit());
        assertTrue(run.err().contains("Missing required option: '--webhook-name=NAME'"), run.err());
    }
}
