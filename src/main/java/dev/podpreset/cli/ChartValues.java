package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.presets.SourceDocument;
import dev.podpreset.presets.YamlDocuments;
import dev.podpreset.presets.YamlSyntaxException;
import dev.podpreset.scope.LabelSelectorText;
import io.fabric8.kubernetes.api.model.LabelSelector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The webhook's selectors from a Helm values file ({@code webhook.namespaceSelector},
 * {@code webhook.objectSelector}), coalesced over the chart's defaults the way Helm does: maps merge
 * key by key, a {@code null} removes a key, lists and scalars replace; and its ignored containers
 * ({@code webhook.ignoredContainers}).
 */
final class ChartValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode webhook;

    private ChartValues(JsonNode webhook) {
        this.webhook = webhook;
    }

    static ChartValues read(Path file, String shown) throws IOException, YamlSyntaxException {
        List<SourceDocument> docs = YamlDocuments.read(shown, Files.readAllBytes(file));
        return new ChartValues(docs.isEmpty() ? MissingNode.getInstance() : docs.get(0).node().path("webhook"));
    }

    /**
     * {@code webhook.<field>} over {@code chartDefault}, checked like any selector; throws
     * IllegalArgumentException naming the field.
     */
    LabelSelector selector(String field, LabelSelector chartDefault) {
        JsonNode given = webhook.path(field);
        if (given.isMissingNode()) {
            return chartDefault;
        }
        JsonNode merged = coalesce(JSON.valueToTree(chartDefault), given);
        try {
            return LabelSelectorText.parse(merged.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook." + field + ": " + e.getMessage());
        }
    }

    /**
     * {@code webhook.ignoredContainers} (a list, which replaces the chart's default as Helm replaces lists), or
     * {@code chartDefault} when absent; throws IllegalArgumentException when it is not a list of names.
     */
    IgnoredContainers ignoredContainers(IgnoredContainers chartDefault) {
        JsonNode given = webhook.path("ignoredContainers");
        if (given.isMissingNode()) {
            return chartDefault;
        }
        List<String> names = new ArrayList<>();
        if (given.isArray()) {
            given.forEach(n -> names.add(n.isTextual() ? n.textValue() : null));
        }
        if (!given.isArray() || names.contains(null)) {
            throw new IllegalArgumentException("webhook.ignoredContainers: expected a list of container names");
        }
        return IgnoredContainers.of(names);
    }

    private static JsonNode coalesce(JsonNode base, JsonNode over) {
        if (!(base instanceof ObjectNode b) || !over.isObject()) {
            return over;
        }
        ObjectNode out = b.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), coalesce(out.path(e.getKey()), e.getValue()));
            }
        }
        return out;
    }
}
