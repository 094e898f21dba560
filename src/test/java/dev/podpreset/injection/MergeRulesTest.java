package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.podpreset.api.PodPresetSpec;
import dev.podpreset.api.SpecJson;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of merge rule on its own: one preset field merged into one pod. */
class MergeRulesTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String APP = "{name: app, image: nginx:1.25}";

    /** What merging one field did: the conflicts, the patch, and the pod with the patch applied. */
    record Merged(List<String> conflicts, ArrayNode patch, JsonNode pod) {
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <P> Merged merge(MergeRule<P> rule, String specYaml, String podYaml) {
        ObjectNode pod = (ObjectNode) yaml(podYaml);
        PodPresetSpec spec = YAML.convertValue(yaml(specYaml), PodPresetSpec.class);
        P prepared = rule.prepare(spec, SpecJson.of(spec));
        PodDraft draft = new PodDraft(pod, Set.of(), IgnoredContainers.DEFAULT);
        Merge merge = new Merge(draft, NamespaceMetadata.unknown("default"));
        if (rule.scope() == MergeRule.Scope.POD) {
            rule.merge(prepared, draft, merge);
        } else {
            draft.ownContainers().forEach(c -> rule.merge(prepared, c, merge));
        }
        ArrayNode patch = draft.patch();
        patch.forEach(op -> assertEquals("add", op.path("op").asText(), "only adds: " + op));
        return new Merged(new ArrayList<>(merge.conflicts), patch, JsonPatch.apply(patch, pod));
    }

    static MergeRule<?> rule(String field) {
        for (MergeRule<?> r : MergeRules.ALL) {
            PodPresetSpec probe = YAML.convertValue(yaml(field), PodPresetSpec.class);
            if (r.prepare(probe, SpecJson.of(probe)) != null) {
                return r;
            }
        }
        throw new AssertionError("no rule prepares " + field);
    }

    @Test
    void everySpecFieldBelongsToExactlyOneRule() {
        String[] fields = {"env: [{name: A, value: x}]", "envFrom: [{configMapRef: {name: c}}]",
                "volumes: [{name: v, emptyDir: {}}]", "volumeMounts: [{name: v, mountPath: /v}]",
                "tolerations: [{key: k, operator: Exists}]", "nodeSelector: {a: b}",
                "imagePullSecrets: [{name: s}]", "initContainers: [{name: i, image: busybox}]",
                "sidecars: [{name: s, image: busybox}]", "labels: {a: b}", "annotations: {a: b}",
                "serviceAccountName: sa", "automountServiceAccountToken: false", "runtimeClassName: rc",
                "nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: a, operator: Exists}]}}]}"};
        for (String field : fields) {
            PodPresetSpec spec = YAML.convertValue(yaml(field), PodPresetSpec.class);
            long rules = MergeRules.ALL.stream().filter(r -> r.prepare(spec, SpecJson.of(spec)) != null).count();
            assertEquals(1, rules, field);
        }
    }

    @Nested
    class KeyedList {
        @Test
        void newKeyIsAppendedEqualIsIdenticalDifferentConflicts() {
            Merged m = merge(rule("env: [{name: A, value: x}]"),
                    "env: [{name: A, value: x}, {name: B, value: y}, {name: C, value: new}]",
                    "spec: {containers: [{name: app, image: nginx, env: [{name: A, value: x}, {name: C, value: old}]}]}");
            assertEquals(List.of("env \"C\" in container \"app\""), m.conflicts());
            assertEquals(yaml("[{name: A, value: x}, {name: C, value: old}, {name: B, value: y}]"),
                    m.pod().at("/spec/containers/0/env"));
        }

        @Test
        void comparesAfterApiDefaults() {
            Merged m = merge(rule("env: [{name: A, value: x}]"),
                    "env: [{name: IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]",
                    "spec: {containers: [{name: app, image: nginx, env: [{name: IP, valueFrom: {fieldRef: {apiVersion: v1, fieldPath: status.podIP}}}]}]}");
            assertEquals(List.of(), m.conflicts());
            assertTrue(m.patch().isEmpty());
        }

        @Test
        void aPodWithoutTheListGetsTheWholeList() {
            Merged m = merge(rule("imagePullSecrets: [{name: s}]"), "imagePullSecrets: [{name: a}, {name: b}]",
                    "spec: {containers: [" + APP + "]}");
            assertEquals(1, m.patch().size());
            assertEquals("/spec/imagePullSecrets", m.patch().get(0).path("path").asText());
        }

        @Test
        void envFromIsKeyedByPrefixAndSource() {
            Merged m = merge(rule("envFrom: [{configMapRef: {name: c}}]"),
                    "envFrom: [{configMapRef: {name: c}, prefix: P_}, {secretRef: {name: c}}]",
                    "spec: {containers: [{name: app, image: nginx, envFrom: [{configMapRef: {name: c, optional: true}, prefix: P_}]}]}");
            assertEquals(List.of("envFrom configMapRef \"c\" with prefix \"P_\" in container \"app\""), m.conflicts());
        }
    }

    @Nested
    class SetLike {
        @Test
        void anEqualTolerationIsNotAddedAgainAndNothingConflicts() {
            Merged m = merge(rule("tolerations: [{key: k, operator: Exists}]"),
                    "tolerations: [{key: gpu, value: a, effect: NoSchedule}, {key: gpu, value: b, effect: NoSchedule}]",
                    "spec: {containers: [" + APP + "], tolerations: [{key: gpu, operator: Equal, value: a, effect: NoSchedule}]}");
            assertEquals(List.of(), m.conflicts());
            assertEquals(2, m.pod().at("/spec/tolerations").size());
            assertEquals("b", m.pod().at("/spec/tolerations/1/value").asText());
        }
    }

    @Nested
    class Maps {
        @Test
        void mergesByKeyAndEscapesKeysInPaths() {
            Merged m = merge(rule("labels: {a: b}"), "labels: {example.com/team: payments, app: web, tier: x}",
                    "metadata: {labels: {app: web, tier: y}}\nspec: {containers: [" + APP + "]}");
            assertEquals(List.of("label \"tier\""), m.conflicts());
            assertEquals("/metadata/labels/example.com~1team", m.patch().get(0).path("path").asText());
            assertEquals("payments", m.pod().at("/metadata/labels").path("example.com/team").asText());
        }

        @Test
        void aPodWithoutMetadataGetsItFirst() {
            Merged m = merge(rule("annotations: {a: b}"), "annotations: {a: b}", "spec: {containers: [" + APP + "]}");
            assertEquals(yaml("[{op: add, path: /metadata, value: {}}, {op: add, path: /metadata/annotations, value: {a: b}}]"),
                    m.patch());
        }

        @Test
        void nodeSelectorConflictNamesTheKey() {
            Merged m = merge(rule("nodeSelector: {a: b}"), "nodeSelector: {disktype: ssd}",
                    "spec: {containers: [" + APP + "], nodeSelector: {disktype: hdd}}");
            assertEquals(List.of("nodeSelector \"disktype\""), m.conflicts());
            assertTrue(m.patch().isEmpty());
        }
    }

    @Nested
    class Scalars {
        private final MergeRule<?> serviceAccount = rule("serviceAccountName: sa");

        @Test
        void defaultIsReplacedAndTheDeprecatedFieldKeptEqual() {
            Merged m = merge(serviceAccount, "serviceAccountName: runner",
                    "spec: {serviceAccountName: default, serviceAccount: default, containers: [" + APP + "]}");
            assertEquals("runner", m.pod().at("/spec/serviceAccountName").asText());
            assertEquals("runner", m.pod().at("/spec/serviceAccount").asText());
        }

        @Test
        void theDeprecatedFieldIsNotAddedWhenThePodHasNone() {
            Merged m = merge(serviceAccount, "serviceAccountName: runner", "spec: {containers: [" + APP + "]}");
            assertEquals("runner", m.pod().at("/spec/serviceAccountName").asText());
            assertTrue(m.pod().at("/spec/serviceAccount").isMissingNode());
        }

        @Test
        void anotherValueConflictsAnEqualOneIsIdentical() {
            assertEquals(List.of("serviceAccountName"), merge(serviceAccount, "serviceAccountName: runner",
                    "spec: {serviceAccountName: builder, containers: [" + APP + "]}").conflicts());
            assertTrue(merge(serviceAccount, "serviceAccountName: runner",
                    "spec: {serviceAccountName: runner, containers: [" + APP + "]}").patch().isEmpty());
        }

        @Test
        void presetAskingForDefaultIsIdenticalToDefault() {
            assertTrue(merge(serviceAccount, "serviceAccountName: default",
                    "spec: {serviceAccountName: default, serviceAccount: default, containers: [" + APP + "]}").patch().isEmpty());
        }

        @Test
        void falseIsAValueNotAnAbsence() {
            MergeRule<?> automount = rule("automountServiceAccountToken: true");
            assertEquals(List.of("automountServiceAccountToken"), merge(automount, "automountServiceAccountToken: true",
                    "spec: {automountServiceAccountToken: false, containers: [" + APP + "]}").conflicts());
            Merged set = merge(automount, "automountServiceAccountToken: false", "spec: {containers: [" + APP + "]}");
            assertEquals(false, set.pod().at("/spec/automountServiceAccountToken").booleanValue());
        }

        @Test
        void anEmptyRuntimeClassCountsAsNone() {
            Merged m = merge(rule("runtimeClassName: rc"), "runtimeClassName: gvisor",
                    "spec: {runtimeClassName: '', containers: [" + APP + "]}");
            assertEquals("gvisor", m.pod().at("/spec/runtimeClassName").asText());
        }
    }

    @Nested
    class Mounts {
        private final MergeRule<?> mounts = rule("volumeMounts: [{name: v, mountPath: /v}]");

        @Test
        void nameAndPathAreSeparateKeys() {
            String pod = "spec: {containers: [{name: app, image: nginx, volumeMounts: [{name: etc, mountPath: /etc}]}]}";
            assertEquals(List.of("volumeMount \"etc\" in container \"app\""),
                    merge(mounts, "volumeMounts: [{name: etc, mountPath: /things}]", pod).conflicts());
            assertEquals(List.of("mount path \"/etc\" in container \"app\""),
                    merge(mounts, "volumeMounts: [{name: things, mountPath: /etc}]", pod).conflicts());
            assertTrue(merge(mounts, "volumeMounts: [{name: etc, mountPath: /etc, readOnly: false}]", pod).patch().isEmpty());
        }
    }

    @Nested
    class Containers {
        private final MergeRule<?> sidecars = rule("sidecars: [{name: s, image: busybox}]");

        @Test
        void limitsOnlyEqualsThePodsCopyWithRequestsFromLimits() {
            Merged m = merge(sidecars, "sidecars: [{name: s, image: 'busybox:1.36', resources: {limits: {cpu: '0.05'}}}]",
                    "spec: {containers: [" + APP + ", {name: s, image: 'busybox:1.36', imagePullPolicy: IfNotPresent,"
                            + " terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File,"
                            + " resources: {limits: {cpu: 50m}, requests: {cpu: 50m}}}]}");
            assertEquals(List.of(), m.conflicts());
            assertTrue(m.patch().isEmpty());
        }

        @Test
        void injectedContainersCarryTheDefaults() {
            Merged m = merge(sidecars, "sidecars: [{name: s, image: busybox, resources: {limits: {memory: 1Gi}}}]",
                    "spec: {containers: [" + APP + "]}");
            JsonNode injected = m.pod().at("/spec/containers/1");
            assertEquals("Always", injected.path("imagePullPolicy").asText());
            assertEquals("1Gi", injected.at("/resources/requests/memory").asText());
        }

        @Test
        void hostNetworkPodsGetHostPorts() {
            String preset = "sidecars: [{name: s, image: 'busybox:1.36', ports: [{containerPort: 9100}]}]";
            String copy = "{name: s, image: 'busybox:1.36', imagePullPolicy: IfNotPresent, terminationMessagePath: /dev/termination-log,"
                    + " terminationMessagePolicy: File, ports: [{containerPort: 9100, hostPort: 9100, protocol: TCP}]}";
            assertEquals(List.of(), merge(sidecars, preset,
                    "spec: {hostNetwork: true, containers: [" + APP + ", " + copy + "]}").conflicts());
            assertEquals(List.of("container \"s\""), merge(sidecars, preset,
                    "spec: {containers: [" + APP + ", " + copy + "]}").conflicts());
        }

        @Test
        void aMountOfAVolumeThePodLacksConflicts() {
            Merged m = merge(sidecars, "sidecars: [{name: s, image: busybox, volumeMounts: [{name: shared, mountPath: /s}]}]",
                    "spec: {containers: [" + APP + "]}");
            assertEquals(List.of("container \"s\" mounts volume \"shared\" that the pod does not have"), m.conflicts());
            assertTrue(m.patch().isEmpty());
        }
    }

    @Nested
    class NodeAffinity {
        private static final String PRESET = "nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
                + " {nodeSelectorTerms: [{matchExpressions: [{key: gpu, operator: Exists}]}]},"
                + " preferredDuringSchedulingIgnoredDuringExecution: [{weight: 5, preference: {matchExpressions: [{key: zone, operator: In, values: [a]}]}}]}";
        private final MergeRule<?> affinity = rule(PRESET);

        @Test
        void aPodWithoutAffinityGetsEachMissingParentThenTheTerm() {
            Merged m = merge(affinity, PRESET, "spec: {containers: [" + APP + "]}");
            List<String> paths = new ArrayList<>();
            m.patch().forEach(op -> paths.add(op.path("path").asText()));
            String terms = NodeAffinityRule.REQUIRED_TERMS;
            assertEquals(List.of("/spec/affinity", NodeAffinityRule.NODE_AFFINITY,
                    NodeAffinityRule.NODE_AFFINITY + "/requiredDuringSchedulingIgnoredDuringExecution", terms, terms + "/0",
                    terms + "/0/matchExpressions", NodeAffinityRule.PREFERRED), paths);
            assertEquals("gpu", m.pod().at(terms + "/0/matchExpressions/0/key").asText());
        }

        @Test
        void everyTermGetsTheExpressionOnceAndOtherAffinityStays() {
            Merged m = merge(affinity, PRESET, "spec: {containers: [" + APP + "], affinity: {podAffinity: {x: y}, nodeAffinity: {"
                    + "requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: ["
                    + "{matchExpressions: [{key: a, operator: Exists}]}, {matchExpressions: [{key: gpu, operator: Exists}]},"
                    + " {matchFields: [{key: metadata.name, operator: In, values: [n]}]}]},"
                    + " preferredDuringSchedulingIgnoredDuringExecution: [{weight: 5, preference: {matchExpressions: [{key: zone, operator: In, values: [a]}]}}]}}}");
            JsonNode terms = m.pod().at(NodeAffinityRule.REQUIRED_TERMS);
            assertEquals(2, terms.at("/0/matchExpressions").size());
            assertEquals(1, terms.at("/1/matchExpressions").size());
            assertEquals("gpu", terms.at("/2/matchExpressions/0/key").asText());
            assertEquals(1, m.pod().at(NodeAffinityRule.PREFERRED).size());
            assertEquals("y", m.pod().at("/spec/affinity/podAffinity/x").asText());
            assertEquals(List.of(), m.conflicts());
        }
    }

    @Test
    void rollbackUndoesEveryRuleOfThePreset() {
        ObjectNode pod = (ObjectNode) yaml("spec: {containers: [{name: app, image: nginx, env: [{name: B, value: pod}]}]}");
        PodPresetSpec spec = YAML.convertValue(yaml("labels: {a: b}\nserviceAccountName: sa\nenv: [{name: A, value: x}, {name: B, value: preset}]"),
                PodPresetSpec.class);
        PodDraft draft = new PodDraft(pod, Set.of(), IgnoredContainers.DEFAULT);
        Merge merge = new Merge(draft, NamespaceMetadata.unknown("default"));
        for (MergeRule<?> rule : MergeRules.ALL) {
            MergeRule.Prepared<?> field = rule.prepared(spec, SpecJson.of(spec));
            if (field != null && rule.scope() == MergeRule.Scope.POD) {
                field.merge(draft, merge);
            } else if (field != null) {
                draft.ownContainers().forEach(c -> field.merge(c, merge));
            }
        }
        assertEquals(List.of("env \"B\" in container \"app\""), merge.conflicts);
        merge.tx.rollback();
        assertTrue(draft.patch().isEmpty());
        assertNull(draft.scalar("/spec/serviceAccountName").get());
    }
}
