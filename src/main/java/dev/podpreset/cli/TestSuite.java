package dev.podpreset.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.podpreset.api.Violation;
import dev.podpreset.presets.SourceDocument;
import dev.podpreset.presets.YamlDocuments;
import dev.podpreset.presets.YamlSyntaxException;
import dev.podpreset.presets.PresetDocuments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** What the webhook does with one preset for one resource. */
    enum Result {
        APPLIED, SKIPPED, REJECTED, NOT_SELECTED,
        /** An audit preset's outcomes: what it would do if enforced (the resource is unchanged but for an annotation). */
        WOULD_APPLY, WOULD_CONFLICT;

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
                    + "\": expected applied, skipped, rejected, not-selected, would-apply or would-conflict");
        }
    }

    /**
     * @param resource        {@code Kind/namespace/name}, or {@code Kind/name} in the suite's namespace
     * @param preset          {@code ClusterPodPreset/name} or {@code PodPreset/namespace/name}; with {@code result}
     * @param result          applied, skipped, rejected, not-selected, would-apply or would-conflict (audit presets)
     * @param patchedResource optional file holding the resource as it must be after injection
     */
    record Expectation(String resource, String preset, String result, String patchedResource) {
    }

    /** A suite and the document it was read from, for the lines of its fields. */
    record Loaded(TestSuite suite, SourceDocument source) {
    }

    /** Reads and checks a suite; every problem is an IOException whose message names {@code shown} and the line. */
    static Loaded read(Path file, String shown) throws IOException {
        SourceDocument doc;
        try {
            List<SourceDocument> docs = YamlDocuments.read(shown, Files.readAllBytes(file));
            if (docs.isEmpty()) {
                throw new IOException(shown + ": empty file");
            }
            doc = docs.get(0);
        } catch (YamlSyntaxException e) {
            throw new IOException(e.getMessage());
        }
        TestSuite suite;
        try {
            suite = MAPPER.treeToValue(doc.node(), TestSuite.class);
        } catch (JsonMappingException e) {
            Violation v = PresetDocuments.violation(e);
            throw new IOException(doc.at(v.field()) + ": " + v);
        }
        List<Violation> problems = suite.problems();
        if (!problems.isEmpty()) {
            throw new IOException(doc.at(problems.get(0).field()) + ": " + Violation.join(problems));
        }
        return new Loaded(suite, doc);
    }

    private List<Violation> problems() {
        List<Violation> out = new ArrayList<>();
        if (presets == null || presets.isEmpty()) {
            out.add(new Violation("presets", "Required value"));
        }
        if (resources == null || resources.isEmpty()) {
            out.add(new Violation("resources", "Required value"));
        }
        if (results == null || results.isEmpty()) {
            out.add(new Violation("results", "Required value"));
            return out;
        }
        for (int i = 0; i < results.size(); i++) {
            Expectation e = results.get(i);
            String at = "results[" + i + "]";
            if (e.resource() == null) {
                out.add(new Violation(at + ".resource", "Required value"));
            }
            if ((e.preset() == null) != (e.result() == null)) {
                out.add(new Violation(at, "preset and result go together"));
            }
            if (e.result() == null && e.patchedResource() == null) {
                out.add(new Violation(at, "expected preset and result, or patchedResource"));
            }
            if (e.result() != null) {
                try {
                    Result.parse(e.result());
                } catch (IllegalArgumentException x) {
                    out.add(new Violation(at + ".result", x.getMessage().substring("result: ".length())));
                }
            }
        }
        return out;
    }
}
