package dev.podpreset.admission;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.http.BodyBytes;
import dev.podpreset.injection.PodShape;

import java.io.IOException;
import java.util.Set;

/**
 * The parts of an {@code admission.k8s.io} AdmissionReview request we use, read from the raw body.
 * The object stays the raw JSON tree, so fields newer than any model survive.
 */
public record AdmissionRequest(String apiVersion, String uid, String operation, String group, String version,
                               String resource, String subResource, String namespace, String name,
                               boolean dryRun, JsonNode object) {
    private static final Set<String> API_VERSIONS = Set.of("admission.k8s.io/v1", "admission.k8s.io/v1beta1");
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .nodeFactory(new CompactNodeFactory())
            .build();

    /** Arrays of more of a body than this stay its bytes until read (see {@link ReviewTreeReader}). */
    private static final int LARGE_ARRAY_BYTES = 64 * 1024;

    static {
        // Deeply nested input must fail as a client error, not blow the stack.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
    }

    private static final ReviewTreeReader READER = new ReviewTreeReader(MAPPER, LARGE_ARRAY_BYTES);

    /** Parses a request body; throws {@link BadAdmissionRequestException} with a message for anything else. */
    public static AdmissionRequest parse(BodyBytes body) {
        return parse(body, READER);
    }

    /** {@link #parse(BodyBytes)} with the tree read by {@code reader}. */
    static AdmissionRequest parse(BodyBytes body, ReviewTreeReader reader) {
        if (body == null || body.length() == 0) {
            throw new BadAdmissionRequestException("empty request body: expected an admission.k8s.io/v1 AdmissionReview");
        }
        JsonNode review;
        try {
            review = reader.read(body);
        } catch (JsonProcessingException e) {
            throw new BadAdmissionRequestException("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadAdmissionRequestException("cannot read request body: " + e.getMessage());
        }
        if (review == null || !review.isObject()) {
            throw new BadAdmissionRequestException("request body is not a JSON object: expected an AdmissionReview");
        }
        String kind = review.path("kind").asText();
        String apiVersion = review.path("apiVersion").asText();
        if (!kind.equals("AdmissionReview") || !API_VERSIONS.contains(apiVersion)) {
            throw new BadAdmissionRequestException("not an AdmissionReview: got apiVersion \"" + apiVersion
                    + "\" kind \"" + kind + "\", expected admission.k8s.io/v1 AdmissionReview");
        }
        JsonNode request = review.get("request");
        if (request == null || !request.isObject()) {
            throw new BadAdmissionRequestException("AdmissionReview has no request");
        }
        String uid = request.path("uid").asText();
        if (!request.path("uid").isTextual() || uid.isEmpty()) {
            throw new BadAdmissionRequestException("request.uid is required");
        }
        JsonNode resource = request.path("resource");
        return new AdmissionRequest(apiVersion, uid, text(request, "operation"), text(resource, "group"),
                text(resource, "version"), text(resource, "resource"), text(request, "subResource"),
                text(request, "namespace"), text(request, "name"), request.path("dryRun").asBoolean(false),
                request.get("object"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : "";
    }

    /** CREATE of a core v1 pod, not a subresource: the only request we mutate. */
    public boolean isPodCreate() {
        return operation.equals("CREATE") && group.isEmpty() && version.equals("v1") && resource.equals("pods")
                && subResource.isEmpty();
    }

    /** The object as a pod; throws {@link BadAdmissionRequestException} when it is not one. */
    public ObjectNode pod() {
        if (!(object instanceof ObjectNode pod)) {
            throw new BadAdmissionRequestException("request.object is missing or not an object: expected a Pod");
        }
        String problem = PodShape.problem(pod);
        if (problem != null) {
            throw new BadAdmissionRequestException("request.object is not a Pod: " + problem);
        }
        return pod;
    }
}
