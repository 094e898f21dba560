package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.injection.InjectionEngine;
import dev.podpreset.injection.InjectionResult;
import dev.podpreset.injection.Outcome;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.SkippedPreset;
import dev.podpreset.presets.PresetRegistry;
import dev.podpreset.presets.PresetSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * Answers {@code /mutate}: runs the engine on pod CREATE requests against the current presets and
 * allows everything else untouched. Makes no API call; dry-run requests are answered the same way
 * because nothing here has side effects.
 */
@ApplicationScoped
public class PodMutator {
    private static final Logger LOG = Logger.getLogger(PodMutator.class);

    @Inject
    PresetRegistry registry;

    /** What {@link #answer} decided: the AdmissionReview to send, and for pod creates what the engine did. */
    public record Answer(ObjectNode review, AdmissionRequest request, ObjectNode pod, InjectionResult result) {
    }

    /** The AdmissionReview answer; throws {@link BadAdmissionRequestException} for malformed input. */
    public ObjectNode mutate(byte[] body) {
        Answer answer = answer(body, registry.current());
        InjectionResult result = answer.result();
        if (result == null) {
            return answer.review();
        }
        if (result.outcome() == Outcome.REJECTED) {
            LOG.infof("Rejected pod %s: %s", podName(answer.request(), answer.pod()), result.rejection());
        } else if (result.outcome() == Outcome.INJECTED || !result.skipped().isEmpty()) {
            LOG.infof("Pod %s: applied [%s], skipped [%s]", podName(answer.request(), answer.pod()),
                    names(result.applied()),
                    String.join(", ", result.skipped().stream().map(SkippedPreset::message).toList()));
        }
        return answer.review();
    }

    /**
     * The whole admission decision without CDI or logging: parse, look up candidates, run the engine,
     * build the AdmissionReview. Used by {@link #mutate} and by the benchmarks.
     */
    public static Answer answer(byte[] body, PresetSnapshot snapshot) {
        AdmissionRequest request = AdmissionRequest.parse(body);
        if (!request.isPodCreate()) {
            return new Answer(AdmissionResponses.allow(request, null, List.of()), request, null, null);
        }
        ObjectNode pod = request.pod();
        String namespace = request.namespace();
        Map<String, String> podLabels = InjectionEngine.podLabels(pod);
        InjectionResult result = InjectionEngine.inject(pod, namespace, snapshot.namespaceLabels(namespace), podLabels,
                snapshot.candidates(namespace, podLabels));
        List<String> warnings = result.skipped().isEmpty() ? List.of()
                : result.skipped().stream().map(s -> "podpreset.dev: " + s.message()).toList();
        ObjectNode review = result.outcome() == Outcome.REJECTED
                ? AdmissionResponses.deny(request, 403, result.rejection(), warnings)
                : AdmissionResponses.allow(request, result.patch(), warnings);
        return new Answer(review, request, pod, result);
    }

    /** namespace/name, or namespace/generateName* for pods named by the API server. */
    static String podName(AdmissionRequest request, ObjectNode pod) {
        String name = pod.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            name = pod.path("metadata").path("generateName").asText("") + "*";
        }
        return request.namespace() + "/" + name;
    }

    private static String names(List<PreparedPreset> presets) {
        return String.join(", ", presets.stream().map(PreparedPreset::displayName).toList());
    }
}
