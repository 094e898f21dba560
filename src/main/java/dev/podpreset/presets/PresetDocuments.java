package dev.podpreset.presets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import dev.podpreset.injection.InvalidPresetException;
import dev.podpreset.injection.PreparedPreset;

/**
 * Turns a JSON document (from a file, an AdmissionReview or an informer) into a prepared preset, with
 * errors that name the field. Unknown fields of our own spec are errors (a typo must not silently do
 * nothing); unknown fields inside core types are kept, as the API server would.
 */
public final class PresetDocuments {
    public static final String LEGACY_API_VERSION = "settings.k8s.io/v1alpha1";
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private PresetDocuments() {
    }

    /** Whether the document is one of our two kinds (any version of our group). */
    public static boolean isPreset(JsonNode doc) {
        String kind = doc.path("kind").asText();
        return kind.equals("PodPreset") || kind.equals("ClusterPodPreset");
    }

    /** Prepares a PodPreset or ClusterPodPreset document; throws {@link InvalidDocumentException}. */
    public static PreparedPreset prepare(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText();
        if (apiVersion.equals(LEGACY_API_VERSION)) {
            throw new InvalidDocumentException("apiVersion: " + LEGACY_API_VERSION
                    + " is the removed upstream API; change it to " + PodPreset.API_VERSION);
        }
        if (!apiVersion.equals(PodPreset.API_VERSION)) {
            throw new InvalidDocumentException("apiVersion: Unsupported value \"" + apiVersion + "\": expected "
                    + PodPreset.API_VERSION);
        }
        try {
            return switch (doc.path("kind").asText()) {
                case "PodPreset" -> PreparedPreset.of(STRICT.treeToValue(doc, PodPreset.class));
                case "ClusterPodPreset" -> PreparedPreset.of(STRICT.treeToValue(doc, ClusterPodPreset.class));
                default -> throw new InvalidDocumentException("kind: Unsupported value \"" + doc.path("kind").asText()
                        + "\": expected PodPreset or ClusterPodPreset");
            };
        } catch (InvalidPresetException e) {
            throw new InvalidDocumentException(e.getMessage());
        } catch (JsonMappingException e) {
            throw new InvalidDocumentException(describe(e));
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(e.getOriginalMessage());
        }
    }

    /** "spec.env[0].value: ..." from Jackson's path, without the parser's source excerpt. */
    static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String message = e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException
                ? "unknown field" : "invalid value: " + firstLine(e.getOriginalMessage());
        return (path.length() == 0 ? "document" : path) + ": " + message;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
