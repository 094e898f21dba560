package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.PresetMode;
import dev.podpreset.api.NamespaceFieldPath;
import dev.podpreset.drift.PodPresetState;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.AnnotationValues;
import dev.podpreset.injection.InjectionEngine;
import dev.podpreset.injection.InjectionResult;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.NamespaceValueDrift;
import dev.podpreset.injection.Outcome;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.scope.WebhookScope;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code explain pod NAME --cluster}: a running pod against the presets that select it now. The engine
 * says which presets select the pod (and whether it is excluded); {@link PodPresetState}, the same code
 * the controller counts with, says where the pod stands with each. For example
 *
 * <pre>
 * Pod team-a/web
 *   namespace: team-a (labels: kubernetes.io/metadata.name=team-a, podpreset.dev/injection=enabled)
 *   webhook: called for this pod (namespace team-a matches ...)
 *   ClusterPodPreset pod-identity (generation 3): current
 *   PodPreset team-a/db (generation 5): stale: admitted at generation 4 (applied)
 *   ClusterPodPreset tracing (generation 2, audit): would apply: recorded at admission; the pod is unchanged (audit)
 *   ClusterPodPreset team-values (generation 1): current: carries it at the current generation
 *     env "TEAM" in container "app": "payments" from the namespace at admission, but the namespace's label "team"
 *     gives "billing" now: recreate the pod to get it
 * </pre>
 */
final class LivePodReport {
    private LivePodReport() {
    }

    static String of(ObjectNode pod, String namespace, LoadedPresets presets, WebhookSetup webhook) {
        Map<String, String> namespaceLabels = presets.snapshot().namespaceLabels(namespace);
        LoadedPresets.Evaluation evaluation = presets.evaluation(namespace);
        StringBuilder out = new StringBuilder("Pod ").append(namespace).append('/')
                .append(pod.path("metadata").path("name").asText()).append('\n');
        out.append("  namespace: ").append(namespace).append(' ').append(evaluation.complete()
                ? ExplainReport.describeLabels(namespaceLabels) : "(labels unknown: " + evaluation.why() + ")").append('\n');
        WebhookScope.Decision decision = PodTemplateInjector.decide(webhook.scope(), namespace, namespaceLabels,
                InjectionEngine.podLabels(pod), evaluation);
        out.append("  webhook: ").append(decision.called() ? "called for this pod: " : "not called for this pod: ")
                .append(decision.reason()).append('\n');
        if (!evaluation.complete()) {
            out.append("  not evaluated: ").append(String.join(", ", evaluation.unevaluated())).append('\n');
        }
        InjectionResult result = evaluation.presets().inject(pod, namespace, webhook.ignored());
        if (result.outcome() == Outcome.EXCLUDED || result.outcome() == Outcome.MIRROR) {
            out.append("  presets: none apply, the pod is ")
                    .append(result.outcome() == Outcome.MIRROR ? "a mirror pod" : "excluded by annotation").append('\n');
            return out.toString();
        }
        if (result.matched().isEmpty() && result.audited().isEmpty()) {
            out.append("  presets: none selects this pod now\n");
            return out.toString();
        }
        Map<String, String> annotations = annotations(pod);
        List<PreparedPreset> selecting = new ArrayList<>(result.matched());
        result.audited().forEach(a -> selecting.add(a.preset()));
        NamespaceMetadata namespaceNow = evaluation.presets().namespace(namespace);
        for (PreparedPreset preset : selecting) {
            PodPresetState state = PodPresetState.of(preset, annotations);
            out.append("  ").append(preset.displayName()).append(" (generation ").append(preset.generation())
                    .append(preset.mode() == PresetMode.Audit ? ", audit" : "").append("): ")
                    .append(describe(state, preset, annotations)).append('\n');
            if (state == PodPresetState.CURRENT) {
                for (NamespaceValueDrift.Difference d : NamespaceValueDrift.of(preset, pod, namespaceNow, webhook.ignored())) {
                    out.append("    ").append(describe(d)).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** A value from the namespace that the namespace no longer gives. */
    private static String describe(NamespaceValueDrift.Difference d) {
        String source = d.path().source() == NamespaceFieldPath.Source.NAME ? "the namespace's name"
                : "the namespace's " + d.path().source().word() + " \"" + d.path().key() + "\"";
        return "env \"" + d.variable() + "\" in container \"" + d.container() + "\": \"" + d.admitted()
                + "\" from the namespace at admission, but " + source + (d.now() == null
                ? " is not set now (and the variable has no default): a new pod would skip the preset"
                : " gives \"" + d.now() + "\" now: recreate the pod to get it");
    }

    private static String describe(PodPresetState state, PreparedPreset preset, Map<String, String> annotations) {
        String applied = annotations.get(AnnotationKeys.applied(preset.kind(), preset.name()));
        String value = annotations.get(AnnotationKeys.skipped(preset.kind(), preset.name()));
        AnnotationValues.Skipped skipped = value == null ? null : AnnotationValues.Skipped.parse(value);
        return switch (state) {
            case CURRENT -> "current: carries it at the current generation";
            case CONFLICTING -> "conflicting: skipped at admission on " + skipped.conflict();
            case STALE -> applied != null
                    ? "stale: applied at generation " + shown(applied) + "; recreate the pod to get the current one"
                    : "stale: skipped at generation " + shown(skipped.generation()) + " on " + skipped.conflict();
            case MISSING -> preset.mode() == PresetMode.Audit
                    ? "missing: no outcome recorded at admission for the current generation (the webhook was not "
                    + "called, or this generation, the preset or the namespace's opt-in came after the pod)"
                    : "missing: not applied at admission (the webhook was not called, or the preset or the "
                    + "namespace's opt-in came after the pod)";
            case WOULD_APPLY -> "would apply: recorded at admission; the pod is unchanged (audit)";
            case WOULD_CONFLICT -> "would conflict: recorded at admission on "
                    + AnnotationValues.Audit.parse(annotations.get(preset.auditAnnotationKey())).conflict()
                    + "; the pod is unchanged (audit)";
        };
    }

    private static String shown(String generation) {
        return generation.isEmpty() ? "(none)" : generation;
    }

    private static Map<String, String> annotations(JsonNode pod) {
        Map<String, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = pod.path("metadata").path("annotations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
