package dev.podpreset.presets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PresetShape;
import dev.podpreset.api.Text;
import dev.podpreset.api.Violation;
import dev.podpreset.injection.InvalidPresetException;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.PresetKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a JSON document (from a file, an AdmissionReview or an informer) into a prepared preset, or
 * into an {@link InvalidDocumentException} that says which preset it is and names every field. Nothing
 * else escapes: a document is checked for its shape first (no nulls: {@link PresetShape}), then
 * bound with the API server's strictness (no coercion of "80" to 80 or of 6379 to "6379"), then
 * validated. Unknown fields of our own spec are errors (a typo must not silently do nothing); unknown
 * fields inside core types are kept, as the API server would.
 */
public final class PresetDocuments {
    public static final String LEGACY_API_VERSION = "settings.k8s.io/v1alpha1";
    private static final Logger LOG = Logger.getLogger(PresetDocuments.class);
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private PresetDocuments() {
    }

    /** Whether the document is one of our two kinds (any version of our group). */
    public static boolean isPreset(JsonNode doc) {
        String kind = doc.path("kind").asText();
        return kind.equals("PodPreset") || kind.equals("ClusterPodPreset");
    }

    /** Prepares a preset read from the cluster, which always has its namespace. */
    public static PreparedPreset prepare(JsonNode doc) {
        return prepare(doc, "");
    }

    /**
     * Prepares a PodPreset or ClusterPodPreset document ({@link #isPreset}); throws
     * {@link InvalidDocumentException}. A PodPreset without {@code metadata.namespace} is in
     * {@code namespaceIfMissing}: the one rule for every caller (a file is in {@code default}, as kubectl
     * assumes; an admission request in the request's namespace).
     */
    public static PreparedPreset prepare(JsonNode doc, String namespaceIfMissing) {
        if (!isPreset(doc)) {
            throw new IllegalArgumentException("not a PodPreset or ClusterPodPreset: kind " + doc.path("kind"));
        }
        PresetKind kind = doc.path("kind").asText().equals("PodPreset") ? PresetKind.NAMESPACED : PresetKind.CLUSTER;
        JsonNode meta = doc.path("metadata");
        String namespace = kind == PresetKind.CLUSTER ? null
                : meta.path("namespace").isTextual() && !meta.path("namespace").asText().isEmpty()
                ? meta.path("namespace").asText() : namespaceIfMissing;
        String name = meta.path("name").isTextual() ? meta.path("name").asText() : "";
        String generation = meta.path("generation").canConvertToExactIntegral() ? meta.path("generation").asText() : "";
        List<Violation> problems = new ArrayList<>();
        checkApiVersion(doc, problems);
        if (doc.path("spec").isContainerNode()) {
            problems.addAll(PresetShape.nulls("spec", doc.get("spec")));
        }
        if (!problems.isEmpty()) {
            throw invalid(kind, namespace, name, generation, problems);
        }
        try {
            return kind == PresetKind.NAMESPACED
                    ? PreparedPreset.of(inNamespace(STRICT.treeToValue(doc, PodPreset.class), namespace))
                    : PreparedPreset.of(STRICT.treeToValue(doc, ClusterPodPreset.class));
        } catch (InvalidPresetException e) {
            throw invalid(kind, namespace, name, generation, e.violations());
        } catch (JsonMappingException e) {
            throw invalid(kind, namespace, name, generation, List.of(violation(e)));
        } catch (JsonProcessingException e) {
            throw invalid(kind, namespace, name, generation, List.of(new Violation("document", "Invalid value: "
                    + firstLine(e.getOriginalMessage()))));
        } catch (RuntimeException e) {
            // A bug of ours, not the author's; still only this preset is refused, never the caller.
            LOG.errorf(e, "Cannot prepare %s %s", kind.kind(), name);
            throw invalid(kind, namespace, name, generation, List.of(new Violation("document", Violation.Type.INTERNAL,
                    "Internal error: cannot prepare this preset (" + e.getClass().getSimpleName() + ")")));
        }
    }

    private static <T extends HasMetadata> T inNamespace(T preset, String namespace) {
        if (preset.getMetadata() != null && (preset.getMetadata().getNamespace() == null
                || preset.getMetadata().getNamespace().isEmpty())) {
            preset.getMetadata().setNamespace(namespace);
        }
        return preset;
    }

    private static InvalidDocumentException invalid(PresetKind kind, String namespace, String name, String generation,
                                                    List<Violation> violations) {
        return new InvalidDocumentException(new InvalidPreset(kind, namespace, name, generation, violations));
    }

    private static void checkApiVersion(JsonNode doc, List<Violation> out) {
        String apiVersion = doc.path("apiVersion").asText();
        if (apiVersion.equals(LEGACY_API_VERSION)) {
            out.add(new Violation("apiVersion", Violation.Type.NOT_SUPPORTED, LEGACY_API_VERSION + " is the removed upstream API; change it to "
                    + PodPreset.API_VERSION));
        } else if (!apiVersion.equals(PodPreset.API_VERSION)) {
            out.add(new Violation("apiVersion", Violation.Type.NOT_SUPPORTED, "Unsupported value \"" + apiVersion + "\": expected " + PodPreset.API_VERSION));
        }
    }

    /** "spec.env[0].value" and why, from Jackson's path, without the parser's source excerpt. */
    public static Violation violation(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String field = path.length() == 0 ? "document" : path.toString();
        if (e instanceof UnrecognizedPropertyException) {
            return new Violation(field, Violation.Type.UNKNOWN_FIELD, Violation.UNKNOWN_FIELD);
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            return new Violation(field, Violation.Type.NOT_SUPPORTED, "Unsupported value \"" + f.getValue() + "\": supported values: "
                    + Arrays.stream(f.getTargetType().getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", ")));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new Violation(field, Violation.Type.TYPE_INVALID, "Invalid value: expected " + expected(m.getTargetType()));
        }
        return new Violation(field, "Invalid value: " + firstLine(e.getOriginalMessage()));
    }

    private static String expected(Class<?> type) {
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        } else if (type == String.class) {
            return "a string";
        } else if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "an integer";
        } else if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        } else if (type == IntOrString.class) {
            return "an integer or a string";
        } else if (type == Quantity.class) {
            return "a quantity (a string such as \"100m\" or a number)";
        } else if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        } else if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        return "an object";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return Text.cut(line, 200);
    }
}
