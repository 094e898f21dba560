package dev.podpreset.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated CRDs (what the chart and k8s/ ship, see CrdManifestsTest) document and bound what
 * {@code kubectl explain} and the API server need. Every property declared by a type of
 * {@code dev.podpreset.api} (spec, status and whatever is added to them later) must carry a description;
 * embedded core v1 types (Container, EnvVar...) keep their upstream schema without one.
 */
class CrdSchemaTest {
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_PACKAGE = PodPreset.class.getPackageName();

    record Crd(String file, Class<?> type) {
        JsonNode version() throws IOException {
            return new YAMLMapper().readTree(GENERATED.resolve(file).toFile()).at("/spec/versions/0");
        }

        @Override
        public String toString() {
            return type.getSimpleName();
        }
    }

    static List<Crd> crds() {
        return List.of(new Crd("podpresets.podpreset.dev-v1.yml", PodPreset.class),
                new Crd("clusterpodpresets.podpreset.dev-v1.yml", ClusterPodPreset.class));
    }

    @ParameterizedTest
    @MethodSource("crds")
    void everyPropertyOfOurTypesHasADescription(Crd crd) throws IOException {
        JsonNode root = crd.version().at("/schema/openAPIV3Schema");
        List<String> undocumented = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String top : List.of("spec", "status")) {
            JavaType type = propertyType(JSON.constructType(crd.type()), top);
            if (type != null && isOurs(type)) {
                collectUndocumented(root.path("properties").path(top), type, top, undocumented, checked);
            }
        }
        assertTrue(undocumented.isEmpty(), "properties without @JsonPropertyDescription: " + undocumented);
        assertTrue(checked.containsAll(List.of("spec.selector", "spec.env", "spec.onConflict")), checked::toString);
    }

    @ParameterizedTest
    @MethodSource("crds")
    void onConflictDefaultsToSkip(Crd crd) throws IOException {
        JsonNode onConflict = crd.version().at("/schema/openAPIV3Schema/properties/spec/properties/onConflict");
        assertEquals("Skip", onConflict.path("default").asText());
    }

    @ParameterizedTest
    @MethodSource("crds")
    void listsAreBoundedForCelCostEstimates(Crd crd) throws IOException {
        JsonNode spec = crd.version().at("/schema/openAPIV3Schema/properties/spec/properties");
        List<String> unbounded = new ArrayList<>();
        spec.fields().forEachRemaining(field -> {
            JsonNode p = field.getValue();
            if ("array".equals(p.path("type").asText()) && !p.has("maxItems")
                    || p.has("additionalProperties") && !p.has("maxProperties")) {
                unbounded.add(field.getKey());
            }
        });
        assertTrue(unbounded.isEmpty(), "without maxItems/maxProperties: " + unbounded);
        assertEquals(63, spec.at("/targetContainers/items/maxLength").asInt());
    }

    @ParameterizedTest
    @MethodSource("crds")
    void kubectlShowsAgeAndTheCategory(Crd crd) throws IOException {
        JsonNode version = crd.version();
        List<String> columns = new ArrayList<>();
        version.path("additionalPrinterColumns").forEach(c -> columns.add(c.path("name").asText()));
        assertTrue(columns.contains("Age"), columns::toString);
        for (JsonNode c : version.path("additionalPrinterColumns")) {
            if (c.path("name").asText().equals("Age")) {
                assertEquals(".metadata.creationTimestamp", c.path("jsonPath").asText());
                assertEquals("date", c.path("type").asText());
            }
        }
        JsonNode names = new YAMLMapper().readTree(GENERATED.resolve(crd.file()).toFile()).at("/spec/names");
        assertEquals(Set.of(PodPreset.CATEGORY), Set.of(names.path("categories").get(0).asText()));
    }

    @ParameterizedTest
    @MethodSource("crds")
    void kubectlShowsTheModeAndWithWideOutputTheDescriptionAndTheAuditCounts(Crd crd) throws IOException {
        assertColumn(crd, "Mode", ".spec.mode", 0);
        assertColumn(crd, "Description", ".spec.description", 1);
        assertColumn(crd, "Would-Apply", ".status.pods.wouldApply", 1);
        assertColumn(crd, "Would-Conflict", ".status.pods.wouldConflict", 1);
        JsonNode spec = crd.version().at("/schema/openAPIV3Schema/properties/spec/properties");
        assertEquals("Enforce", spec.at("/mode/default").asText());
        assertEquals(256, spec.at("/description/maxLength").asInt());
    }

    /** Priority 0 is shown by kubectl get, 1 only with -o wide. */
    private static void assertColumn(Crd crd, String name, String jsonPath, int priority) throws IOException {
        for (JsonNode c : crd.version().path("additionalPrinterColumns")) {
            if (c.path("name").asText().equals(name)) {
                assertEquals(jsonPath, c.path("jsonPath").asText(), name);
                assertEquals(priority, c.path("priority").asInt(), name);
                return;
            }
        }
        throw new AssertionError("no printer column " + name);
    }

    private static void collectUndocumented(JsonNode schema, JavaType type, String path, List<String> out, List<String> checked) {
        for (BeanPropertyDefinition property : properties(type)) {
            String childPath = path + "." + property.getName();
            checked.add(childPath);
            JsonNode child = schema.path("properties").path(property.getName());
            if (child.isMissingNode()) {
                out.add(childPath + " (not in the schema)");
                continue;
            }
            if (child.path("description").asText().isBlank()) {
                out.add(childPath);
            }
            JavaType childType = property.getPrimaryType();
            JsonNode childSchema = child;
            if (childType.isCollectionLikeType()) {
                childType = childType.getContentType();
                childSchema = child.path("items");
            } else if (childType.isMapLikeType()) {
                childType = childType.getContentType();
                childSchema = child.path("additionalProperties");
            }
            if (isOurs(childType) && !childType.isEnumType()) {
                collectUndocumented(childSchema, childType, childPath, out, checked);
            }
        }
    }

    private static List<BeanPropertyDefinition> properties(JavaType type) {
        return JSON.getSerializationConfig().introspect(type).findProperties();
    }

    private static JavaType propertyType(JavaType owner, String name) {
        return properties(owner).stream().filter(p -> p.getName().equals(name))
                .map(BeanPropertyDefinition::getPrimaryType).findFirst().orElse(null);
    }

    private static boolean isOurs(JavaType type) {
        return type.getRawClass().getPackageName().equals(API_PACKAGE);
    }
}
