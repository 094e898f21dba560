package dev.podpreset.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Parsed Kubernetes manifests (multi-document YAML) with lookups by kind and name. */
public final class Manifests {

    private static final ObjectMapper YAML = new YAMLMapper();

    private final List<JsonNode> objects;

    private Manifests(List<JsonNode> objects) {
        this.objects = List.copyOf(objects);
    }

    public static Manifests parse(String yaml) {
        List<JsonNode> result = new ArrayList<>();
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            var docs = YAML.readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    result.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Manifests(result);
    }

    /** Loads the files listed under resources: in a kustomization.yaml, without kustomize. */
    static Manifests fromKustomization(Path dir) {
        try {
            JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
            StringBuilder all = new StringBuilder();
            for (JsonNode resource : kustomization.path("resources")) {
                all.append(Files.readString(dir.resolve(resource.asText()))).append("\n---\n");
            }
            return parse(all.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code kubectl kustomize DIR} renders (callers check first that kubectl is installed). */
    static Manifests kustomize(Path dir) {
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed: " + new String(err.join(), StandardCharsets.UTF_8));
            }
            return parse(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The rules of a Role or ClusterRole: group/resource[/name] -> verbs. */
    static Map<String, Set<String>> grants(JsonNode role) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    List<String> names = new ArrayList<>();
                    rule.path("resourceNames").forEach(n -> names.add("/" + n.asText()));
                    if (names.isEmpty()) {
                        names.add("");
                    }
                    for (String name : names) {
                        Set<String> verbs = grants.computeIfAbsent(group.asText() + "/" + resource.asText() + name, k -> new TreeSet<>());
                        rule.path("verbs").forEach(v -> verbs.add(v.asText()));
                    }
                }
            }
        }
        return grants;
    }

    public List<JsonNode> all() {
        return objects;
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst();
    }

    public JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + kinds()));
    }

    /** The only object of a kind. */
    JsonNode single(String kind) {
        List<JsonNode> found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + kind + " but found " + found.size() + " in " + kinds());
        }
        return found.get(0);
    }

    List<String> kinds() {
        return objects.stream().map(o -> o.path("kind").asText()).toList();
    }
}
