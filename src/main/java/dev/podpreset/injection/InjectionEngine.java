package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.OnConflict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies presets to a pod and answers with a JSON patch. Pure: no I/O, no framework; the admission
 * endpoint and the offline CLI both call {@link #inject}.
 *
 * <p>Merge rule. Matching presets apply in {@link PreparedPreset#APPLICATION_ORDER}, each atomically to
 * the pod as changed by those before it. Each field merges by its {@link MergeRule} (listed in
 * {@link MergeRules}): an entry whose key is new is added; one equal to the existing entry after API
 * defaults is skipped; one that differs is a conflict, which skips the whole preset (onConflict: Skip,
 * recorded in a skipped annotation) or refuses the pod (onConflict: Reject). Because identical entries
 * are skipped, a second pass over the result changes nothing; a preset whose applied annotation already
 * holds its generation is not looked at again (reinvocation after other webhooks).
 *
 * <p>Sharing. Injected values are the presets' own prepared JSON, not copies: the patch shares nodes
 * with every other patch of the same preset, so nothing may change them (see {@link InjectionResult#patch}).
 */
public final class InjectionEngine {

    private InjectionEngine() {
    }

    /**
     * @param pod             the request object, read but never changed
     * @param namespace       the request's namespace (pods from controllers have none in metadata): its name, and its
     *                        labels and annotations (none if unknown)
     * @param podLabels       the pod's labels, as {@link #podLabels} reads them (callers need them to find candidates)
     * @param candidates      presets that may select the pod (a superset is fine), in any order
     * @param ignored         the configured containers that receive nothing unless targeted (the pod's annotation adds to them)
     */
    public static InjectionResult inject(ObjectNode pod, NamespaceMetadata namespace, Map<String, String> podLabels,
                                         List<PreparedPreset> candidates, IgnoredContainers ignored) {
        JsonNode annotations = pod.path("metadata").path("annotations");
        Outcome optOut = optOut(key -> {
            JsonNode value = annotations.get(key);
            return value == null ? null : value.isTextual() ? value.textValue() : "";
        });
        if (optOut != null) {
            return InjectionResult.untouched(optOut);
        }
        List<PreparedPreset> matched = new ArrayList<>();
        for (PreparedPreset p : candidates) {
            if (p.selects(namespace.name(), namespace.labels(), podLabels)) {
                matched.add(p);
            }
        }
        if (matched.isEmpty()) {
            return InjectionResult.untouched(Outcome.NO_MATCH);
        }
        matched.sort(PreparedPreset.APPLICATION_ORDER);

        Set<Object> injectedNames = new HashSet<>();
        matched.forEach(p -> injectedNames.addAll(p.injectedContainerNames));
        PodDraft draft = new PodDraft(pod, injectedNames, ignored.forPod(annotations));
        MapDraft podAnnotations = draft.map(PodDraft.ANNOTATIONS);
        List<PreparedPreset> applied = new ArrayList<>();
        List<SkippedPreset> skipped = new ArrayList<>();
        for (PreparedPreset preset : matched) {
            if (preset.generation().equals(podAnnotations.get(preset.annotationKey()))) {
                applied.add(preset); // applied at this generation by an earlier pass
                continue;
            }
            List<String> conflicts = apply(preset, draft, podAnnotations);
            if (conflicts.isEmpty()) {
                applied.add(preset);
                continue;
            }
            SkippedPreset skip = new SkippedPreset(preset, conflicts);
            if (preset.onConflict() == OnConflict.Reject) {
                return InjectionResult.rejected(List.copyOf(matched), skipped, skip);
            }
            skipped.add(skip);
            recordSkipped(skip, podAnnotations);
        }
        var patch = draft.patch();
        Outcome outcome = patch.isEmpty() ? Outcome.UNCHANGED : Outcome.INJECTED;
        return new InjectionResult(outcome, List.copyOf(matched), List.copyOf(applied), List.copyOf(skipped), patch, null);
    }

    /**
     * Whether a pod is left alone whatever the presets say, and why: {@link Outcome#MIRROR} for a static pod's
     * mirror (the key is present, whatever its value), {@link Outcome#EXCLUDED} for an exclude annotation (ours or
     * the legacy key) set to {@code "true"}; null when the presets decide.
     *
     * @param annotation the value of the pod's annotation of a key: null when absent, empty when not text
     */
    public static Outcome optOut(Function<String, String> annotation) {
        if (annotation.apply(AnnotationKeys.MIRROR) != null) {
            return Outcome.MIRROR;
        }
        if ("true".equals(annotation.apply(AnnotationKeys.EXCLUDE))
                || "true".equals(annotation.apply(AnnotationKeys.LEGACY_EXCLUDE))) {
            return Outcome.EXCLUDED;
        }
        return null;
    }

    /** Applies one preset to the draft; on conflict undoes it and returns the conflicts. */
    private static List<String> apply(PreparedPreset preset, PodDraft draft, MapDraft podAnnotations) {
        Merge merge = new Merge(draft);
        for (MergeRule.Prepared<?> field : preset.podFields) {
            field.merge(draft, merge);
        }
        if (!preset.containerFields.isEmpty()) {
            for (OwnContainer c : draft.ownContainers()) {
                if (preset.targets(c)) {
                    for (MergeRule.Prepared<?> field : preset.containerFields) {
                        field.merge(c, merge);
                    }
                }
            }
        }
        if (merge.conflicts.isEmpty()) {
            podAnnotations.put(preset.annotationKey(), preset.generation(), merge.tx);
        } else {
            merge.tx.rollback();
        }
        return merge.conflicts;
    }

    /**
     * Writes the skipped annotation, unless the pod already records a skip at this generation: a later
     * pass may find more conflicts (with presets applied after this one), and must change nothing.
     */
    private static void recordSkipped(SkippedPreset skip, MapDraft podAnnotations) {
        PreparedPreset preset = skip.preset();
        String existing = podAnnotations.get(preset.skippedAnnotationKey());
        if (existing != null && AnnotationValues.Skipped.parse(existing).at(preset.generation())) {
            return;
        }
        podAnnotations.put(preset.skippedAnnotationKey(),
                new AnnotationValues.Skipped(preset.generation(), skip.conflict()).value(), new Transaction());
    }

    /** The pod's {@code metadata.labels} as a map; empty when it has none. */
    public static Map<String, String> podLabels(ObjectNode pod) {
        JsonNode node = pod.path("metadata").path("labels");
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
