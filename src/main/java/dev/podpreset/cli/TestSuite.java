package dev.podpreset.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.podpreset.presets.PresetDocuments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One {@code podpreset-test.yaml}: presets, resources and the expected result per resource and preset.
 * Paths are relative to the file. See the README ("Test presets in CI") for the format.
 *
 * @param name             shown in the table; defaults to the directory
 * @param presets          preset files or directories (Namespaces in them give namespace labels)
 * @param resources        manifest files
 * @param namespace        for resources without metadata.namespace (default {@code default})
 * @param values           optional chart values file for the webhook's selectors
 * @param releaseNamespace the release namespace, never injected (default {@code podpreset-system})
 * @param results          the expectations
 */
record TestSuite(String name, List<String> presets, List<String> resources, String namespace, String values,
                 String releaseNamespace, List<Expectation> results) {
    static final String FILE_NAME = "podpreset-test.yaml";
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** What the webhook does with one preset for one resource. */
    enum Result {
        APPLIED, SKIPPED, REJECTED, NOT_SELECTED;

        String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Result parse(String text) {
            for (Result r : values()) {
                if (r.text().equals(text)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("result: Unsupported value \"" + text
                    + "\": expected applied, skipped, rejected or not-selected");
        }
    }

    /**
     * @param resource        {@code Kind/namespace/name}, or {@code Kind/name} in the suite's namespace
     * @param preset          {@code ClusterPodPreset/name} or {@code PodPreset/namespace/name}; with {@code result}
     * @param result          applied, skipped, rejected or not-selected
     * @param patchedResource optional file holding the resource as it must be after injection
     */
    record Expectation(String resource, String preset, String result, String patchedResource) {
    }

    static TestSuite read(Path file) throws IOException {
        TestSuite suite;
        try {
            suite = YAML.readValue(file.toFile(), TestSuite.class);
        } catch (JsonMappingException e) {
            throw new IOException(PresetDocuments.violation(e).toString());
        }
        if (suite == null) {
            throw new IOException("empty file");
        }
        suite.check();
        return suite;
    }

    private void check() throws IOException {
        if (presets == null || presets.isEmpty()) {
            throw new IOException("presets: Required value");
        }
        if (resources == null || resources.isEmpty()) {
            throw new IOException("resources: Required value");
        }
        if (results == null || results.isEmpty()) {
            throw new IOException("results: Required value");
        }
        for (int i = 0; i < results.size(); i++) {
            Expectation e = results.get(i);
            String at = "results[" + i + "]";
            if (e.resource() == null) {
                throw new IOException(at + ".resource: Required value");
            }
            if ((e.preset() == null) != (e.result() == null)) {
                throw new IOException(at + ": preset and result go together");
            }
            if (e.result() == null && e.patchedResource() == null) {
                throw new IOException(at + ": expected preset and result, or patchedResource");
            }
            if (e.result() != null) {
                try {
                    Result.parse(e.result());
                } catch (IllegalArgumentException x) {
                    throw new IOException(at + "." + x.getMessage());
                }
            }
        }
    }
}
