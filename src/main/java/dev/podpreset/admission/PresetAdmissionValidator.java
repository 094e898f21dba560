package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.PodPreset;
import dev.podpreset.presets.InvalidDocumentException;
import dev.podpreset.presets.PresetDocuments;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers {@code /validate}: a PodPreset or ClusterPodPreset that is created or updated must pass the
 * same checks ({@link PresetDocuments#prepare}, hence {@link dev.podpreset.api.PresetValidator}) that
 * the injector applies before it uses a preset, so an invalid preset is refused by {@code kubectl apply}
 * instead of being skipped silently later. Everything else is allowed.
 */
@ApplicationScoped
public class PresetAdmissionValidator {
    private static final Logger LOG = Logger.getLogger(PresetAdmissionValidator.class);
    private static final Set<String> RESOURCES = Set.of("podpresets", "clusterpodpresets");
    /** What the API server itself answers for an invalid object. */
    static final int UNPROCESSABLE = 422;

    /** The AdmissionReview answer; throws {@link BadAdmissionRequestException} for malformed input. */
    public ObjectNode validate(byte[] body) {
        AdmissionRequest request = AdmissionRequest.parse(body);
        boolean checked = request.group().equals(PodPreset.GROUP) && RESOURCES.contains(request.resource())
                && request.subResource().isEmpty()
                && (request.operation().equals("CREATE") || request.operation().equals("UPDATE"));
        if (!checked) {
            return AdmissionResponses.allow(request, null, List.of(), Map.of());
        }
        if (!(request.object() instanceof ObjectNode original)) {
            throw new BadAdmissionRequestException("request.object is missing or not an object: expected a "
                    + (request.resource().equals("podpresets") ? "PodPreset" : "ClusterPodPreset"));
        }
        if (request.operation().equals("UPDATE") && original.path("metadata").hasNonNull("deletionTimestamp")) {
            // Removing finalizers of a preset being deleted must work even if it is invalid.
            return AdmissionResponses.allow(request, null, List.of(), Map.of());
        }
        ObjectNode doc = original.deepCopy();
        if (request.resource().equals("podpresets") && doc.path("metadata").isObject()
                && doc.path("metadata").path("namespace").asText().isEmpty() && !request.namespace().isEmpty()) {
            ((ObjectNode) doc.get("metadata")).put("namespace", request.namespace());
        }
        try {
            PresetDocuments.prepare(doc);
            return AdmissionResponses.allow(request, null, List.of(), Map.of());
        } catch (InvalidDocumentException e) {
            String message = message(request, doc, e.getMessage());
            LOG.infof("Denied %s: %s", request.operation(), message);
            return AdmissionResponses.deny(request, UNPROCESSABLE, message, List.of(), Map.of());
        }
    }

    /** {@code PodPreset team-a/db is invalid: <every violation, "; "-separated>}. */
    private static String message(AdmissionRequest request, ObjectNode doc, String problem) {
        String kind = request.resource().equals("podpresets") ? "PodPreset" : "ClusterPodPreset";
        String namespace = doc.path("metadata").path("namespace").asText();
        String name = doc.path("metadata").path("name").asText(request.name());
        String prefix = kind + " " + (kind.equals("PodPreset") && !namespace.isEmpty() ? namespace + "/" : "") + name
                + " is invalid: ";
        return problem.startsWith(prefix) ? problem : prefix + problem;
    }
}
