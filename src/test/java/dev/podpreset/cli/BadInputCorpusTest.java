package dev.podpreset.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every command over a corpus of bad inputs, in every place an input can be given: each run ends with
 * exit 1 or 2 and a message, never a stack trace or an exception's name.
 */
class BadInputCorpusTest {
    @TempDir
    static Path dir;
    private static final Map<String, byte[]> CORPUS = new LinkedHashMap<>();

    private static void add(String name, String content) {
        CORPUS.put(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void corpus() throws IOException {
        add("empty.yaml", "");
        add("comments.yaml", "# nothing here\n---\n");
        add("unclosed.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [a\n");
        add("tabs.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n");
        add("indent.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n labels: {}\n");
        add("undefined-alias.yaml", "apiVersion: v1\nkind: Pod\nmetadata: *nope\n");
        add("recursive-alias.yaml", "apiVersion: v1\nkind: Pod\nmetadata: &m {labels: *m}\n");
        add("merge-scalar.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {<<: 1, name: a}\n");
        add("null-key.yaml", "apiVersion: v1\nkind: Pod\n~: x\n");
        add("complex-key.yaml", "apiVersion: v1\nkind: Pod\n? [a, b]\n: c\n");
        add("infinity.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: .inf}\n");
        add("scalar.yaml", "just a string\n");
        add("sequence.yaml", "- a\n- b\n");
        add("list-of-scalars.yaml", "apiVersion: v1\nkind: List\nitems: [1, two, null]\n");
        add("pod-containers-scalar.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: team-a}\n"
                + "spec: {containers: x}\n");
        add("pod-metadata-list.yaml", "apiVersion: v1\nkind: Pod\nmetadata: [a]\nspec: {containers: []}\n");
        add("deployment-template-scalar.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n"
                + "spec: {template: x}\n");
        add("deployment-spec-number.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n"
                + "spec: {template: {spec: 5}}\n");
        add("preset-nulls.yaml", "apiVersion: podpreset.dev/v1alpha1\nkind: PodPreset\nmetadata: {name: a}\n"
                + "spec: {env: [null], volumes: ~}\n");
        add("preset-types.yaml", "apiVersion: podpreset.dev/v1alpha1\nkind: ClusterPodPreset\nmetadata: {name: a}\n"
                + "spec: {env: x, selector: 5, tolerations: [{tolerationSeconds: abc}]}\n");
        add("preset-without-name.yaml", "apiVersion: podpreset.dev/v1alpha1\nkind: PodPreset\nspec: {env: []}\n");
        add("preset-kind-typo.yaml", "apiVersion: podpreset.dev/v1alpha1\nkind: PodPresett\nmetadata: {name: a}\n");
        add("json-broken.json", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n \"metadata\": }\n");
        add("json-flow-yaml.yaml", "{apiVersion: v1, kind: Pod}\n");
        add("control-characters.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: \u0007}\n");
        add("bom-garbage.yaml", "\uFEFF:\n:\n");
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 9; k++) {
                bomb.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        add("alias-bomb.yaml", bomb.toString());
        add("deep.yaml", "a: " + "[".repeat(1100) + "]".repeat(1100) + "\n");
        byte[] garbage = new byte[4096];
        new Random(20).nextBytes(garbage);
        CORPUS.put("binary.yaml", garbage);
        CORPUS.put("not-utf8.yaml", new byte[] {'a', ':', ' ', (byte) 0xc3, (byte) 0x28, '\n'});
        for (Map.Entry<String, byte[]> e : CORPUS.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        Files.createDirectories(dir.resolve("empty-dir"));
        Files.createDirectories(dir.resolve("presets"));
        Files.writeString(dir.resolve("presets/p.yaml"), """
                apiVersion: podpreset.dev/v1alpha1
                kind: ClusterPodPreset
                metadata: {name: p}
                spec: {env: [{name: A, value: b}]}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: team-a, labels: {podpreset.dev/injection: enabled}}
                """);
        Files.writeString(dir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: team-a}\n"
                + "spec: {containers: [{name: a, image: a}]}\n");
    }

    /**
     * The command lines that take {@code input} in each place an input goes; a preset document is a fine
     * manifest (passed through), so those are bad only where presets go.
     */
    private static List<List<String>> commandLines(String input) throws IOException {
        String suiteOfResources = "suite-resources-" + input + ".yaml";
        String suiteOfPresets = "suite-presets-" + input + ".yaml";
        Files.writeString(dir.resolve(suiteOfResources), "presets: [presets]\nresources: [" + input + "]\nresults:\n"
                + "  - {resource: Pod/team-a/a, preset: ClusterPodPreset/p, result: applied}\n");
        Files.writeString(dir.resolve(suiteOfPresets), "presets: [" + input + "]\nresources: [pod.yaml]\nresults:\n"
                + "  - {resource: Pod/team-a/a, preset: ClusterPodPreset/p, result: applied}\n");
        List<List<String>> asPresets = List.of(
                List.of("inject", "--presets", input, "-f", "pod.yaml"),
                List.of("explain", "--presets", input, "-f", "pod.yaml"),
                List.of("validate", input),
                List.of("test", input),
                List.of("test", suiteOfPresets));
        if (input.startsWith("preset-")) {
            return asPresets;
        }
        List<List<String>> all = new ArrayList<>(asPresets);
        all.addAll(List.of(
                List.of("inject", "--presets", "presets", "-f", input),
                List.of("inject", "--presets", "presets", "-f", input, "--diff"),
                List.of("inject", "--presets", "presets", "-f", input, "-o", "json"),
                List.of("explain", "--presets", "presets", "-f", input),
                List.of("test", suiteOfResources)));
        return all;
    }

    @Test
    @Timeout(300)
    void everyCommandFailsCleanlyOnEveryBadInput() throws IOException {
        List<String> inputs = new ArrayList<>(CORPUS.keySet());
        inputs.add("empty-dir");
        inputs.add("no-such-file.yaml");
        List<String> wrong = new ArrayList<>();
        int runs = 0;
        for (String input : inputs) {
            for (List<String> line : commandLines(input)) {
                CliCase.Run run = CliCase.run(dir, line, new byte[0]);
                runs++;
                String output = run.out() + run.err();
                if ((run.exit() != ExitCodes.FAILED && run.exit() != ExitCodes.USAGE) || output.contains("Exception")
                        || output.contains("\tat ") || output.isBlank()) {
                    wrong.add(String.join(" ", line) + " -> exit " + run.exit() + "\n" + output);
                }
            }
            if (input.startsWith("preset-")) {
                continue;
            }
            // The same bytes from standard input.
            byte[] stdin = Files.isRegularFile(dir.resolve(input)) ? Files.readAllBytes(dir.resolve(input)) : new byte[0];
            CliCase.Run run = CliCase.run(dir, List.of("inject", "--presets", "presets", "-f", "-"), stdin);
            runs++;
            if (run.exit() != ExitCodes.FAILED || (run.out() + run.err()).contains("Exception")) {
                wrong.add("inject -f - < " + input + " -> exit " + run.exit() + "\n" + run.out() + run.err());
            }
            // As a chart values file only an unreadable one fails, but none throws.
            CliCase.Run values = CliCase.run(dir, List.of("inject", "--presets", "presets", "-f", "pod.yaml",
                    "--values", input), new byte[0]);
            runs++;
            if ((values.out() + values.err()).contains("Exception")) {
                wrong.add("--values " + input + "\n" + values.err());
            }
        }
        assertEquals(List.of(), wrong, wrong.size() + " of " + runs + " runs");
    }
}
