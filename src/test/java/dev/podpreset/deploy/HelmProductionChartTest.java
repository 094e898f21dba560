package dev.podpreset.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.podpreset.injection.IgnoredContainers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart's production objects: controller, RBAC, hooks, CRDs, monitoring, network policy. */
class HelmProductionChartTest {
    private static final String NAME = "podpreset-injector";
    private static final String CONTROLLER = NAME + "-controller";
    private static final String NAMESPACE = "podpreset-system";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Manifests render(Map<String, Object> values) {
        return Manifests.parse(withValues(Chart.template(NAMESPACE), values).call());
    }

    private static TemplateCommand withValues(TemplateCommand command, Map<String, Object> values) {
        for (var entry : values.entrySet()) {
            command = command.set(entry.getKey(), entry.getValue());
        }
        return command;
    }

    /**
     * Every object, hooks included. helm-java's template leaves hooks out, so this renders a copy of the chart
     * whose hook annotations carry another prefix ("hook.test/" for "helm.sh/hook"), which Helm does not
     * treat as hooks; everything else is the real chart.
     */
    private static Manifests renderWithHooks(String release, String namespace, Map<String, Object> values) throws IOException {
        Path copy = Chart.copy(text -> text.replace("helm.sh/hook", "hook.test/hook"));
        return Manifests.parse(withValues(new Helm(copy).template().withName(release).withNamespace(namespace), values).call());
    }

