package dev.podpreset.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * kubectl expands a resource argument as a category before it resolves it as a plural, singular, kind or short
 * name. A category that is also a resource's name therefore hijacks that name (`kubectl delete podpresets --all
 * -n team-a` would delete every ClusterPodPreset), and a name two resources share leaves one of them unreachable.
 * Every name of the generated CRDs (see CrdManifestsTest for the committed copies) is checked against the other
 * CRD and against the resources and categories of a Kubernetes API server (kubectl-builtin-resources.txt).
 */
class CrdNamesTest {
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
    private static final List<String> CRDS = List.of("podpresets.podpreset.dev-v1.yml", "clusterpodpresets.podpreset.dev-v1.yml");

    /** A resource as kubectl resolves it: every name that reaches it, and its categories. */
    record Resource(String owner, Set<String> names, Set<String> categories) {
    }

    private static List<Resource> ours() throws IOException {
        List<Resource> out = new ArrayList<>();
        for (String file : CRDS) {
            JsonNode names = new YAMLMapper().readTree(GENERATED.resolve(file).toFile()).at("/spec/names");
            Set<String> all = new TreeSet<>(List.of(names.path("plural").asText(), names.path("singular").asText(),
                    names.path("kind").asText().toLowerCase()));
            names.path("shortNames").forEach(n -> all.add(n.asText()));
            Set<String> categories = new TreeSet<>();
            names.path("categories").forEach(c -> categories.add(c.asText()));
            out.add(new Resource("CRD " + file, all, categories));
        }
        return out;
    }

    /** The built-in resources, and (with an empty owner) the built-in categories. */
    private static List<Resource> builtIn() throws IOException {
        List<Resource> out = new ArrayList<>();
        Set<String> categories = new TreeSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                CrdNamesTest.class.getResourceAsStream("kubectl-builtin-resources.txt"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.trim().split("\\s+");
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                } else if (f[0].equals("category")) {
                    categories.add(f[1]);
                    continue;
                }
                Set<String> names = new TreeSet<>(List.of(f[0], f[2].toLowerCase()));
                if (!f[1].equals("-")) {
                    names.addAll(List.of(f[1].split(",")));
                }
                out.add(new Resource("built-in " + f[2], names, Set.of()));
            }
        }
        out.add(new Resource("", Set.of(), categories));
        return out;
    }

    @Test
    void noNameOfOurCrdsReachesAnotherResource() throws IOException {
        List<Resource> ours = ours();
        Map<String, Set<String>> owners = new TreeMap<>();
        for (Resource r : concat(ours, builtIn())) {
            r.names().forEach(n -> owners.computeIfAbsent(n, k -> new TreeSet<>()).add(r.owner()));
        }
        Map<String, Set<String>> collisions = new TreeMap<>();
        for (Resource r : ours) {
            for (String name : r.names()) {
                if (owners.get(name).size() > 1) {
                    collisions.put(name, owners.get(name));
                }
            }
        }
        assertEquals(Map.of(), collisions, "names that reach more than one resource");
    }

    @Test
    void noCategoryIsAResourceNameOrABuiltInCategory() throws IOException {
        List<Resource> all = concat(ours(), builtIn());
        List<String> problems = new ArrayList<>();
        for (Resource crd : ours()) {
            for (String category : crd.categories()) {
                for (Resource other : all) {
                    if (other.names().contains(category)) {
                        problems.add("category " + category + " of " + crd.owner() + " is a name of " + other.owner());
                    }
                    if (other.owner().isEmpty() && other.categories().contains(category)) {
                        problems.add("category " + category + " of " + crd.owner() + " is a built-in category");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void bothKindsShareOneCategory() throws IOException {
        List<Resource> ours = ours();
        assertFalse(ours.get(0).categories().isEmpty(), "kubectl get <category> lists both kinds");
        assertEquals(ours.get(0).categories(), ours.get(1).categories());
    }

    private static List<Resource> concat(List<Resource> a, List<Resource> b) {
        List<Resource> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
