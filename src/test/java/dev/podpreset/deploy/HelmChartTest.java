package dev.podpreset.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.podpreset.injection.IgnoredContainers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Renders charts/podpreset-injector with helm-java and checks the objects against the service contract. */
class HelmChartTest {

    private static final Path CHART = Paths.get("charts", "podpreset-injector");
    private static final Path K8S = Paths.get("k8s");
    private static final String NAME = "podpreset-injector";
    private static final String NAMESPACE = "podpreset-system";

    private static TemplateCommand template() {
        return Chart.template(NAMESPACE);
    }

    private static Manifests render(Map<String, Object> values) {
        TemplateCommand command = template();
        for (var entry : values.entrySet()) {
            command = command.set(entry.getKey(), entry.getValue());
        }
        return Manifests.parse(command.call());
    }

    private static Manifests renderDefault() {
        return render(Map.of());
    }

    private static List<String> texts(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }

    private static JsonNode mutatingWebhook(Manifests m) {
        JsonNode webhooks = m.get("MutatingWebhookConfiguration", NAME).path("webhooks");
        assertEquals(1, webhooks.size());
        return webhooks.get(0);
    }

    private static JsonNode validatingWebhook(Manifests m) {
        JsonNode webhooks = m.get("ValidatingWebhookConfiguration", NAME).path("webhooks");
        assertEquals(1, webhooks.size());
        return webhooks.get(0);
    }

    private static JsonNode container(Manifests m) {
        JsonNode containers = m.get("Deployment", NAME).at("/spec/template/spec/containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static X509Certificate pem(String base64Pem) throws Exception {
        byte[] der = Base64.getDecoder().decode(base64Pem);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    @Test
    void lintPasses() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    @Test
    void defaultRenderContainsEveryObject() {
        Set<String> kinds = Set.copyOf(renderDefault().kinds());
        assertEquals(Set.of("CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
                "RoleBinding", "Service", "Deployment", "PodDisruptionBudget", "MutatingWebhookConfiguration",
                "ValidatingWebhookConfiguration"), kinds);
    }

    @Test
    void mutatingWebhookMatchesContract() {
        JsonNode webhook = mutatingWebhook(renderDefault());
        assertEquals("pods.podpreset.dev", webhook.path("name").asText());
        assertEquals(List.of("v1"), texts(webhook.path("admissionReviewVersions")));
        assertEquals("None", webhook.path("sideEffects").asText());
        assertEquals("Fail", webhook.path("failurePolicy").asText());
        assertEquals("IfNeeded", webhook.path("reinvocationPolicy").asText());
        assertEquals("Equivalent", webhook.path("matchPolicy").asText());
        assertEquals(5, webhook.path("timeoutSeconds").asInt());
        assertEquals("/mutate", webhook.at("/clientConfig/service/path").asText());
        assertEquals(NAME, webhook.at("/clientConfig/service/name").asText());
        assertEquals(NAMESPACE, webhook.at("/clientConfig/service/namespace").asText());
        assertEquals(443, webhook.at("/clientConfig/service/port").asInt());
        JsonNode rules = webhook.path("rules");
        assertEquals(1, rules.size());
        assertEquals(List.of(""), texts(rules.get(0).path("apiGroups")));
        assertEquals(List.of("v1"), texts(rules.get(0).path("apiVersions")));
        assertEquals(List.of("pods"), texts(rules.get(0).path("resources")));
        assertEquals(List.of("CREATE"), texts(rules.get(0).path("operations")));
        assertEquals("Namespaced", rules.get(0).path("scope").asText());
    }

    @Test
    void mutatingWebhookSelectsOptedInNamespacesExceptSystemOnes() {
        JsonNode selector = mutatingWebhook(renderDefault()).path("namespaceSelector");
        assertEquals("enabled", selector.at("/matchLabels/podpreset.dev~1injection").asText());
        JsonNode expressions = selector.path("matchExpressions");
        assertEquals(1, expressions.size());
        assertEquals("kubernetes.io/metadata.name", expressions.get(0).path("key").asText());
        assertEquals("NotIn", expressions.get(0).path("operator").asText());
        assertEquals(List.of("kube-system", "kube-public", "kube-node-lease", NAMESPACE),
                texts(expressions.get(0).path("values")));
    }

    @Test
    void mutatingWebhookExcludesTheReleaseNamespace() {
        String yaml = Chart.template("other-ns").call();
        JsonNode expression = mutatingWebhook(Manifests.parse(yaml)).at("/namespaceSelector/matchExpressions/0");
        assertTrue(texts(expression.path("values")).contains("other-ns"));
        assertFalse(texts(expression.path("values")).contains(NAMESPACE));
    }

    @Test
    void mutatingWebhookLetsPodsOptOutByLabel() {
        JsonNode selector = mutatingWebhook(renderDefault()).path("objectSelector");
        assertFalse(selector.has("matchLabels"));
        JsonNode expressions = selector.path("matchExpressions");
        assertEquals(1, expressions.size());
        assertEquals("podpreset.dev/injection", expressions.get(0).path("key").asText());
        assertEquals("NotIn", expressions.get(0).path("operator").asText());
        assertEquals(List.of("disabled"), texts(expressions.get(0).path("values")));
    }

    @Test
    void validatingWebhookMatchesContract() {
        JsonNode webhook = validatingWebhook(renderDefault());
        assertEquals("presets.podpreset.dev", webhook.path("name").asText());
        assertEquals(List.of("v1"), texts(webhook.path("admissionReviewVersions")));
        assertEquals("None", webhook.path("sideEffects").asText());
        assertEquals("Fail", webhook.path("failurePolicy").asText());
        assertEquals("Equivalent", webhook.path("matchPolicy").asText());
        assertEquals(5, webhook.path("timeoutSeconds").asInt());
        assertEquals("/validate", webhook.at("/clientConfig/service/path").asText());
        assertFalse(webhook.has("namespaceSelector"));
        JsonNode rule = webhook.at("/rules/0");
        assertEquals(List.of("podpreset.dev"), texts(rule.path("apiGroups")));
        assertEquals(List.of("v1alpha1"), texts(rule.path("apiVersions")));
        assertEquals(List.of("podpresets", "clusterpodpresets"), texts(rule.path("resources")));
        assertEquals(List.of("CREATE", "UPDATE"), texts(rule.path("operations")));
        assertEquals("*", rule.path("scope").asText());
    }

    @Test
    void webhookValuesApplyToBothWebhooks() {
        Manifests m = render(Map.of("webhook.failurePolicy", "Ignore", "webhook.timeoutSeconds", 10,
                "webhook.reinvocationPolicy", "Never"));
        assertEquals("Ignore", mutatingWebhook(m).path("failurePolicy").asText());
        assertEquals("Ignore", validatingWebhook(m).path("failurePolicy").asText());
        assertEquals(10, mutatingWebhook(m).path("timeoutSeconds").asInt());
        assertEquals(10, validatingWebhook(m).path("timeoutSeconds").asInt());
        assertEquals("Never", mutatingWebhook(m).path("reinvocationPolicy").asText());
    }

    @Test
    void deploymentProbesUseManagementPort() {
        JsonNode c = container(renderDefault());
        assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText());
        assertEquals("management", c.at("/livenessProbe/httpGet/port").asText());
        assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText());
        assertEquals("management", c.at("/readinessProbe/httpGet/port").asText());
        Map<String, Integer> ports = new TreeMap<>();
        c.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertEquals(Map.of("https", 8443, "management", 9000), ports);
    }