    /** The pre-delete hook's objects. */
    private static Manifests hooks() throws IOException {
        return Manifests.parse(renderWithHooks(NAME, NAMESPACE, Map.of()).all().stream()
                .filter(o -> o.at("/metadata/annotations").has("hook.test/hook"))
                .map(JsonNode::toString).reduce("", (a, b) -> a + "---\n" + b + "\n"));
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(),
                e.has("value") ? e.path("value").asText() : e.path("valueFrom").toString()));
        return env;
    }

    @Test
    void webhookServesAndControllerRunsTheControllerWithTheWebhooksSelection() throws Exception {
        Manifests m = render(Map.of());
        assertEquals("[\"serve\"]", m.get("Deployment", NAME).at("/spec/template/spec/containers/0/args").toString());
        JsonNode deployment = m.get("Deployment", CONTROLLER);
        assertEquals(2, deployment.at("/spec/replicas").asInt());
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertEquals("[\"controller\"]", container.path("args").toString());
        assertEquals(CONTROLLER, deployment.at("/spec/template/spec/serviceAccountName").asText());
        Map<String, String> env = env(container);
        assertTrue(env.get("POD_NAMESPACE").contains("metadata.namespace"));
        assertEquals("10s", env.get("PODPRESET_CONTROLLER_STATUS_INTERVAL"));
        assertEquals("30s", env.get("PODPRESET_CONTROLLER_RESTART_INTERVAL"));
        assertEquals("10m", env.get("PODPRESET_CONTROLLER_ROLLOUT_TIMEOUT"));
        assertEquals("kube-system,kube-public,kube-node-lease," + NAMESPACE, env.get("PODPRESET_CONTROLLER_EXCLUDED_NAMESPACES"));
        assertEquals(IgnoredContainers.DEFAULT_NAMES, env.get("PODPRESET_INJECTION_IGNORED_CONTAINERS"));
        assertEquals(IgnoredContainers.DEFAULT_NAMES, env(m.get("Deployment", NAME).at("/spec/template/spec/containers/0"))
                .get("PODPRESET_INJECTION_IGNORED_CONTAINERS"), "the chart's default is the injector's");
        JsonNode webhook = m.get("MutatingWebhookConfiguration", NAME).at("/webhooks/0");
        assertEquals(webhook.at("/namespaceSelector/matchLabels"),
                JSON.readTree(env.get("PODPRESET_CONTROLLER_NAMESPACE_SELECTOR")).path("matchLabels"));
        assertEquals(webhook.path("objectSelector").path("matchExpressions"),
                JSON.readTree(env.get("PODPRESET_CONTROLLER_OBJECT_SELECTOR")).path("matchExpressions"));
        assertEquals("self-managed", env.get("PODPRESET_CERTIFICATES_MODE"));
        assertEquals(NAME + "-tls", env.get("PODPRESET_CERTIFICATES_SECRET_NAME"));
        assertEquals(NAME, env.get("PODPRESET_CERTIFICATES_WEBHOOK_NAME"));
        assertEquals(NAME, env.get("PODPRESET_CERTIFICATES_SERVICE_NAME"));
        assertFalse(deployment.toString().contains("\"secret\""), "the controller never mounts the Secret it creates");
        // The two Deployments select disjoint pods.
        assertEquals("controller", deployment.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText());
        assertEquals("webhook", m.get("Deployment", NAME).at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText());
    }

    @Test
    void theIgnoredContainersReachTheWebhookAndTheController() throws IOException {
        for (var values : Map.of("[envoy, istio-proxy]", "envoy,istio-proxy", "[]", "").entrySet()) {
            Manifests m = renderValues("webhook: {ignoredContainers: " + values.getKey() + "}");
            for (String deployment : List.of(NAME, CONTROLLER)) {
                assertEquals(values.getValue(), env(m.get("Deployment", deployment).at("/spec/template/spec/containers/0"))
                        .get("PODPRESET_INJECTION_IGNORED_CONTAINERS"), deployment + " with " + values.getKey());
            }
        }
        assertThrows(RuntimeException.class, () -> renderValues("webhook: {ignoredContainers: [istio_proxy]}"),
                "not a container name");
    }

    @Test
    void controllerRbacIsNarrowAndRestartsAreOptIn() {
        Manifests m = render(Map.of());
        Set<String> read = Set.of("get", "list", "watch");
        assertEquals(Map.of(
                "/pods", Set.of("list", "watch"), "/namespaces", Set.of("list", "watch"), "/events", Set.of("create"),
                "podpreset.dev/podpresets", Set.of("list", "watch"), "podpreset.dev/clusterpodpresets", Set.of("list", "watch"),
                "podpreset.dev/podpresets/status", Set.of("patch"),
                "podpreset.dev/clusterpodpresets/status", Set.of("patch"),
                "admissionregistration.k8s.io/mutatingwebhookconfigurations/" + NAME, Set.of("get", "list", "watch", "patch"),
                "admissionregistration.k8s.io/validatingwebhookconfigurations/" + NAME, Set.of("get", "list", "watch", "patch")),
                Manifests.grants(m.get("ClusterRole", CONTROLLER)));
        assertEquals(Map.of(
                "coordination.k8s.io/leases", Set.of("create"),
                "coordination.k8s.io/leases/" + CONTROLLER, Set.of("get", "patch"),
                "/secrets", Set.of("create"),
                "/secrets/" + NAME + "-tls", Set.of("get", "list", "watch", "update")),
                Manifests.grants(m.get("Role", CONTROLLER)));
        assertEquals(NAMESPACE, m.get("Role", CONTROLLER).at("/metadata/namespace").asText());
        assertEquals(CONTROLLER, m.get("RoleBinding", CONTROLLER).at("/subjects/0/name").asText());
        assertEquals(CONTROLLER, m.get("ClusterRoleBinding", CONTROLLER).at("/subjects/0/name").asText());

        Map<String, Set<String>> restarts = Manifests.grants(render(Map.of("controller.restartWorkloads", true))
                .get("ClusterRole", CONTROLLER));
        assertEquals(Set.of("list", "watch"), restarts.get("apps/replicasets"));
        assertEquals(read, restarts.get("/namespaces"), "restarts read the namespace's podpreset.dev/restart annotation");
        for (String workload : List.of("deployments", "statefulsets", "daemonsets")) {
            assertEquals(Set.of("get", "patch"), restarts.get("apps/" + workload), workload);
        }
        assertEquals("true", env(render(Map.of("controller.restartWorkloads", true)).get("Deployment", CONTROLLER)
                .at("/spec/template/spec/containers/0")).get("PODPRESET_CONTROLLER_RESTART_WORKLOADS"));
        Map<String, Set<String>> external = Manifests.grants(render(Map.of("certificates.mode", "certManager"))
                .get("ClusterRole", CONTROLLER));
        assertTrue(external.keySet().stream().noneMatch(k -> k.startsWith("admissionregistration")), external::toString);
        assertFalse(render(Map.of("certificates.mode", "certManager")).get("Role", CONTROLLER).toString().contains("secrets"));
        assertEquals("external", env(render(Map.of("certificates.mode", "certManager")).get("Deployment", CONTROLLER)
                .at("/spec/template/spec/containers/0")).get("PODPRESET_CERTIFICATES_MODE"));
    }

    /** Renders with a values file (strings stay strings, unlike --set "true"). */
    private static Manifests renderValues(String yaml) throws IOException {
        Path values = Files.createTempFile("values", ".yaml");
        try {
            Files.writeString(values, yaml);
            return Manifests.parse(Chart.template(NAMESPACE).withValuesFile(values).call());
        } finally {
            Files.delete(values);
        }
    }

    @Test
    void podLabelsAnnotationsAndExtraEnvReachBothComponentsAndEachOneAlone() throws IOException {
        Manifests m = renderValues("""
                podLabels: {team: platform, podpreset.dev/injection: enabled, app.kubernetes.io/component: other}
                podAnnotations: {owner: platform-team, prometheus.io/scrape: "false"}
                extraEnv:
                  - {name: QUARKUS_LOG_CONSOLE_JSON_ENABLED, value: "true"}
                  - {name: TZ, value: UTC}
                webhook:
                  podLabels: {tier: admission}
                  podAnnotations: {owner: admission-team}
                  extraEnv:
                    - name: DB_PASSWORD
                      valueFrom: {secretKeyRef: {name: db, key: password}}
                controller:
                  podLabels: {tier: control}
                  extraEnv:
                    - {name: TZ, value: Europe/Paris}
                """);
        JsonNode webhook = m.get("Deployment", NAME).at("/spec/template");
        JsonNode controller = m.get("Deployment", CONTROLLER).at("/spec/template");
        for (JsonNode pod : List.of(webhook, controller)) {
            assertEquals("platform", pod.at("/metadata/labels/team").asText());
            assertEquals("disabled", pod.at("/metadata/labels/podpreset.dev~1injection").asText(), "the chart's labels win");
            assertEquals("false", pod.at("/metadata/annotations/prometheus.io~1scrape").asText(), "podAnnotations win");
            assertEquals("/q/metrics", pod.at("/metadata/annotations/prometheus.io~1path").asText());
            assertEquals("true", env(pod.at("/spec/containers/0")).get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"));
        }
        assertEquals("webhook", webhook.at("/metadata/labels/app.kubernetes.io~1component").asText());
        assertEquals("controller", controller.at("/metadata/labels/app.kubernetes.io~1component").asText());
        assertEquals("admission", webhook.at("/metadata/labels/tier").asText());
        assertEquals("control", controller.at("/metadata/labels/tier").asText());
        assertEquals("admission-team", webhook.at("/metadata/annotations/owner").asText());
        assertEquals("platform-team", controller.at("/metadata/annotations/owner").asText());
        Map<String, String> webhookEnv = env(webhook.at("/spec/containers/0"));
        Map<String, String> controllerEnv = env(controller.at("/spec/containers/0"));
        assertEquals("UTC", webhookEnv.get("TZ"));
        assertEquals("Europe/Paris", controllerEnv.get("TZ"), "controller.extraEnv replaces extraEnv's entry");
        assertEquals("{\"secretKeyRef\":{\"key\":\"password\",\"name\":\"db\"}}", webhookEnv.get("DB_PASSWORD"));
        assertFalse(controllerEnv.containsKey("DB_PASSWORD"));
        List<String> names = new ArrayList<>();
        controller.at("/spec/containers/0/env").forEach(e -> names.add(e.path("name").asText()));
        assertEquals(names.size(), Set.copyOf(names).size(), "each variable once: " + names);
        assertEquals(List.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "TZ"), names.subList(names.size() - 2, names.size()),
                "after the chart's own");
    }

    @Test
    void extraEnvCannotReplaceWhatTheChartSets() {
        Exception e = assertThrows(IllegalStateException.class, () -> render(Map.of(
                "controller.extraEnv[0].name", "PODPRESET_CERTIFICATES_MODE", "controller.extraEnv[0].value", "external")));
        // The webhook's own variables are refused as well.
        assertTrue(e.getMessage().contains("the chart sets PODPRESET_CERTIFICATES_MODE for the controller"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> render(Map.of(
                "extraEnv[0].name", "JAVA_OPTS_APPEND", "extraEnv[0].value", "-Xmx1g")));
        assertTrue(e.getMessage().contains("the chart sets JAVA_OPTS_APPEND for the webhook"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> render(Map.of("extraEnv[0].value", "x")));
        assertTrue(e.getMessage().contains("schema"), e.getMessage());
    }

    @Test
    void webhookPodsMountOnlyTheServingPair() {
        JsonNode volume = render(Map.of()).get("Deployment", NAME).at("/spec/template/spec/volumes/0/secret");
        assertEquals("[{\"key\":\"tls.crt\",\"path\":\"tls.crt\"},{\"key\":\"tls.key\",\"path\":\"tls.key\"}]",
                volume.path("items").toString());
    }

    @Test
    void crdsAreTemplatedKeptAndCanBeLeftOut() {
        Manifests m = render(Map.of());
        List<JsonNode> crds = m.ofKind("CustomResourceDefinition");
        assertEquals(2, crds.size());
        for (JsonNode crd : crds) {
            assertEquals("keep", crd.at("/metadata/annotations/helm.sh~1resource-policy").asText());
            assertEquals(NAME, crd.at("/metadata/labels/app.kubernetes.io~1name").asText());
            assertEquals("v1alpha1", crd.at("/spec/versions/0/name").asText());
        }
        for (JsonNode crd : render(Map.of("crds.keep", false)).ofKind("CustomResourceDefinition")) {
            assertTrue(crd.at("/metadata/annotations/helm.sh~1resource-policy").isMissingNode());
        }
        assertTrue(render(Map.of("crds.install", false)).ofKind("CustomResourceDefinition").isEmpty());
    }

    @Test
    void aggregatedRolesCarryTheAggregationLabels() {
        Manifests m = render(Map.of());
        JsonNode edit = m.get("ClusterRole", NAME + "-edit");
        assertEquals("true", edit.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-admin").asText());
        assertEquals("true", edit.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-edit").asText());
        assertEquals(Set.of("podpreset.dev/podpresets"), Manifests.grants(edit).keySet(),
                "ClusterPodPresets stay with cluster admins");
        assertTrue(Manifests.grants(edit).get("podpreset.dev/podpresets").containsAll(Set.of("create", "update", "delete")));
        JsonNode view = m.get("ClusterRole", NAME + "-view");
        assertEquals("true", view.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-view").asText());
        Set<String> read = Set.of("get", "list", "watch");
        assertEquals(Map.of("podpreset.dev/podpresets", read, "podpreset.dev/podpresets/status", read,
                "podpreset.dev/clusterpodpresets", read, "podpreset.dev/clusterpodpresets/status", read), Manifests.grants(view),
                "viewers see which presets, cluster presets included, reach their pods");
        assertTrue(render(Map.of("rbac.aggregateToDefaultRoles", false)).find("ClusterRole", NAME + "-view").isEmpty());
    }

    @Test
    void clusterPodPresetsCanBeReadByTeamsWhoseViewRoleIsBoundPerNamespace() {
        String role = NAME + "-clusterpodpresets-view";
        Set<String> read = Set.of("get", "list", "watch");
        JsonNode reader = render(Map.of()).get("ClusterRole", role);
        assertEquals(Map.of("podpreset.dev/clusterpodpresets", read, "podpreset.dev/clusterpodpresets/status", read),
                Manifests.grants(reader));
        assertTrue(render(Map.of()).find("ClusterRoleBinding", role).isEmpty(), "bound to nobody unless asked");
        Manifests m = render(Map.of("rbac.clusterPodPresetReaders[0].kind", "Group",
                "rbac.clusterPodPresetReaders[0].name", "team-a",
                "rbac.clusterPodPresetReaders[0].apiGroup", "rbac.authorization.k8s.io"));
        JsonNode binding = m.get("ClusterRoleBinding", role);
        assertEquals(role, binding.at("/roleRef/name").asText());
        assertEquals("[{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Group\",\"name\":\"team-a\"}]",
                binding.path("subjects").toString());
        Exception e = assertThrows(IllegalStateException.class,
                () -> render(Map.of("rbac.clusterPodPresetReaders[0].kind", "Team", "rbac.clusterPodPresetReaders[0].name", "a")));
        assertTrue(e.getMessage().contains("schema"), e.getMessage());
    }

    @Test
    void clusterScopedObjectsOfTwoReleasesHaveDifferentNames() throws IOException {
        Map<String, Set<String>> byRelease = new TreeMap<>();
        for (String release : List.of(NAME, "canary")) {
            Set<String> names = new TreeSet<>();
            for (JsonNode o : renderWithHooks(release, release + "-system", Map.of("crds.install", false)).all()) {
                if (o.at("/metadata/namespace").isMissingNode()) {
                    names.add(o.path("kind").asText() + "/" + o.at("/metadata/name").asText());
                }
            }
            byRelease.put(release, names);
        }
        Set<String> shared = new TreeSet<>(byRelease.get(NAME));
        shared.retainAll(byRelease.get("canary"));
        assertEquals(Set.of(), shared, "cluster-scoped objects two releases would both own");
        assertTrue(byRelease.get(NAME).containsAll(Set.of("ClusterRole/" + NAME + "-view", "ClusterRole/" + NAME + "-uninstall",
                "MutatingWebhookConfiguration/" + NAME)), byRelease::toString);
    }

    @Test
    void preDeleteHookRunsOurImageToDeleteTheWebhooks() throws IOException {
        Manifests hooks = hooks();
        JsonNode job = hooks.single("Job");
        assertEquals("pre-delete", job.at("/metadata/annotations/hook.test~1hook").asText());
        assertTrue(job.at("/metadata/annotations/hook.test~1hook-delete-policy").asText().contains("hook-succeeded"));
        JsonNode container = job.at("/spec/template/spec/containers/0");
        assertEquals("ghcr.io/podpreset-dev/podpreset-injector:0.1.0", container.path("image").asText());
        assertEquals("[\"uninstall\",\"--webhook-name\",\"" + NAME + "\"]", container.path("args").toString());
        String account = job.at("/spec/template/spec/serviceAccountName").asText();
        assertEquals(NAME + "-uninstall", account);
        assertEquals(Map.of(
                "admissionregistration.k8s.io/mutatingwebhookconfigurations/" + NAME, Set.of("get", "delete"),
                "admissionregistration.k8s.io/validatingwebhookconfigurations/" + NAME, Set.of("get", "delete")),
                Manifests.grants(hooks.get("ClusterRole", account)));
        for (JsonNode o : hooks.all()) {
            assertEquals("pre-delete", o.at("/metadata/annotations/hook.test~1hook").asText(), o.path("kind").asText());
        }
        assertTrue(Integer.parseInt(hooks.get("ServiceAccount", account).at("/metadata/annotations/hook.test~1hook-weight").asText())
                < Integer.parseInt(job.at("/metadata/annotations/hook.test~1hook-weight").asText()), "RBAC before the Job");
    }

    @Test
    void prometheusObjectsAndDashboardAreOffByDefaultAndRenderWhenEnabled() throws Exception {
        Set<String> kinds = Set.copyOf(render(Map.of()).kinds());
        for (String kind : List.of("ServiceMonitor", "PodMonitor", "PrometheusRule", "ConfigMap", "NetworkPolicy")) {
            assertFalse(kinds.contains(kind), kind);
        }
        Manifests m = render(Map.of("metrics.serviceMonitor.enabled", true, "metrics.podMonitor.enabled", true,
                "metrics.prometheusRule.enabled", true, "grafana.dashboard.enabled", true,
                "metrics.serviceMonitor.labels.release", "kube-prometheus"));
        JsonNode monitor = m.single("ServiceMonitor");
        assertEquals("kube-prometheus", monitor.at("/metadata/labels/release").asText());
        assertEquals("management", monitor.at("/spec/endpoints/0/port").asText());
        assertEquals("/q/metrics", monitor.at("/spec/endpoints/0/path").asText());
        assertEquals(9000, m.get("Service", NAME + "-metrics").at("/spec/ports/0/port").asInt());
        assertEquals("management", m.single("PodMonitor").at("/spec/podMetricsEndpoints/0/port").asText());
        assertEquals(1, m.ofKind("PrometheusRule").size());
        JsonNode dashboard = m.single("ConfigMap");
        assertEquals("1", dashboard.at("/metadata/labels/grafana_dashboard").asText());
        JsonNode json = JSON.readTree(dashboard.at("/data/podpreset-injector.json").asText());
        String queries = json.path("panels").toString();
        for (String metric : List.of("podpreset_admission_requests_total", "podpreset_admission_duration_seconds_bucket",
                "podpreset_preset_conflicts_total", "podpreset_presets_loaded", "podpreset_preset_pods",
                "podpreset_serving_certificate_expiry_timestamp_seconds")) {
            assertTrue(queries.contains(metric), metric);
        }
    }

    /** The alerts of the README's yaml blocks: alert name -> the rule (expr and for). */
    private static Map<String, JsonNode> readmeAlerts() throws IOException {
        Map<String, JsonNode> alerts = new TreeMap<>();
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        while (block.find()) {
            if (block.group(1).contains("- alert:")) {
                // The blocks are rule lists, some indented as under groups[].rules.
                JsonNode rules = new YAMLMapper().readTree(block.group(1).stripIndent());
                JsonNode list = rules.isArray() ? rules : rules.at("/groups/0/rules");
                list.forEach(r -> alerts.put(r.path("alert").asText(), r));
            }
        }
        return alerts;
    }

    /** Whether src/main exports the Prometheus metric: a meter name, less the suffixes Prometheus adds. */
    private static boolean exported(String metric, String sources) {
        String name = metric.replaceFirst("_(bucket|count|sum)$", "");
        for (String candidate : List.of(name, name.replaceFirst("_total$", ""), name.replaceFirst("_seconds$", ""))) {
            if (sources.contains("\"" + candidate + "\"") || sources.contains("\"" + candidate.replace('_', '.') + "\"")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void prometheusRuleCarriesTheReadmesAlertsOnMetricsTheCodeExports() throws IOException {
        Map<String, JsonNode> rules = new TreeMap<>();
        render(Map.of("metrics.prometheusRule.enabled", true)).single("PrometheusRule").at("/spec/groups/0/rules")
                .forEach(r -> rules.put(r.path("alert").asText(), r));
        Map<String, JsonNode> readme = readmeAlerts();
        assertTrue(readme.keySet().containsAll(List.of("PodPresetMissingOnPods", "PodPresetControllerNoLeader",
                "PodPresetServingCertificateExpiresSoon")), readme::toString);
        assertEquals(readme.keySet(), rules.keySet(), "the chart's alerts are the README's");
        for (String alert : readme.keySet()) {
            assertEquals(readme.get(alert).path("expr").asText().replaceAll("\\s+", " "),
                    rules.get(alert).path("expr").asText(), alert);
            assertEquals(readme.get(alert).path("for").asText(), rules.get(alert).path("for").asText(), alert);
            assertFalse(rules.get(alert).at("/labels/severity").asText().isEmpty(), alert);
        }
        assertTrue(rules.get("PodPresetMissingOnPods").at("/annotations/summary").asText()
                .startsWith("{{ $labels.kind }} {{ $labels.namespace }}/{{ $labels.name }}: {{ $value }} running pods"));

        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.append(Files.readString(file));
            }
        }
        Set<String> unknown = new TreeSet<>();
        Matcher metric = Pattern.compile("podpreset_[a-z_]+").matcher(rules.values().toString());
        while (metric.find()) {
            if (!exported(metric.group(), sources.toString())) {
                unknown.add(metric.group());
            }
        }
        assertEquals(Set.of(), unknown, "metrics no meter of src/main exports");
        assertTrue(render(Map.of("metrics.prometheusRule.enabled", true, "metrics.prometheusRule.certificateExpiryDays", 21))
                .single("PrometheusRule").toString().contains("time() < 21 * 86400"));
    }

    @Test
    void networkPolicyOpensTheWebhookPortAndMetricsOnlyToNamedNamespaces() {
        Manifests m = render(Map.of("networkPolicy.enabled", true, "networkPolicy.metricsNamespaces[0]", "monitoring"));
        JsonNode webhook = m.get("NetworkPolicy", NAME + "-webhook");
        assertEquals("webhook", webhook.at("/spec/podSelector/matchLabels/app.kubernetes.io~1component").asText());
        assertEquals("https", webhook.at("/spec/ingress/0/ports/0/port").asText());
        assertTrue(webhook.at("/spec/ingress/0/from").isMissingNode(), "the API server from anywhere by default");
        assertEquals("management", webhook.at("/spec/ingress/1/ports/0/port").asText());
        assertEquals("[\"monitoring\"]", webhook.at("/spec/ingress/1/from/0/namespaceSelector/matchExpressions/0/values").toString());
        JsonNode controller = m.get("NetworkPolicy", NAME + "-controller");
        assertEquals(1, controller.at("/spec/ingress").size(), "the controller takes no webhook calls");
        assertEquals(0, render(Map.of("networkPolicy.enabled", true)).get("NetworkPolicy", NAME + "-controller")
                .at("/spec/ingress").size(), "metrics closed when no namespace is named");
    }

    @Test
    void topologySpreadHostNetworkAndPorts() {
        Manifests m = render(Map.of("topologySpreadConstraints[0].maxSkew", 1,
                "topologySpreadConstraints[0].topologyKey", "topology.kubernetes.io/zone",
                "topologySpreadConstraints[0].whenUnsatisfiable", "ScheduleAnyway",
                "hostNetwork", true, "webhook.port", 10250));
        JsonNode pod = m.get("Deployment", NAME).at("/spec/template/spec");
        JsonNode spread = pod.at("/topologySpreadConstraints/0");
        assertEquals("topology.kubernetes.io/zone", spread.path("topologyKey").asText());
        assertEquals("webhook", spread.at("/labelSelector/matchLabels/app.kubernetes.io~1component").asText());
        assertEquals("controller", m.get("Deployment", CONTROLLER)
                .at("/spec/template/spec/topologySpreadConstraints/0/labelSelector/matchLabels/app.kubernetes.io~1component").asText());
        assertTrue(pod.path("hostNetwork").asBoolean());
        assertEquals("ClusterFirstWithHostNet", pod.path("dnsPolicy").asText());
        assertEquals(10250, pod.at("/containers/0/ports/0/containerPort").asInt());
        assertEquals("10250", env(pod.at("/containers/0")).get("QUARKUS_HTTP_SSL_PORT"));
        assertFalse(m.get("Deployment", CONTROLLER).at("/spec/template/spec").has("hostNetwork"));
    }

    @Test
    void schemaAcceptsGlobalAsASubchartAndAnImageDigest() {
        Manifests m = render(Map.of("global.imageRegistry", "registry.example.com",
                "image.digest", "sha256:" + "a".repeat(64)));
        assertEquals("ghcr.io/podpreset-dev/podpreset-injector@sha256:" + "a".repeat(64),
                m.get("Deployment", NAME).at("/spec/template/spec/containers/0/image").asText());
        Exception e = assertThrows(IllegalStateException.class, () -> render(Map.of("controller.statusInterval", "soon")));
        assertTrue(e.getMessage().contains("schema"), e.getMessage());
    }
}
