package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.injection.ApiDefaults;
import dev.podpreset.injection.InjectionEngine;
import dev.podpreset.injection.LabelSelectorMatcher;
import dev.podpreset.scope.LabelSelectorText;
import dev.podpreset.injection.InjectionResult;
import dev.podpreset.injection.Outcome;
import dev.podpreset.injection.PodShape;
import dev.podpreset.injection.TemplatePod;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.scope.WebhookScope;
import io.fabric8.zjsonpatch.JsonPatch;

import java.util.Map;

/**
 * Decides whether the API server would call the webhook for the pod of one manifest ({@link WebhookScope}),
 * and if so runs the admission engine on it of one manifest and applies its JSON patch, exactly as the API
 * server would apply the webhook's answer. A pod template is injected through a pod view
 * {@code {apiVersion: v1, kind: Pod, metadata: template.metadata + namespace, spec: template.spec}};
 * the patched metadata (without the added namespace) and spec go back into the template.
 */
final class PodTemplateInjector {

    /**
     * @param manifest  the manifest after injection (the input itself when nothing changed)
     * @param title     e.g. {@code Deployment team-a/web}
     * @param template  the template's field path, empty for a Pod
     * @param namespace the namespace the pod was injected for
     * @param scope     whether the webhook is called for the pod, and why
     * @param result    the engine's answer; null when the webhook is not called
     */
    record Injection(JsonNode manifest, String title, String template, String namespace, WebhookScope.Decision scope,
                     InjectionResult result, LoadedPresets.Evaluation evaluation) {
        /** What could not be evaluated for this pod (the namespace's labels are unknown), and why. */
        boolean complete() {
            return evaluation.complete();
        }

        boolean rejected() {
            return result != null && result.outcome() == Outcome.REJECTED;
        }

        boolean skipsPresets() {
            return result != null && !result.skipped().isEmpty();
        }
    }

    private PodTemplateInjector() {
    }

    /** Null when the manifest is not a pod or workload; throws for a malformed one, naming {@code where}. */
    static Injection inject(JsonNode manifest, String where, String defaultNamespace, LoadedPresets presets,
                            WebhookSetup webhook) throws MalformedManifestException {
        PresetSnapshot snapshot = presets.snapshot();
        if (WorkloadTemplates.find(manifest) == null) {
            return null;
        }
        String namespace = manifest.path("metadata").path("namespace").asText("");
        if (namespace.isEmpty()) {
            namespace = defaultNamespace;
        }
        String title = title(manifest, namespace);
        String prefix = where + " (" + title + "): ";
        JsonNode metadata = manifest.path("metadata");
        if (!metadata.isMissingNode() && !metadata.isNull() && !metadata.isObject()) {
            throw new MalformedManifestException(prefix + "metadata: expected an object");
        }

        ObjectNode result = manifest.deepCopy();
        WorkloadTemplates.PodTemplate place = WorkloadTemplates.find(result);
        if (place.problem() != null) {
            throw new MalformedManifestException(prefix + place.problem());
        }
        String fieldPrefix = place.isPod() ? "" : place.path() + ".";
        ObjectNode template = place.template();
        ObjectNode pod;
        boolean addedNamespace = false;
        if (place.isPod()) {
            pod = template;
        } else {
            if (!template.path("spec").isObject()) {
                throw new MalformedManifestException(prefix + fieldPrefix + "spec: "
                        + (template.path("spec").isMissingNode() ? "Required value" : "expected an object"));
            }
            TemplatePod view = TemplatePod.of(template, namespace);
            pod = view.pod();
            addedNamespace = view.addedNamespace();
        }
        String shapeProblem = PodShape.problem(pod);
        if (shapeProblem != null) {
            throw new MalformedManifestException(prefix + fieldPrefix + shapeProblem);
        }

        LoadedPresets.Evaluation evaluation = presets.evaluation(namespace);
        WebhookScope.Decision decision = decide(webhook.scope(), namespace, snapshot.namespaceLabels(namespace),
                InjectionEngine.podLabels(pod), evaluation);
        if (!decision.called()) {
            return new Injection(manifest, title, place.path(), namespace, decision, null, evaluation);
        }
        // The webhook sees the pod as the API server stored it: defaulted. The output keeps the manifest as
        // written and adds the presets' entries as written (WrittenPresets), so it carries no default.
        ObjectNode stored = pod.deepCopy();
        ApiDefaults.pod(stored);
        InjectionResult injection = evaluation.presets().inject(stored, namespace, webhook.ignored());
        if (injection.outcome() == Outcome.REJECTED || !injection.changesPod()) {
            return new Injection(manifest, title, place.path(), namespace, decision, injection, evaluation);
        }
        JsonNode patched = JsonPatch.apply(presets.written().asWritten(injection.patch(), injection.applied()), pod);
        if (place.isPod()) {
            return new Injection(patched, title, place.path(), namespace, decision, injection, evaluation);
        }
        ObjectNode patchedMetadata = (ObjectNode) patched.get("metadata");
        if (addedNamespace) {
            patchedMetadata.remove("namespace");
        }
        if (!template.has("metadata")) {
            // Keep the usual order, metadata before spec, when the injection adds the template's metadata.
            ObjectNode rest = template.deepCopy();
            template.removeAll();
            template.set("metadata", patchedMetadata);
            template.setAll(rest);
        }
        template.set("metadata", patchedMetadata);
        template.set("spec", patched.get("spec"));
        return new Injection(result, title, place.path(), namespace, decision, injection, evaluation);
    }

    /**
     * The webhook's scope decision. When the namespace's labels are unknown, a pod the namespaceSelector
     * might select is taken as selected (the evaluation says it is not known): never a wrong "not called".
     */
    static WebhookScope.Decision decide(WebhookScope scope, String namespace, Map<String, String> namespaceLabels,
                                        Map<String, String> podLabels, LoadedPresets.Evaluation evaluation) {
        WebhookScope.Decision decision = scope.decide(namespace, namespaceLabels, podLabels);
        if (decision.called() || evaluation.complete() || scope.excludedNamespaces().contains(namespace)
                || !LabelSelectorMatcher.of(scope.objectSelector()).matches(podLabels)) {
            return decision;
        }
        return new WebhookScope.Decision(true, "assumed: whether namespace " + namespace + " matches the webhook's "
                + "namespaceSelector " + LabelSelectorText.format(scope.namespaceSelector()) + " is unknown ("
                + evaluation.why() + ")");
    }

    /** {@code Kind namespace/name}, with {@code generateName*} for a manifest named by the API server. */
    private static String title(JsonNode manifest, String namespace) {
        return manifest.path("kind").asText() + " " + TemplatePod.name(namespace, manifest.path("metadata"));
    }
}