    @Test
    void deploymentIsHardened() {
        Manifests m = renderDefault();
        JsonNode pod = m.get("Deployment", NAME).at("/spec/template/spec");
        JsonNode sc = container(m).path("securityContext");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertEquals(185, pod.at("/securityContext/runAsUser").asInt());
        assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
        assertTrue(sc.path("readOnlyRootFilesystem").asBoolean());
        assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals(List.of("ALL"), texts(sc.at("/capabilities/drop")));
        assertEquals("RuntimeDefault", sc.at("/seccompProfile/type").asText());
        assertEquals(30, pod.path("terminationGracePeriodSeconds").asInt());
        List<String> mounts = new ArrayList<>();
        container(m).path("volumeMounts").forEach(v -> mounts.add(v.path("mountPath").asText()));
        assertTrue(mounts.contains("/tmp"), "emptyDir for /tmp with a read-only root filesystem");
    }

    @Test
    void deploymentResourcesAndEnvironment() {
        Manifests m = renderDefault();
        JsonNode c = container(m);
        assertEquals("ghcr.io/podpreset-dev/podpreset-injector:0.1.0", c.path("image").asText());
        assertEquals("100m", c.at("/resources/requests/cpu").asText());
        assertEquals("128Mi", c.at("/resources/requests/memory").asText());
        assertEquals("256Mi", c.at("/resources/limits/memory").asText());
        assertTrue(c.at("/resources/limits/cpu").isMissingNode(), "no CPU limit");
        Map<String, String> env = new TreeMap<>();
        c.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertEquals(Map.of(
                "JAVA_OPTS_APPEND", "-XX:MaxRAMPercentage=40 -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=50 -XX:SurvivorRatio=4 -XX:TargetSurvivorRatio=90 -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=10000 -XX:+ExitOnOutOfMemoryError",
                "PODPRESET_TLS_CERT_FILE", "/etc/podpreset/tls/tls.crt",
                "PODPRESET_TLS_KEY_FILE", "/etc/podpreset/tls/tls.key",
                "QUARKUS_TLS_WEBHOOK_RELOAD_PERIOD", "1m",
                "PODPRESET_INJECTION_IGNORED_CONTAINERS", IgnoredContainers.DEFAULT_NAMES), env);
    }

