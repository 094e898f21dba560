package dev.podpreset.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Our extension of a core v1 type keeps the fields it does not know (of a newer Kubernetes version) and passes
 * them on to pods, as fabric8's core types do; like theirs, they stay out of the CRD's schema.
 */
abstract class KeepsUnknownFields {
    @JsonIgnore
    private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

    @JsonAnyGetter
    @JsonIgnore
    public Map<String, Object> getAdditionalProperties() { return additionalProperties; }
    @JsonAnySetter
    @JsonIgnore
    public void setAdditionalProperty(String name, Object value) { additionalProperties.put(name, value); }
}
