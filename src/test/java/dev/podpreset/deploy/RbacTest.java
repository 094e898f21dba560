package dev.podpreset.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.TemplateCommand;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PodPresetSpec;
import dev.podpreset.api.PresetEnvVar;
import dev.podpreset.certificates.CertificateManagerForTests;
import dev.podpreset.config.InjectorConfig;
import dev.podpreset.controller.ControllerForTests;
import dev.podpreset.config.InjectorConfig.Certificates.Mode;
import dev.podpreset.events.ConflictEventLimiter;
import dev.podpreset.events.KubernetesConflictEvents;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.PresetKind;
import dev.podpreset.injection.SkippedPreset;
import dev.podpreset.sources.KubernetesSourceForTests;
import dev.podpreset.sources.MockCluster;
import dev.podpreset.sources.PresetRegistry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RBAC grants what the code uses and nothing else. Each component runs against a recording CRUD mock API
 * server; its requests become (group, resource, name, verb) calls and are compared with the rules an install
 * (the chart with given values, or k8s/) binds to the component's ServiceAccount: every call must be allowed and
 * every granted verb used. A component covers the rules in its scope (several components can share a
 * ServiceAccount): to check another one, add an entry to {@link #components()}.
 */
class RbacTest {
    private static final String NAME = "podpreset-injector";
    private static final String NAMESPACE = "podpreset-system";
    /** Marks the test's own requests, which are not the component's. */
    private static final String SETUP_HEADER = "X-Rbac-Test-Setup";

    /** One API request as RBAC sees it; name is empty when the request names no object. */
    record Call(String group, String resource, String name, String verb) {
        static Optional<Call> of(RecordedRequest request) {
            String[] pathAndQuery = request.getPath().split("\\?", 2);
            String query = pathAndQuery.length > 1 ? URLDecoder.decode(pathAndQuery[1], StandardCharsets.UTF_8) : "";
            List<String> parts = List.of(pathAndQuery[0].substring(1).split("/"));
            String group;
            List<String> rest;
            if (parts.get(0).equals("api") && parts.size() > 2) {
                group = "";
                rest = parts.subList(2, parts.size());
            } else if (parts.get(0).equals("apis") && parts.size() > 3) {
                group = parts.get(1);
                rest = parts.subList(3, parts.size());
            } else {
                return Optional.empty(); // discovery
            }
            if (rest.get(0).equals("namespaces") && rest.size() > 2) {
                rest = rest.subList(2, rest.size());
            }
            String resource = rest.get(0) + (rest.size() > 2 ? "/" + rest.get(2) : "");
            String name = rest.size() > 1 ? rest.get(1) : fieldSelectorName(query);
            String verb = switch (request.getMethod()) {
                case "GET" -> rest.size() > 1 ? "get" : query.contains("watch=true") ? "watch" : "list";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> rest.size() > 1 ? "delete" : "deletecollection";
                default -> request.getMethod();
            };
            return Optional.of(new Call(group, resource, name, verb));
        }

        private static String fieldSelectorName(String query) {
            for (String parameter : query.split("&")) {
                if (parameter.startsWith("fieldSelector=metadata.name=")) {
                    return parameter.substring("fieldSelector=metadata.name=".length());
                }
            }
            return "";
        }
    }

    /** One granted verb; name is empty for a rule without resourceNames. */
    record Grant(String group, String resource, String name, String verb) {
        boolean allows(Call call) {
            return group.equals(call.group()) && resource.equals(call.resource()) && verb.equals(call.verb())
                    && (name.isEmpty() || name.equals(call.name()));
        }
    }

    /** Code that talks to the API server as one ServiceAccount of an install, and the resources whose rules it answers for. */
    record Component(String name, Install install, String serviceAccount, Predicate<String> scope, Exercise exercise) {
        @Override
        public String toString() {
            return name + " (" + install + ")";
        }
    }

    /** Where the RBAC rules come from. */
    record Install(String name, Supplier<Manifests> manifests) {
        static Install chart(Map<String, String> values) {
            return new Install(values.isEmpty() ? "chart" : "chart " + values, () -> {
                TemplateCommand command = Chart.template(NAMESPACE);
                for (Map.Entry<String, String> value : values.entrySet()) {
                    command = command.set(value.getKey(), value.getValue());
                }
                return Manifests.parse(command.call());
            });
        }

        @Override
        public String toString() {
            return name;
        }
    }

    interface Exercise {
        /**
         * Runs the component on {@code client} (recorded) until it has made every kind of call it makes;
         * {@code setup} (not recorded) prepares and inspects the cluster.
         */
        void run(KubernetesClient client, KubernetesClient setup) throws Exception;
    }

    static List<Component> components() {
        Set<String> certificateResources = Set.of("secrets", "mutatingwebhookconfigurations", "validatingwebhookconfigurations");
        Install chart = Install.chart(Map.of());
        Install k8s = new Install("k8s/", () -> Manifests.fromKustomization(Path.of("k8s")));
        List<Component> components = new ArrayList<>();
        for (Install install : List.of(chart, k8s)) {
            components.add(new Component("webhook", install, NAME, resource -> true, RbacTest::runWebhook));
            components.add(new Component("certificates", install, NAME + "-controller", certificateResources::contains,
                    RbacTest::runCertificates));
            components.add(new Component("controller", install, NAME + "-controller",
                    Predicate.not(certificateResources::contains), (client, setup) -> runController(client, setup, false)));
        }
        components.add(new Component("controller restarting workloads",
                Install.chart(Map.of("controller.restartWorkloads", "true")), NAME + "-controller",
                Predicate.not(certificateResources::contains), (client, setup) -> runController(client, setup, true)));
        return components;
    }

    /** The preset source's informers, and one conflict Event. */
    private static void runWebhook(KubernetesClient client, KubernetesClient setup) throws Exception {
        PresetRegistry registry = new PresetRegistry();
        try (AutoCloseable source = KubernetesSourceForTests.start(client, registry)) {
            await(registry::synced);
            Thread.sleep(300); // the watches follow the lists
        }
        ExecutorService sender = Executors.newSingleThreadExecutor();
        PodPreset preset = new PodPreset();
        preset.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace("team-a").withUid("u").withResourceVersion("1").build());
        PodPresetSpec spec = new PodPresetSpec();
        spec.setEnv(List.of(new PresetEnvVar("A", "1")));
        preset.setSpec(spec);
        new KubernetesConflictEvents(client, new ConflictEventLimiter(Duration.ofMinutes(1), Clock.systemUTC()), sender,
                Clock.systemUTC(), "injector-0").report(
                new SkippedPreset(PreparedPreset.of(preset), List.of("env \"A\""), List.of()), "team-a/p");
        sender.submit(() -> { }).get(10, TimeUnit.SECONDS);
        sender.shutdownNow();
    }

    /** Creates the Secret, injects the caBundle, and updates the Secret when it is broken. */
    private static void runCertificates(KubernetesClient client, KubernetesClient setup) throws Exception {
        setup.admissionRegistration().v1().mutatingWebhookConfigurations().resource(new MutatingWebhookConfigurationBuilder()
                .withNewMetadata().withName(NAME).endMetadata().addNewWebhook().withName("pods.podpreset.dev")
                .withNewClientConfig().withNewService().withName(NAME).withNamespace(NAMESPACE).endService().endClientConfig()
                .endWebhook().build()).create();
        setup.admissionRegistration().v1().validatingWebhookConfigurations().resource(new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata().withName(NAME).endMetadata().addNewWebhook().withName("presets.podpreset.dev")
                .withNewClientConfig().withNewService().withName(NAME).withNamespace(NAMESPACE).endService().endClientConfig()
                .endWebhook().build()).create();
        var secrets = setup.secrets().inNamespace(NAMESPACE).withName(NAME + "-tls");
        try (AutoCloseable leader = CertificateManagerForTests.lead(client, new ChartCertificates())) {
            await(() -> secrets.get() != null);
            String version = secrets.get().getMetadata().getResourceVersion();
            var broken = secrets.get();
            broken.getData().remove("tls.key");
            setup.resource(broken).update();
            await(() -> secrets.get().getData().containsKey("tls.key") && !version.equals(secrets.get().getMetadata().getResourceVersion()));
        }
    }

    /**
     * The preset source, the controller leading through its Lease, and (restartWorkloads) a stale workload of each
     * restartable kind, each for a preset of its own, restarted one after the other (the mock runs no rollout:
     * each times out and pauses its own preset only).
     */
    private static void runController(KubernetesClient client, KubernetesClient setup, boolean restartWorkloads)
            throws Exception {
        ControllerForTests.registerCrds(setup);
        List<String> kinds = List.of("Deployment", "StatefulSet", "DaemonSet");
        for (String kind : kinds) {
            String name = kind.toLowerCase(Locale.ROOT);
            for (String value : List.of("1", "2")) { // generation 2: the pod admitted with generation 1 is stale
                MockCluster.apply(setup, """
                        apiVersion: podpreset.dev/v1alpha1
                        kind: PodPreset
                        metadata: {name: %s, namespace: team-a}
                        spec: {selector: {matchLabels: {app: %s}}, env: [{name: A, value: "%s"}], restartWorkloads: Stale}
                        """.formatted(name, name, value));
            }
            MockCluster.apply(setup, """
                    apiVersion: apps/v1
                    kind: %s
                    metadata: {name: %s, namespace: team-a}
                    spec:
                      selector: {matchLabels: {app: %s}}
                      template:
                        metadata: {labels: {app: %s}}
                        spec: {containers: [{name: c, image: x}]}
                    """.formatted(kind, name, name, name));
            setup.pods().inNamespace("team-a").resource(new PodBuilder().withNewMetadata().withName(name + "-0")
                    .addToLabels("app", name).addToAnnotations(AnnotationKeys.applied(PresetKind.NAMESPACED, name), "1")
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind(kind).withName(name).withUid("u")
                    .withController(true).endOwnerReference().endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("x").endContainer().endSpec()
                    .withNewStatus().withPhase("Running").endStatus().build()).create();
        }
        MockCluster.apply(setup, """
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: broken, namespace: team-a}
                spec: {env: [{value: "no name"}]}
                """);
        MockCluster.apply(setup, """
                apiVersion: podpreset.dev/v1alpha1
                kind: ClusterPodPreset
                metadata: {name: gpu}
                spec: {env: [{name: GPU, value: "1"}]}
                """);
        var presets = setup.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(PodPreset.class))
                .inNamespace("team-a");
        var clusterPresets = setup.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(ClusterPodPreset.class));
        var lease = setup.leases().inNamespace(NAMESPACE).withName(NAME + "-controller");
        PresetRegistry registry = new PresetRegistry();
        try (AutoCloseable source = KubernetesSourceForTests.start(client, registry);
                AutoCloseable controller = ControllerForTests.lead(client, registry, restartWorkloads, NAMESPACE,
                        NAME + "-controller")) {
            await(() -> lease.get() != null);
            String acquired = lease.get().getSpec().getRenewTime().toString();
            await(() -> !acquired.equals(lease.get().getSpec().getRenewTime().toString()));
            await(() -> clusterPresets.withName("gpu").get().getAdditionalProperties().containsKey("status"));
            await(() -> presets.list().getItems().stream().allMatch(p -> p.getAdditionalProperties().containsKey("status")));
            if (restartWorkloads) {
                await(() -> kinds.stream().allMatch(kind -> {
                    String name = kind.toLowerCase(Locale.ROOT);
                    Map<String, String> annotations = setup.genericKubernetesResources("apps/v1", kind)
                            .inNamespace("team-a").withName(name).get().getMetadata().getAnnotations();
                    return annotations != null
                            && annotations.containsKey(AnnotationKeys.restartedFor(PresetKind.NAMESPACED, name));
                }));
            }
        }
    }

    /** podpreset.certificates.* as the chart sets them. */
    record ChartCertificates() implements InjectorConfig.Certificates {
        public Mode mode() { return Mode.SELF_MANAGED; }
        public String secretName() { return NAME + "-tls"; }
        public String webhookName() { return NAME; }
        public String serviceName() { return NAME; }
        public Optional<String> namespace() { return Optional.of(NAMESPACE); }
        public Duration caValidity() { return Duration.ofDays(365); }
        public Duration servingValidity() { return Duration.ofDays(90); }
        public Duration caPropagation() { return Duration.ofMinutes(10); }
        public Duration checkInterval() { return Duration.ofHours(1); }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(50);
        }
    }

    /** The rules of every Role and ClusterRole the install binds to the ServiceAccount. */
    private static List<Grant> grants(Install install, String serviceAccount) {
        Manifests chart = install.manifests().get();
        List<Grant> grants = new ArrayList<>();
        for (String bindingKind : List.of("ClusterRoleBinding", "RoleBinding")) {
            for (JsonNode binding : chart.ofKind(bindingKind)) {
                boolean ours = false;
                for (JsonNode subject : binding.path("subjects")) {
                    ours |= subject.path("name").asText().equals(serviceAccount);
                }
                if (!ours) {
                    continue;
                }
                JsonNode role = chart.get(binding.at("/roleRef/kind").asText(), binding.at("/roleRef/name").asText());
                for (JsonNode rule : role.path("rules")) {
                    List<String> names = new ArrayList<>();
                    rule.path("resourceNames").forEach(n -> names.add(n.asText()));
                    if (names.isEmpty()) {
                        names.add("");
                    }
                    rule.path("apiGroups").forEach(g -> rule.path("resources").forEach(r -> rule.path("verbs").forEach(v ->
                            names.forEach(n -> grants.add(new Grant(g.asText(), r.asText(), n, v.asText()))))));
                }
            }
        }
        return grants;
    }

    private static List<Call> record(Exercise exercise) throws Exception {
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher(List.of(
                CustomResourceDefinitionContext.fromCustomResourceType(PodPreset.class),
                CustomResourceDefinitionContext.fromCustomResourceType(ClusterPodPreset.class))) {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getHeader(SETUP_HEADER) == null) {
                    Call.of(request).ifPresent(calls::add);
                }
                return super.dispatch(request);
            }
        };
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        try (KubernetesClient client = server.createClient();
                KubernetesClient setup = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                        .withCustomHeaders(Map.of(SETUP_HEADER, "true")).build()).build()) {
            setup.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build()).create();
            exercise.run(client, setup);
        } finally {
            server.destroy();
        }
        return List.copyOf(calls);
    }

    @ParameterizedTest
    @MethodSource("components")
    void rbacGrantsExactlyTheCallsTheCodeMakes(Component component) throws Exception {
        List<Call> calls = record(component.exercise());
        List<Grant> grants = grants(component.install(), component.serviceAccount()).stream()
                .filter(g -> component.scope().test(g.resource().split("/")[0])).toList();
        Set<String> refused = new TreeSet<>();
        for (Call call : calls) {
            if (grants.stream().noneMatch(g -> g.allows(call))) {
                refused.add(call.toString());
            }
        }
        Set<String> unused = new TreeSet<>();
        for (Grant grant : grants) {
            // A rule without resourceNames is used by a call that no named rule of the same verb allows.
            boolean used = calls.stream().anyMatch(call -> grant.allows(call)
                    && (!grant.name().isEmpty() || grants.stream().noneMatch(g -> !g.name().isEmpty() && g.allows(call))));
            if (!used) {
                unused.add(grant.toString());
            }
        }
        assertEquals(Set.of(), refused, "calls the install's RBAC refuses");
        assertEquals(Set.of(), unused, "grants no code uses");
    }
}
