package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.OnConflict;
import dev.podpreset.config.InjectorConfig;
import dev.podpreset.http.BodyBytes;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.AuditOutcome;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.injection.InjectionResult;
import dev.podpreset.injection.Outcome;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.SkippedPreset;
import dev.podpreset.injection.TemplatePod;
import dev.podpreset.sources.PresetRegistry;
import dev.podpreset.presets.PresetSnapshot;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers {@code /mutate}: runs the engine on pod CREATE requests against the current presets and
 * allows everything else untouched. Makes no API call; dry-run requests are answered the same way
 * (they only record no events). Skipped presets are reported as a warning (kubectl shows it to whoever
 * created the pod), an audit annotation, a metric, a log line and a rate-limited event.
 */
@ApplicationScoped
public class PodMutator {
    private static final Logger LOG = Logger.getLogger(PodMutator.class);

    @Inject
    PresetRegistry registry;
    @Inject
    AdmissionMetrics metrics;
    @Inject
    ConflictReporter conflicts;
    @Inject
    InjectorConfig config;
    IgnoredContainers ignored;

    @PostConstruct
    void readConfig() {
        ignored = IgnoredContainers.configured(config.injection().ignoredContainers());
    }

    /** What {@link #answer} decided: the AdmissionReview to send, and for pod creates what the engine did. */
    public record Answer(ObjectNode review, AdmissionRequest request, ObjectNode pod, InjectionResult result) {
        /** The review as the UTF-8 JSON that {@code /mutate} sends. */
        public byte[] reviewBytes() {
            return AdmissionResponses.reviewBytes(review);
        }
    }

    /** The AdmissionReview answer; throws {@link BadAdmissionRequestException} for malformed input. */
    public ObjectNode mutate(BodyBytes body) {
        long start = System.nanoTime();
        String operation = "";
        String outcome = "error";
        String reason = "internal";
        try {
            Answer answer;
            try {
                answer = answer(body, registry.current(), ignored);
            } catch (BadAdmissionRequestException e) {
                reason = "malformed";
                throw e;
            }
            operation = answer.request().operation();
            InjectionResult result = answer.result();
            if (result == null) {
                outcome = "skipped";
                reason = "not-a-pod-create";
            } else {
                outcome = outcomeLabel(result.outcome());
                reason = reasonLabel(result.outcome());
                report(answer);
            }
            return answer.review();
        } finally {
            metrics.request(operation, outcome, reason, System.nanoTime() - start);
        }
    }

    /**
     * The whole admission decision without CDI, logging or side effects: parse, look up candidates, run
     * the engine, build the AdmissionReview. Used by {@link #mutate} and by the benchmarks.
     */
    public static Answer answer(BodyBytes body, PresetSnapshot snapshot, IgnoredContainers ignored) {
        return answer(AdmissionRequest.parse(body), snapshot, ignored);
    }

    /** {@link #answer(BodyBytes, PresetSnapshot, IgnoredContainers)} of a request already parsed. */
    static Answer answer(AdmissionRequest request, PresetSnapshot snapshot, IgnoredContainers ignored) {
        if (!request.isPodCreate()) {
            return new Answer(AdmissionResponses.allow(request, null, List.of(), Map.of()), request, null, null);
        }
        ObjectNode pod = request.pod();
        InjectionResult result = snapshot.inject(pod, request.namespace(), ignored);
        Map<String, String> audit = new LinkedHashMap<>();
        result.skipped().forEach(s -> audit.put(auditKey(s.preset()), s.message()));
        // A warning per preset skipped; the one that refused the pod is the denial's message instead.
        List<String> warnings = result.skipped().isEmpty() ? List.of() : result.skipped().stream()
                .filter(s -> s.preset().onConflict() == OnConflict.Skip)
                .map(s -> "podpreset.dev: " + s.message()).toList();
        ObjectNode review = result.outcome() == Outcome.REJECTED
                ? AdmissionResponses.deny(request, 403, result.rejection(), warnings, audit)
                : AdmissionResponses.allow(request, result.patch(), warnings, audit);
        return new Answer(review, request, pod, result);
    }

    private void report(Answer answer) {
        InjectionResult result = answer.result();
        result.applied().forEach(metrics::applied);
        result.skipped().forEach(s -> metrics.conflict(s.preset()));
        String pod = TemplatePod.name(answer.request().namespace(), answer.pod().path("metadata"));
        if (!answer.request().dryRun()) {
            result.skipped().forEach(s -> conflicts.report(s, pod));
        }
        // Plain concatenation, not infof: printf-style formatting (java.util.Formatter) cost more than
        // building the line itself, on every injected pod. Same text as "Pod %s: applied [%s], skipped [%s]".
        if (result.outcome() == Outcome.REJECTED) {
            LOG.info("Rejected pod " + pod + ": " + result.rejection());
        } else if (result.outcome() == Outcome.INJECTED || !result.skipped().isEmpty()) {
            LOG.info(injectedLine(pod, result));
        }
    }

    /** The API server prefixes audit keys with the webhook name; ours reuse the applied-annotation name part. */
    static String auditKey(PreparedPreset preset) {
        return "skipped-" + preset.annotationKey().substring(AnnotationKeys.PREFIX.length());
    }

    private static String outcomeLabel(Outcome outcome) {
        return switch (outcome) {
            case INJECTED -> "injected";
            case UNCHANGED -> "unchanged";
            case REJECTED -> "rejected";
            case EXCLUDED, MIRROR, NO_MATCH -> "skipped";
        };
    }

    private static String reasonLabel(Outcome outcome) {
        return switch (outcome) {
            case EXCLUDED -> "excluded";
            case MIRROR -> "mirror";
            case NO_MATCH -> "no-match";
            default -> AdmissionMetrics.NONE;
        };
    }

    /**
     * "Pod ns/name: applied [PodPreset ns/a, ClusterPodPreset b], skipped [message; message]", and when audit presets
     * select the pod ", audit [ClusterPodPreset c would apply; PodPreset ns/d would conflict: ...]".
     */
    static String injectedLine(String pod, InjectionResult result) {
        StringBuilder line = new StringBuilder(64 + 48 * result.applied().size()).append("Pod ").append(pod)
                .append(": applied [");
        List<PreparedPreset> applied = result.applied();
        for (int i = 0; i < applied.size(); i++) {
            if (i > 0) {
                line.append(", ");
            }
            line.append(applied.get(i).displayName());
        }
        line.append("], skipped [");
        List<SkippedPreset> skipped = result.skipped();
        for (int i = 0; i < skipped.size(); i++) {
            if (i > 0) {
                line.append("; ");
            }
            line.append(skipped.get(i).message());
        }
        line.append(']');
        List<AuditOutcome> audited = result.audited();
        for (int i = 0; i < audited.size(); i++) {
            line.append(i == 0 ? ", audit [" : "; ").append(audited.get(i).preset().displayName()).append(' ')
                    .append(audited.get(i).annotation().outcome());
        }
        return audited.isEmpty() ? line.toString() : line.append(']').toString();
    }
}
