package dev.podpreset.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PodPresetSpec;
import dev.podpreset.api.PresetEnvVar;
import dev.podpreset.certificates.CertificateManagerForTests;
import dev.podpreset.config.InjectorConfig;
import dev.podpreset.config.InjectorConfig.Certificates.Mode;
import dev.podpreset.events.ConflictEventLimiter;
import dev.podpreset.events.KubernetesConflictEvents;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.SkippedPreset;
import dev.podpreset.sources.KubernetesSourceForTests;
import dev.podpreset.sources.PresetRegistry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RBAC grants what the code uses and nothing else. Each component runs against a recording CRUD mock API
 * server; its requests become (group, resource, name, verb) calls and are compared with the rules the chart
 * binds to the component's ServiceAccount: every call must be allowed and every granted verb used. A
 * component covers the rules in its scope (several components can share a ServiceAccount): to check
 * another one, add an entry to {@link #components()}.
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

    /** Code that talks to the API server as one ServiceAccount, and the resources whose rules it answers for. */
    record Component(String name, String serviceAccount, Predicate<String> scope, Exercise exercise) {
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
        return List.of(
                new Component("webhook", NAME, resource -> true, RbacTest::runWebhook),
                new Component("certificates", NAME + "-controller", certificateResources::contains, RbacTest::runCertificates));
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

    /** The rules of every Role and ClusterRole the chart binds to the ServiceAccount. */
    private static List<Grant> grants(String serviceAccount) {
        Manifests chart = Manifests.parse(Chart.template(NAMESPACE).call());
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
        List<Grant> grants = grants(component.serviceAccount()).stream()
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
        assertEquals(Set.of(), refused, "calls the chart's RBAC refuses");
        assertEquals(Set.of(), unused, "grants no code uses");
    }
}
