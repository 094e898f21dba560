package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.OnConflict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies presets to a pod and answers with a JSON patch. Pure: no I/O, no framework; the admission
 * endpoint and the offline CLI both call {@link #inject}.
 *
 * <p>Merge rule. Matching presets apply in a fixed order (ClusterPodPresets by name, then the
 * namespace's PodPresets by name), each atomically to the pod as changed by those before it. Every
 * entry has a key (env, volumes, imagePullSecrets, injected containers: name; envFrom: prefix and
 * source names; volumeMounts: name and, separately, mountPath; nodeSelector: key; tolerations: the
 * whole entry). An entry whose key is new is appended; one equal to the existing entry after API
 * defaults is skipped; one that differs is a conflict, which skips the whole preset (onConflict: Skip)
 * or refuses the pod (onConflict: Reject). Because identical entries are skipped, a second pass over
 * the result changes nothing.
 *
 * <p>Sharing. Injected values are the presets' own prepared JSON, not copies: the patch shares nodes
 * with every other patch of the same preset, so nothing may change them (see {@link InjectionResult#patch}).
 */
public final class InjectionEngine {
    static final Comparator<PreparedPreset> APPLICATION_ORDER =
            Comparator.comparing(PreparedPreset::kind).thenComparing(PreparedPreset::name);

    private InjectionEngine() {
    }

    /**
     * @param pod             the request object, read but never changed
     * @param namespace       the request's namespace (pods from controllers have none in metadata)
     * @param namespaceLabels labels of that namespace; empty if unknown
     * @param podLabels       the pod's labels, as {@link #podLabels} reads them (callers need them to find candidates)
     * @param candidates      presets that may select the pod (a superset is fine), in any order
     */
    public static InjectionResult inject(ObjectNode pod, String namespace, Map<String, String> namespaceLabels,
                                         Map<String, String> podLabels, List<PreparedPreset> candidates) {
        JsonNode annotations = pod.path("metadata").path("annotations");
        if (annotations.has(AnnotationKeys.MIRROR)) {
            return InjectionResult.untouched(Outcome.MIRROR);
        }
        if ("true".equals(annotations.path(AnnotationKeys.EXCLUDE).textValue())
                || "true".equals(annotations.path(AnnotationKeys.LEGACY_EXCLUDE).textValue())) {
            return InjectionResult.untouched(Outcome.EXCLUDED);
        }
        List<PreparedPreset> matched = new ArrayList<>();
        for (PreparedPreset p : candidates) {
            if (p.selects(namespace, namespaceLabels, podLabels)) {
                matched.add(p);
            }
        }
        if (matched.isEmpty()) {
            return InjectionResult.untouched(Outcome.NO_MATCH);
        }
        matched.sort(APPLICATION_ORDER);

        Set<String> injectedNames = new HashSet<>();
        matched.forEach(p -> injectedNames.addAll(p.injectedContainerNames));
        PodDraft draft = new PodDraft(pod, injectedNames);
        List<PreparedPreset> applied = new ArrayList<>();
        List<SkippedPreset> skipped = new ArrayList<>();
        for (PreparedPreset preset : matched) {
            List<String> conflicts = apply(preset, draft);
            if (conflicts.isEmpty()) {
                applied.add(preset);
            } else if (preset.onConflict() == OnConflict.Reject) {
                return InjectionResult.rejected(List.copyOf(matched), skipped, new SkippedPreset(preset, conflicts));
            } else {
                skipped.add(new SkippedPreset(preset, conflicts));
            }
        }
        var patch = draft.patch();
        Outcome outcome = patch.isEmpty() ? Outcome.UNCHANGED : Outcome.INJECTED;
        return new InjectionResult(outcome, List.copyOf(matched), List.copyOf(applied), List.copyOf(skipped), patch, null);
    }

    /** Applies one preset to the draft; on conflict undoes it and returns the conflicting keys. */
    private static List<String> apply(PreparedPreset preset, PodDraft draft) {
        Transaction tx = new Transaction();
        List<String> conflicts = new ArrayList<>();
        for (PreparedPreset.Entry v : preset.volumes) {
            if (conflicts(draft.volumes, MergeKeys.NAME, v, tx)) {
                conflicts.add("volume \"" + v.key() + "\"");
            }
        }
        mergeContainers(preset.initContainers, draft.initContainers, "init container", draft, conflicts, tx);
        mergeContainers(preset.sidecars, draft.containers, "container", draft, conflicts, tx);
        for (PreparedPreset.Entry t : preset.tolerations) {
            if (draft.tolerations.find(MergeKeys.TOLERATION, t.key()) == null) {
                draft.tolerations.add(t.value(), tx);
            }
        }
        preset.nodeSelector.forEach((key, value) -> {
            String existing = draft.nodeSelector.get(key);
            if (existing == null) {
                draft.nodeSelector.put(key, value, tx);
            } else if (!existing.equals(value)) {
                conflicts.add("nodeSelector \"" + key + "\"");
            }
        });
        for (PreparedPreset.Entry s : preset.imagePullSecrets) {
            if (conflicts(draft.imagePullSecrets, MergeKeys.NAME, s, tx)) {
                conflicts.add("imagePullSecret \"" + s.key() + "\"");
            }
        }
        for (PodDraft.OwnContainer c : draft.ownContainers) {
            if (preset.targetContainers != null && !preset.targetContainers.contains(c.name())) {
                continue;
            }
            // Conflict descriptions are built only when there is a conflict: this loop runs for every
            // entry of every matching preset in every container.
            for (PreparedPreset.Entry e : preset.env) {
                if (conflicts(c.env(), MergeKeys.NAME, e, tx)) {
                    conflicts.add("env \"" + e.key() + "\"" + in(c));
                }
            }
            for (PreparedPreset.Entry e : preset.envFrom) {
                if (conflicts(c.envFrom(), MergeKeys.ENV_FROM, e, tx)) {
                    conflicts.add("envFrom " + describeEnvFrom(e.value()) + in(c));
                }
            }
            for (PreparedPreset.Entry m : preset.volumeMounts) {
                mergeMount(c, m, conflicts, tx);
            }
        }
        if (conflicts.isEmpty()) {
            if (!preset.resourceVersion().equals(draft.annotations.get(preset.annotationKey()))) {
                draft.annotations.put(preset.annotationKey(), preset.resourceVersion(), tx);
            }
        } else {
            tx.rollback();
        }
        return conflicts;
    }

    /** Adds the entry when its key is new; true when an entry with its key exists and differs. */
    private static boolean conflicts(ListDraft list, java.util.function.Function<JsonNode, String> key,
                                     PreparedPreset.Entry entry, Transaction tx) {
        JsonNode existing = list.find(key, entry.key());
        if (existing == null) {
            list.add(entry.value(), tx);
            return false;
        }
        return !SemanticJson.equivalent(entry.normalized(), existing);
    }

    private static String in(PodDraft.OwnContainer c) {
        return " in container \"" + c.name() + "\"";
    }

    private static void mergeMount(PodDraft.OwnContainer c, PreparedPreset.Entry m, List<String> conflicts,
                                   Transaction tx) {
        ListDraft mounts = c.volumeMounts();
        JsonNode byName = mounts.find(MergeKeys.NAME, m.key());
        String path = MergeKeys.MOUNT_PATH.apply(m.value());
        JsonNode byPath = mounts.find(MergeKeys.MOUNT_PATH, path);
        boolean clash = false;
        if (byName != null && !SemanticJson.equivalent(m.normalized(), byName)) {
            conflicts.add("volumeMount \"" + m.key() + "\"" + in(c));
            clash = true;
        }
        if (byPath != null && !SemanticJson.equivalent(m.normalized(), byPath)) {
            conflicts.add("mount path \"" + path + "\"" + in(c));
            clash = true;
        }
        if (!clash && byName == null && byPath == null) {
            mounts.add(m.value(), tx);
        }
    }

    private static void mergeContainers(List<PreparedPreset.Entry> entries, ListDraft target, String what,
                                        PodDraft draft, List<String> conflicts, Transaction tx) {
        for (PreparedPreset.Entry c : entries) {
            JsonNode existing = draft.findContainer(c.key());
            if (existing != null) {
                if (!SemanticJson.equivalent(c.normalized(), existing)) {
                    conflicts.add(what + " \"" + c.key() + "\"");
                }
                continue;
            }
            boolean mountsResolve = true;
            for (JsonNode mount : c.value().path("volumeMounts")) {
                String volume = mount.path("name").asText();
                if (draft.volumes.find(MergeKeys.NAME, volume) == null) {
                    conflicts.add(what + " \"" + c.key() + "\" mounts volume \"" + volume + "\" that the pod does not have");
                    mountsResolve = false;
                }
            }
            if (mountsResolve) {
                target.add(c.value(), tx);
            }
        }
    }

    private static String describeEnvFrom(JsonNode e) {
        String source = e.has("configMapRef") ? "configMapRef \"" + e.path("configMapRef").path("name").asText() + "\""
                : "secretRef \"" + e.path("secretRef").path("name").asText() + "\"";
        String prefix = e.path("prefix").asText();
        return prefix.isEmpty() ? source : source + " with prefix \"" + prefix + "\"";
    }

    /** The pod's {@code metadata.labels} as a map; empty when it has none. */
    public static Map<String, String> podLabels(ObjectNode pod) {
        return stringMap(pod.path("metadata").path("labels"));
    }

    private static Map<String, String> stringMap(JsonNode node) {
        if (!node.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
