package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** One of the pod's own containers or init containers: where env, envFrom and mounts go. */
final class OwnContainer implements Slots {
    private final String name;
    private final String path;
    private final JsonNode container;
    /** Whether it receives nothing unless a preset names it in targetContainers ({@link IgnoredContainers}). */
    private final boolean ignored;
    private final Map<String, ListDraft> lists = new LinkedHashMap<>(4);

    OwnContainer(String name, String path, JsonNode container, boolean ignored) {
        this.name = name;
        this.path = path;
        this.container = container;
        this.ignored = ignored;
    }

    String name() {
        return name;
    }

    boolean ignored() {
        return ignored;
    }

    @Override
    public ListDraft list(String field) {
        return lists.computeIfAbsent(field, f -> new ListDraft(path + "/" + f, container.get(f)));
    }

    @Override
    public MapDraft map(String field) {
        throw new UnsupportedOperationException("containers have no map fields that presets set: " + field);
    }

    @Override
    public ScalarDraft scalar(String field) {
        throw new UnsupportedOperationException("containers have no single values that presets set: " + field);
    }

    @Override
    public String where() {
        return " in container \"" + name + "\"";
    }

    Iterable<ListDraft> drafts() {
        return lists.values();
    }
}
