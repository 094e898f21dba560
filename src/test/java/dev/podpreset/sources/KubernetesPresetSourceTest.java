package dev.podpreset.sources;

import dev.podpreset.Await;
import dev.podpreset.TestPresets;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.api.Violation;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.injection.PresetKind;
import dev.podpreset.kubernetes.Informers;
import dev.podpreset.kubernetes.PresetResources;
import dev.podpreset.presets.InvalidPreset;
import dev.podpreset.presets.PresetKey;
import dev.podpreset.presets.PresetSnapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.zjsonpatch.JsonPatch;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.injection.InjectionResult;
import dev.podpreset.injection.PreparedPreset;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The informer source against the fabric8 mock API server in CRUD mode, with a plain registry. */
class KubernetesPresetSourceTest {

    private MockCluster cluster;
    private KubernetesClient client;
    private PresetRegistry registry;
    private KubernetesPresetSource.Watching watching;
    private Vertx vertx;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new MockCluster().start();
        client = cluster.client();
        registry = new PresetRegistry();
        vertx = Vertx.vertx();
        MockCluster.apply(client, "{apiVersion: v1, kind: Namespace, metadata: {name: team-a}}");
    }

    @AfterEach
    void tearDown() {
        if (watching != null) {
            watching.close();
        }
        client.close();
        cluster.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private void startSource() {
        watching = KubernetesSourceForTests.start(client, vertx, registry);
        await("synced", registry::synced);
    }

    @Test
    void presetCreatedChangedAndDeletedShowsInTheSnapshot() {
        startSource();
        assertEquals(0, registry.current().size());

        MockCluster.apply(client, TestPresets.DB_PRESET.formatted("6379"));
        await("preset added", () -> envValue("DB_PORT").equals("6379"));

        MockCluster.apply(client, TestPresets.DB_PRESET.formatted("6380"));
        await("preset changed", () -> envValue("DB_PORT").equals("6380"));

        client.genericKubernetesResources(PresetResources.of(PresetKind.NAMESPACED)).inNamespace("team-a").withName("db").delete();
        await("preset deleted", () -> registry.current().size() == 0);
        assertEquals("", envValue("DB_PORT"));
    }

    @Test
    void aListOfSeveralPagesIsPublishedOnceAndWhole() throws Exception {
        int stored = (int) Informers.LIST_PAGE + 1;
        ExecutorService creators = Executors.newFixedThreadPool(4);
        List<Future<?>> created = new ArrayList<>();
        for (int i = 0; i < stored; i++) {
            String yaml = TestPresets.DB_PRESET.formatted(i).replace("name: db,", "name: db-" + i + ",");
            created.add(creators.submit(() -> MockCluster.apply(client, yaml)));
        }
        for (Future<?> f : created) {
            f.get();
        }
        creators.shutdown();
        List<Integer> published = new CopyOnWriteArrayList<>();
        registry.onPublish(s -> published.add(s.size()));

        startSource();

        assertEquals(stored, registry.current().size());
        assertEquals(stored, published.get(0), "nothing is published before the last page is in");
        List<String> lists = cluster.requests(r -> r.path().contains("/podpresets?") && !r.path().contains("watch=true"))
                .stream().map(MockCluster.Request::path).toList();
        assertEquals(2, lists.size(), lists.toString());
        assertTrue(lists.get(0).contains("limit=" + Informers.LIST_PAGE) && lists.get(1).contains("continue="),
                lists.toString());
    }

    @Test
    void onlyChangedPresetsArePreparedAgain() {
        MockCluster.apply(client, TestPresets.DB_PRESET.formatted("1"));
        MockCluster.apply(client, TestPresets.GPU_PRESET);
        startSource();
        PreparedPreset gpuBefore = find("gpu");

        MockCluster.apply(client, TestPresets.DB_PRESET.formatted("2"));
        await("changed", () -> envValue("DB_PORT").equals("2"));
        assertTrue(gpuBefore == find("gpu"), "the unchanged preset is reused as is");
        PreparedPreset dbBefore = find("db");

        // A namespace change rebuilds the snapshot without preparing any preset.
        MockCluster.apply(client, "{apiVersion: v1, kind: Namespace, metadata: {name: team-b, annotations: {team: payments,"
                + " kubectl.kubernetes.io/last-applied-configuration: '{}'}}}");
        await("namespace seen", () -> registry.current().namespaceLabels("team-b").containsKey("kubernetes.io/metadata.name"));
        assertTrue(gpuBefore == find("gpu") && dbBefore == find("db"), "no preset prepared again");
        assertEquals(Map.of("team", "payments"), registry.current().namespace("team-b").annotations(),
                "annotations are kept for env values, all but kubectl's copy of the object");
    }

    @Test
    void aStatusWriteIsObservedWithoutPreparingThePresetAgain() {
        MockCluster.apply(client, TestPresets.DB_PRESET.formatted("1"));
        startSource();
        PreparedPreset before = find("db");
        PresetKey key = new PresetKey(PresetKind.NAMESPACED, "team-a", "db");
        assertNull(registry.observed(key).orElseThrow().status());
        client.genericKubernetesResources(PresetResources.of(PresetKind.NAMESPACED)).inNamespace("team-a").withName("db")
                .editStatus(r -> {
                    r.setAdditionalProperty("status", Map.of("observedGeneration", 1, "conditions",
                            List.of(Map.of("type", "Ready", "status", "True", "reason", "Valid", "somethingNewer", "x"))));
                    return r;
                });
        await("the status observed", () -> registry.observed(key).orElseThrow().status() != null);
        PresetStatus seen = registry.observed(key).orElseThrow().status();
        assertEquals("Valid", seen.condition("Ready").getReason(), "fields of a newer version are ignored");
        assertTrue(before == find("db"), "same generation, same spec: not prepared again");
        assertEquals(before.uid(), registry.observed(key).orElseThrow().uid());
    }

    @Test
    void aPresetWithAFieldThisVersionDoesNotKnowIsInvalidForItAndTheWatchGoesOn() {
        MockCluster.apply(client, TestPresets.NEWER_VERSION_PRESET);
        MockCluster.apply(client, TestPresets.DB_PRESET.formatted("1"));
        startSource();
        assertEquals(1, registry.current().size());
        assertEquals(List.of(new Violation("spec.canary", Violation.Type.UNKNOWN_FIELD, Violation.UNKNOWN_FIELD)),
                registry.current().invalid().get(0).violations());
        MockCluster.apply(client, TestPresets.DB_PRESET.formatted("2"));
        await("later changes still arrive", () -> envValue("DB_PORT").equals("2"));
    }

    @Test
    void namespaceLabelMovesAClusterPodPresetOnAndOff() {
        MockCluster.apply(client, TestPresets.GPU_PRESET);
        startSource();
        assertFalse(gpuApplies(), "namespace without the label");

        MockCluster.apply(client, "{apiVersion: v1, kind: Namespace, metadata: {name: team-a, labels: {gpu: \"true\"}}}");
        await("label added", this::gpuApplies);

        MockCluster.apply(client, "{apiVersion: v1, kind: Namespace, metadata: {name: team-a, labels: {gpu: \"false\"}}}");
        await("label changed", () -> !gpuApplies());
    }

    @Test
    void invalidPresetIsSkippedAndValidOnesStillApply() {
        MockCluster.apply(client, """
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: broken, namespace: team-a}
                spec:
                  volumeMounts: [{name: missing, mountPath: /x}]
                """);
        MockCluster.apply(client, """
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: typo, namespace: team-a}
                spec:
                  envv: [{name: A, value: b}]
                """);
        MockCluster.apply(client, TestPresets.DB_PRESET.formatted("5432"));
        startSource();
        assertEquals(1, registry.current().size());
        assertEquals("5432", envValue("DB_PORT"));
    }

    /** The CRD admits it (operator is not required there); it once failed every rebuild with an NPE. */
    private static final String NO_OPERATOR = """
            apiVersion: podpreset.dev/v1alpha1
            kind: PodPreset
            metadata: {name: no-operator, namespace: team-a}
            spec:
              selector: {matchExpressions: [{key: app}]}
              env: [{name: A, value: b}]
            """;

    @Test
    void aPresetThatCannotBePreparedBeforeTheFirstSyncLeavesOnlyItselfOut() {
        MockCluster.apply(client, NO_OPERATOR);
        MockCluster.apply(client, TestPresets.DB_PRESET.formatted("5432"));
        startSource();
        assertEquals(1, registry.current().size());
        assertEquals("5432", envValue("DB_PORT"));
        assertNoOperatorIsReported();
    }

    @Test
    void aPresetThatCannotBePreparedAfterTheFirstSyncLeavesOnlyItselfOut() {
        startSource();
        MockCluster.apply(client, NO_OPERATOR);
        await("invalid preset seen", () -> registry.current().invalid().size() == 1);
        MockCluster.apply(client, TestPresets.DB_PRESET.formatted("1"));
        await("valid preset applied beside it", () -> envValue("DB_PORT").equals("1"));
        MockCluster.apply(client, TestPresets.DB_PRESET.formatted("2"));
        await("later changes still applied", () -> envValue("DB_PORT").equals("2"));
        assertNoOperatorIsReported();

        MockCluster.apply(client, NO_OPERATOR.replace("[{key: app}]", "[{key: app, operator: Exists}]"));
        await("fixed preset applied", () -> registry.current().size() == 2 && registry.current().invalid().isEmpty());
    }

    private void assertNoOperatorIsReported() {
        List<InvalidPreset> invalid = registry.current().invalid();
        assertEquals(1, invalid.size(), invalid.toString());
        InvalidPreset p = invalid.get(0);
        assertEquals(PresetKind.NAMESPACED, p.kind());
        assertEquals("team-a", p.namespace());
        assertEquals("no-operator", p.name());
        Long generation = client.genericKubernetesResources(PresetResources.of(PresetKind.NAMESPACED)).inNamespace("team-a")
                .withName("no-operator").get().getMetadata().getGeneration();
        assertEquals(generation == null ? "" : generation.toString(), p.generation());
        assertEquals(List.of(new Violation("spec.selector.matchExpressions[0].operator", Violation.Type.REQUIRED,
                "Required value: supported values: In, NotIn, Exists, DoesNotExist")), p.violations());
    }

    @Test
    void unknownFieldsInsideCoreTypesReachTheEngine() {
        MockCluster.apply(client, """
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: future, namespace: team-a}
                spec:
                  env: [{name: A, value: b, fieldFromTheFuture: 42}]
                """);
        startSource();
        InjectionResult result = inject(frontendPod());
        assertTrue(result.patch().toString().contains("fieldFromTheFuture"), result.patch().toString());
    }

    @Test
    void notReadyUntilTheApiServerAnswersThenReady() throws Exception {
        cluster.stop();
        watching = KubernetesSourceForTests.start(client, vertx, registry);
        Thread.sleep(1500);
        assertFalse(registry.synced(), "must not be ready before the informers have listed");
        cluster.start();
        await("synced once the API server answers", registry::synced);
    }

    @Test
    void changesMadeWhileTheWatchWasBrokenArePickedUp() throws Exception {
        startSource();
        MockCluster.apply(client, TestPresets.DB_PRESET.formatted("1"));
        await("preset added", () -> envValue("DB_PORT").equals("1"));

        cluster.stop();
        // The watch is broken; the cache keeps serving the last snapshot.
        Thread.sleep(300);
        assertTrue(registry.synced());
        assertEquals("1", envValue("DB_PORT"));

        // Changes made while our informers are disconnected (through another server on the same store).
        try (MockCluster.Side side = cluster.side(); KubernetesClient other = side.client()) {
            MockCluster.apply(other, TestPresets.DB_PRESET.formatted("2"));
            MockCluster.apply(other, TestPresets.GPU_PRESET);
        }
        cluster.start();
        await("changes made meanwhile picked up", () -> envValue("DB_PORT").equals("2") && registry.current().size() == 2);
    }

    private boolean gpuApplies() {
        return inject(frontendPod()).applied().stream().anyMatch(p -> p.name().equals("gpu"));
    }

    private PreparedPreset find(String name) {
        return registry.current().candidates("team-a", Map.of("role", "frontend")).stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** The value of an env var of the first container after injection into a frontend pod; "" when absent. */
    private String envValue(String name) {
        ObjectNode pod = frontendPod();
        InjectionResult result = inject(pod);
        JsonNode injected = result.patch() == null ? pod : JsonPatch.apply(result.patch(), pod);
        for (JsonNode env : injected.path("spec").path("containers").path(0).path("env")) {
            if (env.path("name").asText().equals(name)) {
                return env.path("value").asText();
            }
        }
        return "";
    }

    private InjectionResult inject(ObjectNode pod) {
        PresetSnapshot s = registry.current();
        return s.inject(pod, "team-a", IgnoredContainers.DEFAULT);
    }

    private static ObjectNode frontendPod() {
        try {
            return (ObjectNode) JsonMapper.builder().build().readTree("""
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"team-a","labels":{"role":"frontend"}},
                     "spec":{"containers":[{"name":"app","image":"nginx"}]}}""");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), condition);
    }
}
