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

    /** The AdmissionReview answer; throws {@link BadAdmissionRequestException} for malformed input. */
    public ObjectNode mutate(byte[] body) {
        AdmissionRequest request = AdmissionRequest.parse(body);
        if (!request.isPodCreate()) {
            return AdmissionResponses.allow(request, null, List.of());
        }
        ObjectNode pod = request.pod();
        PresetSnapshot snapshot = registry.current();
        InjectionResult result = InjectionEngine.inject(pod, request.namespace(),
                snapshot.namespaceLabels(request.namespace()), snapshot.candidates(request.namespace()));
        List<String> warnings = result.skipped().stream().map(s -> "podpreset.dev: " + s.message()).toList();
        if (result.outcome() == Outcome.REJECTED) {
            LOG.infof("Rejected pod %s: %s", podName(request, pod), result.rejection());
            return AdmissionResponses.deny(request, 403, result.rejection(), warnings);
        }
        if (result.outcome() == Outcome.INJECTED || !result.skipped().isEmpty()) {
            LOG.infof("Pod %s: applied [%s], skipped [%s]", podName(request, pod), names(result.applied()),
                    String.join(", ", result.skipped().stream().map(SkippedPreset::message).toList()));
        }
        return AdmissionResponses.allow(request, result.patch(), warnings);
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
