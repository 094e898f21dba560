package dev.podpreset.cli;

import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.AuditOutcome;
import dev.podpreset.injection.InjectionResult;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.SkippedPreset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code explain} found, one entry per manifest in input order (structured, so that other formats
 * can be written from it), and its text: per pod, whether the webhook is called for it, what the engine
 * decided and why; per other manifest, that it is passed through. For example
 *
 * <pre>
 * pod.yaml document 1: Pod team-a/web
 *   namespace: team-a (labels: kubernetes.io/metadata.name=team-a, tier=production)
 *   outcome: injected
 *   matched: ClusterPodPreset pod-identity, PodPreset team-a/allow-database
 *   applied: ClusterPodPreset pod-identity
 *   skipped: PodPreset team-a/allow-database
 *     conflict: env "DB_PORT" in container "web"
 *   audit: ClusterPodPreset tracing: would apply
 *   description: ClusterPodPreset pod-identity: the pod's cloud identity, for every team
 *
 * pod.yaml document 2: Service team-a/web
 *   outcome: passed through: no pod or pod template
 * </pre>
 */
final class ExplainReport {
    /** One manifest of the report. */
    sealed interface Entry permits PodEntry, PassedThroughEntry {
    }

    /** A pod or pod template, with the labels its namespace had for the decision. */
    record PodEntry(String where, PodTemplateInjector.Injection injection, Map<String, String> namespaceLabels)
            implements Entry {
    }

    /** A manifest without a pod. */
    record PassedThroughEntry(String where, String title) implements Entry {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** The report of a preview: its manifests in input order. */
    static ExplainReport of(Preview preview) {
        ExplainReport report = new ExplainReport();
        for (Preview.Subject subject : preview.subjects()) {
            if (subject instanceof Preview.Pod pod) {
                report.entries.add(new PodEntry(pod.where(), pod.injection(),
                        preview.snapshot().namespaceLabels(pod.injection().namespace())));
            } else if (subject instanceof Preview.PassedThrough other) {
                report.entries.add(new PassedThroughEntry(other.where(), other.title()));
            }
        }
        return report;
    }

    List<Entry> entries() {
        return entries;
    }

    /** Nothing to report: the input has no manifest. */
    boolean isEmpty() {
        return entries.isEmpty();
    }

    String text() {
        StringBuilder text = new StringBuilder();
        for (Entry entry : entries) {
            if (text.length() > 0) {
                text.append('\n');
            }
            if (entry instanceof PodEntry pod) {
                pod(text, pod);
            } else if (entry instanceof PassedThroughEntry other) {
                text.append(other.where()).append(": ").append(other.title())
                        .append("\n  outcome: passed through: no pod or pod template\n");
            }
        }
        return text.toString();
    }

    private static void pod(StringBuilder text, PodEntry entry) {
        PodTemplateInjector.Injection injection = entry.injection();
        text.append(entry.where()).append(": ").append(injection.title());
        if (!injection.template().isEmpty()) {
            text.append(", pod template ").append(injection.template());
        }
        text.append('\n');
        text.append("  namespace: ").append(injection.namespace()).append(' ')
                .append(describeLabels(entry.namespaceLabels())).append('\n');
        if (!injection.complete()) {
            text.append("  not evaluated: ").append(String.join(", ", injection.evaluation().unevaluated())).append('\n')
                    .append("    why: ").append(injection.evaluation().why()).append('\n');
        }
        InjectionResult result = injection.result();
        if (result == null) {
            text.append("  outcome: not injected: the webhook is not called for this pod\n")
                    .append("    why: ").append(injection.scope().reason()).append('\n');
            return;
        }
        text.append("  outcome: ").append(outcome(result)).append('\n');
        switch (result.outcome()) {
            case EXCLUDED, MIRROR, NO_MATCH -> {
                return;
            }
            default -> {
            }
        }
        text.append("  matched: ").append(names(result.matched())).append('\n');
        if (result.rejection() == null) {
            text.append("  applied: ").append(names(result.applied())).append('\n');
        }
        for (SkippedPreset skipped : result.skipped()) {
            text.append("  skipped: ").append(skipped.preset().displayName()).append('\n');
            conflicts(text, skipped);
        }
        for (AuditOutcome audit : result.audited()) {
            text.append("  audit: ").append(audit.preset().displayName())
                    .append(audit.wouldApply() ? ": would apply\n" : ": would conflict\n");
            if (!audit.wouldApply()) {
                conflicts(text, audit.conflict());
            }
        }
        List<PreparedPreset> selecting = new ArrayList<>(result.matched());
        result.audited().forEach(a -> selecting.add(a.preset()));
        for (PreparedPreset preset : selecting) {
            if (preset.description() != null && !preset.description().isBlank()) {
                text.append("  description: ").append(preset.displayName()).append(": ").append(preset.description())
                        .append('\n');
            }
        }
    }

    /** One line per key in conflict, and one per value the namespace lacks. */
    private static void conflicts(StringBuilder text, SkippedPreset skipped) {
        for (String conflict : skipped.conflicts()) {
            text.append("    conflict: ").append(conflict).append('\n');
        }
        for (String unresolved : skipped.unresolved()) {
            text.append("    conflict: ").append(unresolved).append('\n');
        }
    }

    private static String outcome(InjectionResult result) {
        return switch (result.outcome()) {
            case INJECTED -> result.applied().isEmpty() && result.skipped().isEmpty() && !result.audited().isEmpty()
                    ? "audit only (the pod is unchanged but for the audit annotations)" : "injected";
            case UNCHANGED -> result.skipped().isEmpty()
                    ? "unchanged (the pod already has everything the matching presets carry)"
                    : "unchanged (nothing to add; see the skipped presets)";
            case EXCLUDED -> "excluded (annotation " + AnnotationKeys.EXCLUDE + " or "
                    + AnnotationKeys.LEGACY_EXCLUDE + " is \"true\")";
            case MIRROR -> "not injected: mirror pod (annotation " + AnnotationKeys.MIRROR + ")";
            case NO_MATCH -> "no match (no preset selects the pod in this namespace)";
            case REJECTED -> "rejected: " + result.rejection();
        };
    }

    static String describeLabels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "(no Namespace object among the presets or manifests: no labels)";
        }
        StringBuilder out = new StringBuilder("(labels: ");
        new TreeMap<>(labels).forEach((k, v) -> out.append(out.length() > 9 ? ", " : "").append(k).append('=').append(v));
        return out.append(')').toString();
    }

    private static String names(List<PreparedPreset> presets) {
        if (presets.isEmpty()) {
            return "none";
        }
        return String.join(", ", presets.stream().map(PreparedPreset::displayName).toList());
    }
}
