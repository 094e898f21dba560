package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.OnConflict;
import dev.podpreset.api.PresetMode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

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
        List<PreparedPreset> audited = new ArrayList<>();
        for (PreparedPreset p : candidates) {
            if (p.selects(namespace.name(), namespace.labels(), podLabels)) {
                (p.mode() == PresetMode.Audit ? audited : matched).add(p);
            }
        }
        if (matched.isEmpty() && audited.isEmpty()) {
            return InjectionResult.untouched(Outcome.NO_MATCH);
        }
        matched.sort(PreparedPreset.APPLICATION_ORDER);
        audited.sort(PreparedPreset.APPLICATION_ORDER);

        PodDraft draft = new PodDraft(pod, injectedNames(matched), ignored.forPod(annotations));
        MapDraft podAnnotations = draft.map(PodDraft.ANNOTATIONS);
        List<PreparedPreset> applied = new ArrayList<>();
        List<SkippedPreset> skipped = new ArrayList<>();
        for (PreparedPreset preset : matched) {
            SkippedPreset skip = applyUnlessApplied(preset, draft, podAnnotations, c -> true, new Merge(draft, namespace));
            if (skip == null) {
                applied.add(preset);
                continue;
            }
            if (preset.onConflict() == OnConflict.Reject) {
                return InjectionResult.rejected(List.copyOf(matched), skipped, skip);
            }
            skipped.add(skip);
            record(preset.skippedAnnotationKey(), preset.generation(),
                    new AnnotationValues.Skipped(preset.generation(), skip.conflict()).value(), podAnnotations);
        }
        List<AuditOutcome> audit = audit(audited, draft, podAnnotations, namespace);
        var patch = draft.patch();
        Outcome outcome = patch.isEmpty() ? Outcome.UNCHANGED : Outcome.INJECTED;
        return new InjectionResult(outcome, List.copyOf(matched), List.copyOf(applied), List.copyOf(skipped), audit,
                patch, null);
    }

    private static Set<Object> injectedNames(List<PreparedPreset> presets) {
        Set<Object> names = new HashSet<>();
        presets.forEach(p -> names.addAll(p.injectedContainerNames));
        return names;
    }

    /**
     * The audit presets' outcomes, each as it would be if every audit preset were enforced, in application
     * order, on top of the enforced result (whose draft is left as it was found). Only the audit annotations
     * remain, each written unless the pod records an outcome at the preset's generation already.
     */
    private static List<AuditOutcome> audit(List<PreparedPreset> presets, PodDraft draft, MapDraft podAnnotations,
                                            NamespaceMetadata namespace) {
        if (presets.isEmpty()) {
            return List.of();
        }
        // Enforced, these presets' containers would not be own containers of the pod either.
        Set<Object> injectedByAudit = injectedNames(presets);
        Predicate<OwnContainer> own = c -> !injectedByAudit.contains(c.name());
        Transaction hypothetical = new Transaction();
        List<AuditOutcome> outcomes = new ArrayList<>(presets.size());
        for (PreparedPreset preset : presets) {
            Merge merge = new Merge(draft, namespace);
            SkippedPreset conflict = applyUnlessApplied(preset, draft, podAnnotations, own, merge);
            hypothetical.adopt(merge.tx);
            outcomes.add(new AuditOutcome(preset, conflict));
        }
        hypothetical.rollback();
        for (AuditOutcome o : outcomes) {
            record(o.preset().auditAnnotationKey(), o.preset().generation(), o.annotation().value(), podAnnotations);
        }
        return List.copyOf(outcomes);
    }

    /**
     * Applies one preset to the draft, unless the pod records it applied at this generation (by an earlier pass);
     * on conflict undoes it and returns why, else returns null and leaves what it did in {@code merge}'s undo log.
     *
     * @param own which of the pod's own containers count as such
     */
    private static SkippedPreset applyUnlessApplied(PreparedPreset preset, PodDraft draft, MapDraft podAnnotations,
                                                    Predicate<OwnContainer> own, Merge merge) {
        if (preset.generation().equals(podAnnotations.get(preset.annotationKey()))) {
            return null;
        }
        for (MergeRule.Prepared<?> field : preset.podFields) {
            field.merge(draft, merge);
        }
        if (!preset.containerFields.isEmpty()) {
            for (OwnContainer c : draft.ownContainers()) {
                if (own.test(c) && preset.targets(c)) {
                    for (MergeRule.Prepared<?> field : preset.containerFields) {
                        field.merge(c, merge);
                    }
                }
            }
        }
        if (!merge.failed()) {
            podAnnotations.put(preset.annotationKey(), preset.generation(), merge.tx);
            return null;
        }
        merge.tx.rollback();
        return new SkippedPreset(preset, merge.conflicts, List.copyOf(merge.unresolved));
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

    /**
     * Writes {@code value} (a skipped or audit annotation's) under {@code key}, unless the pod already records
     * something there at this generation: a later pass may find more conflicts (with presets applied after this
     * one), and must change nothing.
     */
    private static void record(String key, String generation, String value, MapDraft podAnnotations) {
        String existing = podAnnotations.get(key);
        if (existing != null && AnnotationValues.generationOf(existing).equals(generation)) {
            return;
        }
        podAnnotations.put(key, value, new Transaction());
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
