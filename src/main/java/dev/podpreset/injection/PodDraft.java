package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pod as changed by the presets applied so far, kept as additions on top of the untouched request
 * object, so that the patch is exactly those additions and every field of the pod survives. Fields are
 * named by JSON pointer and made on first use.
 */
final class PodDraft implements Slots {
    static final String VOLUMES = "/spec/volumes";
    static final String INIT_CONTAINERS = "/spec/initContainers";
    static final String CONTAINERS = "/spec/containers";
    static final String LABELS = "/metadata/labels";
    static final String ANNOTATIONS = "/metadata/annotations";

    private final ObjectNode pod;
    private final Map<String, Draft> drafts = new LinkedHashMap<>();
    private final List<OwnContainer> ownContainers = new ArrayList<>();
    private final boolean hostNetwork;

    PodDraft(ObjectNode pod, Set<Object> injectedNames, IgnoredContainers ignored) {
        this.pod = pod;
        JsonNode spec = pod.path("spec");
        hostNetwork = spec.path("hostNetwork").asBoolean(false);
        addOwn(spec.get("initContainers"), INIT_CONTAINERS + "/", injectedNames, ignored);
        addOwn(spec.get("containers"), CONTAINERS + "/", injectedNames, ignored);
    }

    private void addOwn(JsonNode list, String pathPrefix, Set<Object> injectedNames, IgnoredContainers ignored) {
        if (!(list instanceof ArrayNode array)) {
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode c = array.get(i);
            String name = c.path("name").asText();
            if (c instanceof ObjectNode && !injectedNames.contains(name)) {
                ownContainers.add(new OwnContainer(name, pathPrefix + i, c, ignored.contains(name)));
            }
        }
    }

    /** The pod's containers and init containers, except those of the names presets inject. */
    List<OwnContainer> ownContainers() {
        return ownContainers;
    }

    /** The request object's value at this JSON pointer (missing when absent), unchanged by presets. */
    JsonNode original(String path) {
        return pod.at(path);
    }

    /** Whether the API server gives this pod's container ports a hostPort. */
    boolean hostNetwork() {
        return hostNetwork;
    }

    @Override
    public ListDraft list(String path) {
        return (ListDraft) drafts.computeIfAbsent(path, p -> new ListDraft(p, original(p)));
    }

    @Override
    public MapDraft map(String path) {
        return (MapDraft) drafts.computeIfAbsent(path, p -> new MapDraft(p, original(p)));
    }

    @Override
    public ScalarDraft scalar(String path) {
        return (ScalarDraft) drafts.computeIfAbsent(path, p -> new ScalarDraft(p, original(p)));
    }

    @Override
    public String where() {
        return "";
    }

    /** The pod's container or init container of this name, as changed so far, or null. */
    JsonNode findContainer(Object name) {
        JsonNode found = list(CONTAINERS).find(MergeKeys.NAME, name);
        return found != null ? found : list(INIT_CONTAINERS).find(MergeKeys.NAME, name);
    }

    ArrayNode patch() {
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        Set<String> created = new HashSet<>();
        for (Draft d : drafts.values()) {
            emit(d, patch, created);
        }
        for (OwnContainer c : ownContainers) {
            for (Draft d : c.drafts()) {
                emit(d, patch, created);
            }
        }
        return patch;
    }

    private void emit(Draft d, ArrayNode patch, Set<String> created) {
        if (!d.changed()) {
            return;
        }
        if (d.absentFromPod()) {
            createParents(d.path(), patch, created);
        }
        d.emit(patch);
    }

    /**
     * Adds each missing object or array above {@code path} ({@code {}}, or {@code []} above an index),
     * so that every add has a parent. Only adds: a parent that exists is never replaced.
     */
    private void createParents(String path, ArrayNode patch, Set<String> created) {
        for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
            String parent = path.substring(0, slash);
            if (created.contains(parent) || pod.at(parent).isContainerNode()) {
                continue;
            }
            int end = path.indexOf('/', slash + 1);
            String next = path.substring(slash + 1, end < 0 ? path.length() : end);
            boolean index = !next.isEmpty() && next.chars().allMatch(Character::isDigit);
            patch.add(JsonPatchOps.add(parent, index ? JsonNodeFactory.instance.arrayNode()
                    : JsonNodeFactory.instance.objectNode()));
            created.add(parent);
        }
    }
}
