package dev.podpreset.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.Text;

import java.util.List;
import java.util.Map;

/** Builds AdmissionReview answers in the request's API version. */
final class AdmissionResponses {
    /** The API server drops warnings longer than this. */
    static final int MAX_WARNING_LENGTH = 255;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper WRITER = new ObjectMapper();

    private AdmissionResponses() {
    }

    static ObjectNode allow(AdmissionRequest request, ArrayNode patch, List<String> warnings, Map<String, String> audit) {
        ObjectNode review = envelope(request);
        ObjectNode response = (ObjectNode) review.get("response");
        response.put("allowed", true);
        if (patch != null && !patch.isEmpty()) {
            response.put("patchType", "JSONPatch");
            response.putPOJO("patch", new Base64Value(patchBytes(patch)));
        }
        addWarnings(response, warnings);
        addAudit(response, audit);
        return review;
    }

    static ObjectNode deny(AdmissionRequest request, int code, String message, List<String> warnings,
                           Map<String, String> audit) {
        ObjectNode review = envelope(request);
        ObjectNode response = (ObjectNode) review.get("response");
        response.put("allowed", false);
        ObjectNode status = response.putObject("status");
        status.put("code", code);
        status.put("message", message);
        addWarnings(response, warnings);
        addAudit(response, audit);
        return review;
    }

    /**
     * The patch as UTF-8 JSON, written straight to bytes: the same text as {@code patch.toString()}
     * without building it as a String first (patches of large pods are tens of kilobytes).
     */
    static byte[] patchBytes(ArrayNode patch) {
        try {
            return WRITER.writeValueAsBytes(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON patch", e);
        }
    }

    /** The AdmissionReview as UTF-8 JSON bytes, the body of the answer. */
    static byte[] reviewBytes(ObjectNode review) {
        try {
            return WRITER.writeValueAsBytes(review);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an AdmissionReview", e);
        }
    }

    private static ObjectNode envelope(AdmissionRequest request) {
        ObjectNode review = F.objectNode();
        review.put("apiVersion", request.apiVersion());
        review.put("kind", "AdmissionReview");
        review.putObject("response").put("uid", request.uid());
        return review;
    }

    private static void addAudit(ObjectNode response, Map<String, String> audit) {
        if (!audit.isEmpty()) {
            ObjectNode annotations = response.putObject("auditAnnotations");
            audit.forEach(annotations::put);
        }
    }

    private static void addWarnings(ObjectNode response, List<String> warnings) {
        if (warnings.isEmpty()) {
            return;
        }
        ArrayNode array = response.putArray("warnings");
        for (String w : warnings) {
            array.add(Text.cut(w, MAX_WARNING_LENGTH));
        }
    }
}
