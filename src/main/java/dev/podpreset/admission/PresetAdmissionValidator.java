package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.Violation;
import dev.podpreset.http.BodyBytes;
import dev.podpreset.presets.InvalidDocumentException;
import dev.podpreset.presets.InvalidPreset;
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
    public ObjectNode validate(BodyBytes body) {
        AdmissionRequest request = AdmissionRequest.parse(body);
        boolean checked = request.group().equals(PodPreset.GROUP) && RESOURCES.contains(request.resource())
                && request.subResource().isEmpty()
                && (request.operation().equals("CREATE") || request.operation().equals("UPDATE"));
        if (!checked) {
            return AdmissionResponses.allow(request, null, List.of(), Map.of());
        }
        String kind = request.resource().equals("podpresets") ? "PodPreset" : "ClusterPodPreset";
        if (!(request.object() instanceof ObjectNode original)) {
            throw new BadAdmissionRequestException("request.object is missing or not an object: expected a " + kind);
        }
        if (request.operation().equals("UPDATE") && original.path("metadata").hasNonNull("deletionTimestamp")) {
            // Removing finalizers of a preset being deleted must work even if it is invalid.
            return AdmissionResponses.allow(request, null, List.of(), Map.of());
        }
        if (!original.path("kind").asText(kind).equals(kind)) {
            throw new BadAdmissionRequestException("request.object is a " + original.path("kind").asText()
                    + " but the request is for " + request.resource());
        }
        ObjectNode doc = original.deepCopy().put("kind", kind);
        try {
            PresetDocuments.prepare(doc, request.namespace());
            return AdmissionResponses.allow(request, null, List.of(), Map.of());
        } catch (InvalidDocumentException e) {
            InvalidPreset invalid = e.preset();
            LOG.infof("Denied %s: %s", request.operation(), invalid.message());
            ObjectNode review = AdmissionResponses.deny(request, UNPROCESSABLE, invalid.message(), List.of(), Map.of());
            addDetails((ObjectNode) review.path("response").path("status"), invalid);
            return review;
        }
    }

    /** What the API server answers for an invalid object: reason Invalid, one cause per field, of its kind. */
    private static void addDetails(ObjectNode status, InvalidPreset invalid) {
        status.put("reason", "Invalid");
        ObjectNode details = status.putObject("details");
        details.put("name", invalid.name()).put("group", PodPreset.GROUP).put("kind", invalid.kind().kind());
        ArrayNode causes = details.putArray("causes");
        for (Violation v : invalid.violations()) {
            causes.addObject().put("reason", v.type().causeReason()).put("message", v.reason()).put("field", v.field());
        }
    }
}