    @Test
    void defaultJvmOptionsAreAcceptedByTheJvm() throws Exception {
        String options = null;
        for (JsonNode e : container(renderDefault()).path("env")) {
            if (e.path("name").asText().equals("JAVA_OPTS_APPEND")) {
                options = e.path("value").asText();
            }
        }
        assertTrue(options != null && !options.isBlank(), "JAVA_OPTS_APPEND is set");
        // A misspelt or unknown -XX option keeps the JVM from starting at all.
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(options.split(" ")));
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(30, TimeUnit.SECONDS), "java -version finished");
        assertEquals(0, java.exitValue(), output);
    }

    @Test
    void deploymentMountsTlsSecretReadOnly() {
        Manifests m = renderDefault();
        JsonNode pod = m.get("Deployment", NAME).at("/spec/template/spec");
        JsonNode mount = null;
        for (JsonNode v : container(m).path("volumeMounts")) {
            if ("/etc/podpreset/tls".equals(v.path("mountPath").asText())) {
                mount = v;
            }
        }
        assertTrue(mount != null && mount.path("readOnly").asBoolean());
        String volume = mount.path("name").asText();
        String secretName = null;
        for (JsonNode v : pod.path("volumes")) {
            if (volume.equals(v.path("name").asText())) {
                secretName = v.at("/secret/secretName").asText();
            }
        }
        assertEquals("podpreset-injector-tls", secretName);
    }

    @Test
    void deploymentRunsTwoSpreadReplicasThatAreNeverMutated() {
        JsonNode deployment = renderDefault().get("Deployment", NAME);
        assertEquals(2, deployment.at("/spec/replicas").asInt());
        assertEquals("disabled", deployment.at("/spec/template/metadata/labels/podpreset.dev~1injection").asText());
        JsonNode term = deployment.at(
                "/spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0");
        assertEquals("kubernetes.io/hostname", term.at("/podAffinityTerm/topologyKey").asText());
    }

    @Test
    void priorityClassNameIsOptional() {
        assertTrue(renderDefault().get("Deployment", NAME).at("/spec/template/spec/priorityClassName").isMissingNode());
        Manifests m = render(Map.of("priorityClassName", "system-cluster-critical"));
        assertEquals("system-cluster-critical",
                m.get("Deployment", NAME).at("/spec/template/spec/priorityClassName").asText());
    }

    @Test
    void serviceExposesHttpsOn443() {
        JsonNode service = renderDefault().get("Service", NAME);
        JsonNode port = service.at("/spec/ports/0");
        assertEquals(1, service.at("/spec/ports").size());
        assertEquals(443, port.path("port").asInt());
        assertEquals("https", port.path("targetPort").asText());
        assertEquals(NAME, service.at("/spec/selector/app.kubernetes.io~1name").asText());
    }

    @Test
    void podDisruptionBudgetKeepsOneReplica() {
        JsonNode pdb = renderDefault().get("PodDisruptionBudget", NAME);
        assertEquals(1, pdb.at("/spec/minAvailable").asInt());
        assertEquals(NAME, pdb.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText());
    }

    @Test
    void podDisruptionBudgetCanBeDisabled() {
        assertTrue(render(Map.of("pdb.enabled", false)).ofKind("PodDisruptionBudget").isEmpty());
    }

    @Test
    void clusterRoleIsLeastPrivilege() {
        Manifests m = renderDefault();
        Map<String, Set<String>> verbsByResource = new TreeMap<>();
        for (JsonNode rule : m.get("ClusterRole", NAME).path("rules")) {
            for (String group : texts(rule.path("apiGroups"))) {
                for (String resource : texts(rule.path("resources"))) {
                    verbsByResource.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>())
                            .addAll(texts(rule.path("verbs")));
                }
            }
        }
        Set<String> watch = Set.of("list", "watch");
        assertEquals(Map.of(
                "podpreset.dev/podpresets", watch,
                "podpreset.dev/clusterpodpresets", watch,
                "/namespaces", watch,
                "/events", Set.of("create")), verbsByResource);
        JsonNode binding = m.get("ClusterRoleBinding", NAME);
        assertEquals(NAME, binding.at("/roleRef/name").asText());
        assertEquals("ServiceAccount", binding.at("/subjects/0/kind").asText());
        assertEquals(NAME, binding.at("/subjects/0/name").asText());
        assertEquals(NAMESPACE, binding.at("/subjects/0/namespace").asText());
        assertEquals(NAME, m.get("Deployment", NAME).at("/spec/template/spec/serviceAccountName").asText());
    }

    @Test
    void extraLabelsAreOnEveryObject() {
        Manifests m = render(Map.of("extraLabels.team", "platform"));
        for (JsonNode o : m.all()) {
            assertEquals("platform", o.at("/metadata/labels/team").asText(), () -> o.path("kind").asText());
        }
    }

    @Test
    void selfManagedModeRendersNoCertificateAndIsByteIdenticalEveryTime() {
        String first = template().call();
        assertEquals(first, template().call(), "GitOps tools must see the same manifests on every render");
        Manifests m = Manifests.parse(first);
        assertTrue(m.ofKind("Secret").isEmpty());
        assertFalse(mutatingWebhook(m).at("/clientConfig").has("caBundle"));
        assertFalse(validatingWebhook(m).at("/clientConfig").has("caBundle"));
        assertFalse(first.contains("checksum/"), "nothing rolls the pods on a render");
    }

    @Test
    void certManagerModeIssuesCertificatesAndInjectsCa() {
        Manifests m = render(Map.of("certificates.mode", "certManager"));
        assertTrue(m.ofKind("Secret").isEmpty());
        m.get("Issuer", NAME + "-selfsigned");
        JsonNode caIssuer = m.get("Issuer", NAME + "-ca");
        JsonNode ca = m.get("Certificate", NAME + "-ca");
        JsonNode serving = m.get("Certificate", NAME);
        assertTrue(ca.at("/spec/isCA").asBoolean());
        assertEquals(NAME + "-selfsigned", ca.at("/spec/issuerRef/name").asText());
        assertEquals(ca.at("/spec/secretName").asText(), caIssuer.at("/spec/ca/secretName").asText());
        assertEquals(NAME + "-ca", serving.at("/spec/issuerRef/name").asText());
        assertEquals("podpreset-injector-tls", serving.at("/spec/secretName").asText());
        assertTrue(texts(serving.at("/spec/dnsNames")).contains(NAME + "." + NAMESPACE + ".svc"));
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            JsonNode config = m.get(kind, NAME);
            assertEquals(NAMESPACE + "/" + NAME,
                    config.at("/metadata/annotations/cert-manager.io~1inject-ca-from").asText(), kind);
            assertFalse(config.at("/webhooks/0/clientConfig").has("caBundle"), kind);
        }
    }

    @Test
    void existingSecretModeUsesGivenSecretAndCaBundle() {
        String caBundle = Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\n".getBytes(StandardCharsets.UTF_8));
        Manifests m = render(Map.of("certificates.mode", "existingSecret",
                "certificates.existingSecret.name", "my-tls", "certificates.existingSecret.caBundle", caBundle));
        assertTrue(m.ofKind("Secret").isEmpty());
        assertTrue(m.ofKind("Certificate").isEmpty());
        JsonNode tlsVolume = m.get("Deployment", NAME).at("/spec/template/spec/volumes/0");
        assertEquals("my-tls", tlsVolume.at("/secret/secretName").asText());
        assertEquals(caBundle, mutatingWebhook(m).at("/clientConfig/caBundle").asText());
        assertEquals(caBundle, validatingWebhook(m).at("/clientConfig/caBundle").asText());
    }

    @Test
    void existingSecretModeRequiresCaBundle() {
        TemplateCommand command = template().set("certificates.mode", "existingSecret")
                .set("certificates.existingSecret.name", "my-tls");
        Exception e = assertThrows(IllegalStateException.class, command::call);
        assertTrue(e.getMessage().contains("certificates.existingSecret.caBundle is required"), e.getMessage());
    }

    @Test
    void horizontalPodAutoscalerIsOffByDefault() {
        assertTrue(renderDefault().ofKind("HorizontalPodAutoscaler").isEmpty());
    }

    @Test
    void horizontalPodAutoscalerRendersWhenEnabled() {
        Manifests m = render(Map.of("autoscaling.enabled", true, "autoscaling.maxReplicas", 7));
        JsonNode hpa = m.single("HorizontalPodAutoscaler");
        assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
        assertEquals(NAME, hpa.at("/spec/scaleTargetRef/name").asText());
        assertEquals(2, hpa.at("/spec/minReplicas").asInt());
        assertEquals(7, hpa.at("/spec/maxReplicas").asInt());
        assertEquals(80, hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt());
        assertTrue(m.get("Deployment", NAME).at("/spec/replicas").isMissingNode(), "HPA owns replicas");
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource({
        "webhook.failurePolicy, Sometimes",
        "webhook.timeoutSeconds, 60",
        "webhook.timeoutSeconds, 0",
        "webhook.reinvocationPolicy, Always",
        "certificates.mode, selfSigned",
        "certificates.mode, generated",
        "certificates.selfManaged.caValidity, 1y",
        "controller.replicas, 0",
        "webhook.port, 70000",
        "image.digest, latest",
        "metrics.serviceMonitor.unknown, x",
        "replicas, 0",
        "unknownTopLevelKey, x",
        "webhook.unknownKey, x",
    })
    void schemaRefusesInvalidValues(String key, String value) {
        Object typed = value.matches("-?\\d+") ? Integer.valueOf(value) : value;
        Exception e = assertThrows(IllegalStateException.class, () -> template().set(key, typed).call());
        assertTrue(e.getMessage().contains("schema"), e.getMessage());
    }

    @Test
    void chartCrdsAreCopiesOfK8sCrds() throws IOException {
        for (String file : List.of("podpresets.podpreset.dev-v1.yml", "clusterpodpresets.podpreset.dev-v1.yml")) {
            assertEquals(Files.readString(K8S.resolve("crds").resolve(file)),
                    Files.readString(CHART.resolve("files").resolve("crds").resolve(file)), file);
        }
    }

    /** Webhook fields that must be identical in k8s/ and the chart (everything but caBundle). */
    private static JsonNode webhookSettings(JsonNode configuration) {
        JsonNode webhooks = configuration.path("webhooks").deepCopy();
        webhooks.forEach(w -> ((ObjectNode) w.path("clientConfig")).remove("caBundle"));
        return webhooks;
    }

    @Test
    void k8sManifestsAndChartAgreeOnWebhooks() {
        Manifests kustomize = Manifests.fromKustomization(K8S);
        Manifests chart = renderDefault();
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            assertEquals(webhookSettings(kustomize.get(kind, NAME)), webhookSettings(chart.get(kind, NAME)), kind);
        }
    }

    @Test
    void k8sManifestsAndChartAgreeOnRbacAndPodSpec() {
        Manifests kustomize = Manifests.fromKustomization(K8S);
        Manifests chart = renderDefault();
        assertEquals(kustomize.get("ClusterRole", NAME).path("rules"), chart.get("ClusterRole", NAME).path("rules"));
        assertEquals(container(kustomize), container(chart));
        assertEquals(kustomize.get("Service", NAME).at("/spec/ports"), chart.get("Service", NAME).at("/spec/ports"));
        assertEquals(kustomize.get("PodDisruptionBudget", NAME).at("/spec/minAvailable"),
                chart.get("PodDisruptionBudget", NAME).at("/spec/minAvailable"));
        assertEquals(kustomize.get("Service", NAME).at("/spec/selector/app.kubernetes.io~1component"),
                chart.get("Service", NAME).at("/spec/selector/app.kubernetes.io~1component"));
    }

    @Test
    void k8sManifestsAndChartAgreeOnTheController() {
        // Self-managed certificates in both (k8s/script-certificates: PlainManifestsTest).
        Manifests kustomize = Manifests.fromKustomization(K8S);
        Manifests chart = renderDefault();
        String controller = NAME + "-controller";
        assertEquals(kustomize.get("ClusterRole", controller).path("rules"), chart.get("ClusterRole", controller).path("rules"));
        assertEquals(kustomize.get("Role", controller).path("rules"), chart.get("Role", controller).path("rules"));
        JsonNode k8sPod = kustomize.get("Deployment", controller).at("/spec/template/spec");
        JsonNode chartPod = chart.get("Deployment", controller).at("/spec/template/spec");
        assertEquals(k8sPod.path("containers"), chartPod.path("containers"));
        assertEquals(kustomize.get("Deployment", controller).at("/spec/replicas"),
                chart.get("Deployment", controller).at("/spec/replicas"));
    }

}
