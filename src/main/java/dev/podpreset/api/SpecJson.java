package dev.podpreset.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A bound preset spec as JSON, written as Jackson writes the model: the tree the validator looks for nulls and
 * counts fields in, and the engine prepares its entries from. Converting a spec costs more than validating it, so
 * a preparation converts it once and hands the same tree to both.
 */
public final class SpecJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpecJson() {
    }

    /** The spec as a JSON object; a missing node for no spec. */
    public static JsonNode of(PodPresetSpec spec) {
        return spec == null ? MissingNode.getInstance() : MAPPER.valueToTree(spec);
    }
}
